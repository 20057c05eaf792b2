"""Known-answer tests from proofs.md §2.3, §4.6, §4.7, §6.6."""
import hashlib
from filcore import *
from filcore import _self_test_chacha
from poseidon import poseidon, from_limbs

def check(name, got, want):
    ok = got == want
    print(('PASS' if ok else 'FAIL'), name, got if not ok else '')
    return ok

res = []
_self_test_chacha(); print('PASS ChaCha20/ChaCha8 zero-key keystream vectors')
# §2.3
res.append(check('Z[1]', zero_comm(1).hex(), 'f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb0b'))
res.append(check('Z[6]', zero_comm(6).hex(), 'fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833'))
res.append(check('Z[6] via tree over 2KiB zeros', sha_tree_root([bytes(32)] * 64).hex(), 'fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833'))
res.append(check('Z[30]', zero_comm(30).hex(), '077e5fde35c50a9303a55009e3498a4ebedff39c42b710b730d8ec7ac7afa63e'))
# §2.5 CommP fixture (also exercises fr32 padding)
d = bytes([0]) * 127 + bytes([1]) * 127 + bytes([2]) * 127 + bytes([3]) * 127
pd = fr32_pad(d)
res.append(check('CommP 127x00..127x03 (fr32 pad)', sha_tree_root([pd[i:i+32] for i in range(0, len(pd), 32)]).hex(),
                 '496dae0cc9e265efe5a006e80626a5dc5c409e5d3155c13984caf6c8d5cfd605'))
# §4.6 parent caches
for pid, want in [(0, '3da49221e2ed55371b86d0bf3d6526fcf128af61bed904f966428db1b531750d'),
                  (5, '840057702eea7652cf97e04306c30fe57174714d90de156a25eddd6075c25b97'),
                  (10, '0c9ac05c2f3221deff12ab7b098acc90d974c3db61925b8429537e06c6062621'),
                  (15, '3f5bf8010fc1cefce85a00045fad10a7abe09ab9e97d5ad9d1a08ff834ac5590')]:
    g = Graph(64, porep_id_for(pid), legacy=pid <= 4)
    res.append(check(f'parent cache 2KiB id {pid}', hashlib.sha256(g.parent_cache_bytes()).hexdigest(), want))
# §4.7 label KATs
for nodes, pbyte, legacy, want in [
        (64, 0, True, '04ba0f9a6ba9fad35e4806d183a281eab3c25afa9a1bd5e3378da6f1f4f46204'),
        (128, 0, True, '86daa8c4521e197e48c1fae6c9a1e85ab894a8883b9f23cebe531ddcd1004c23'),
        (64, 123, False, 'cfef0db78bf3b3ab9f1169774d2e7a77bc9054499d954834b51ca7c788110206'),
        (128, 123, False, '6d67c468cf81ab2289c1c9c72fa8777a232de4c1323dc0c6bd552ccc187c770f')]:
    g = Graph(nodes, bytes([pbyte]) * 32, legacy)
    L = label_layers(g, bytes([9]) * 32, 11)
    res.append(check(f'SDR label KAT {nodes*32}B porep_id [{pbyte};32] {"V1_0" if legacy else "V1_1"}', L[-1][-1].hex(), want))
# §6.6 Poseidon
for ar, lim in [(2, [0x2e203c369a02e7ff, 0xa6fba9339d05a69d, 0x739e0fd902efe161, 0x396508d75e76a56b]),
                (4, [0x019814ff6662075d, 0xfb6b4605bf1327ec, 0x00db3c6579229399, 0x58a54b10a9e5848a]),
                (8, [0x2a9934f56d38a5e6, 0x4b682e9d9cc4aed9, 0x1201004211677077, 0x2394611da3a5de55]),
                (11, [0xcee3bbc32b693163, 0x09f3dcd8ccb08fc1, 0x6ca537e232ebe87a, 0x0c0fc1b2e5227f28]),
                (16, [0x1291c74060266d37, 0x5b8dbc6d30680a6f, 0xc1c2fb5a6f871e63, 0x2d3ae2663381ae8a])]:
    res.append(check(f'neptune Poseidon arity {ar} [0..{ar-1}]', hex(poseidon(list(range(ar)))), hex(from_limbs(lim))))
h10 = poseidon([1, 0]); h01 = poseidon([0, 1])
res.append(check('filecoin-hashers Poseidon2(1,0)', hex(h10), hex(from_limbs([0xb339ff6079800b5e, 0xec5907b3dc3094af, 0x93c003cc74a24f26, 0x042f94ffbe786bc3]))))
res.append(check('filecoin-hashers binary tree [1,0,0,1]', hex(poseidon([h10, h01])), hex(from_limbs([0xefbb8be3e291e671, 0x77cc72b8cb2b5ad2, 0x30eb6385ae6b74ae, 0x1effebb7b26ad9eb]))))
print(f'{sum(res)}/{len(res)} KATs passed')
raise SystemExit(0 if all(res) else 1)
