"""Neptune-compatible Poseidon (Standard strength, MerkleTree hash type) over BLS12-381 Fr, per proofs.md §6."""
from filcore import P

R_F = 8
R_P = {3: 55, 5: 56, 9: 57, 12: 57, 17: 59, 25: 59, 37: 60}

def _grain_bits(t, rf, rp):
    init = []
    def push(val, n):
        for i in range(n - 1, -1, -1): init.append((val >> i) & 1)
    push(1, 2); push(1, 4); push(255, 12); push(t, 12); push(rf, 10); push(rp, 10); push((1 << 30) - 1, 30)
    assert len(init) == 80
    st = init
    def nxt():
        nonlocal st
        b = st[62] ^ st[51] ^ st[38] ^ st[23] ^ st[13] ^ st[0]
        st = st[1:] + [b]
        return b
    for _ in range(160): nxt()
    while True:
        a = nxt(); b = nxt()
        if a == 1: yield b

def round_constants(t, rf, rp):
    g = _grain_bits(t, rf, rp)
    out = []
    while len(out) < (rf + rp) * t:
        x = 0
        for _ in range(255): x = (x << 1) | next(g)
        if x < P: out.append(x)
    return out

def mds(t):
    return [[pow((i + (t + j)) % P, P - 2, P) for j in range(t)] for i in range(t)]

_cache = {}
def constants(arity):
    if arity not in _cache:
        t = arity + 1
        rp = R_P[t]
        _cache[arity] = (t, rp, round_constants(t, R_F, rp), mds(t))
    return _cache[arity]

def poseidon(inputs, arity=None):
    arity = arity or len(inputs)
    t, rp, rc, M = constants(arity)
    s = [(1 << arity) - 1] + [x % P for x in inputs] + [0] * (arity - len(inputs))
    k = 0
    half = R_F // 2
    for r in range(R_F + rp):
        s = [(s[i] + rc[k + i]) % P for i in range(t)]; k += t
        if r < half or r >= half + rp:
            s = [pow(x, 5, P) for x in s]
        else:
            s[0] = pow(s[0], 5, P)
        s = [sum(M[i][j] * s[j] for j in range(t)) % P for i in range(t)]
    return s[1]

def limbs(x):
    return [(x >> (64 * i)) & 0xffffffffffffffff for i in range(4)]
def from_limbs(l):
    return sum(v << (64 * i) for i, v in enumerate(l))
