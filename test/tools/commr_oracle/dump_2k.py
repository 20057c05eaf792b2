# dumps unpadded data + both label layers (hex) as JSON for the npm cross-check
import json, runpy, io, contextlib
with contextlib.redirect_stdout(io.StringIO()):
    g = runpy.run_path(__import__('os').path.join(__import__('os').path.dirname(__file__), 'commr_2k.py'))
print(json.dumps({'unpadded': g['unpadded'].hex(), 'l1': [x.hex() for x in g['layers'][0]], 'l2': [x.hex() for x in g['layers'][1]]}))
