"""Independent Python reference for Filecoin SDR sealing primitives (per /work/shared/reference/proofs.md)."""
import hashlib, math, struct

P = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001

def sha256(b): return hashlib.sha256(b).digest()
def trunc(h): return h[:31] + bytes([h[31] & 0x3f])
def fr_from(b): return int.from_bytes(b, 'little')
def fr_to(x): return x.to_bytes(32, 'little')

# ---------- Fr32 padding (LSB-first bit stream, 254 data bits + 2 zero bits) ----------
def fr32_pad(data):
    assert len(data) % 127 == 0
    n = int.from_bytes(data, 'little')
    nbits = len(data) * 8
    out = bytearray()
    for off in range(0, nbits, 254):
        chunk = (n >> off) & ((1 << 254) - 1)
        out += chunk.to_bytes(32, 'little')
    return bytes(out)

# ---------- SHA-256 trunc254 binary tree ----------
def sha_tree_root(leaves):
    row = list(leaves)
    while len(row) > 1:
        row = [trunc(sha256(row[i] + row[i + 1])) for i in range(0, len(row), 2)]
    return row[0]

def zero_comm(level):
    z = bytes(32)
    for _ in range(level): z = trunc(sha256(z + z))
    return z

# ---------- ChaCha8 (rand_chacha 0.3, 64-bit counter, stream 0) ----------
def _rotl(x, n): return ((x << n) | (x >> (32 - n))) & 0xffffffff
def _qr(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & 0xffffffff; s[d] = _rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & 0xffffffff; s[b] = _rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & 0xffffffff; s[d] = _rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & 0xffffffff; s[b] = _rotl(s[b] ^ s[c], 7)

def chacha_block(key_words, counter, rounds=8):
    init = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574] + list(key_words) + \
           [counter & 0xffffffff, counter >> 32, 0, 0]
    s = list(init)
    for _ in range(rounds // 2):
        _qr(s, 0, 4, 8, 12); _qr(s, 1, 5, 9, 13); _qr(s, 2, 6, 10, 14); _qr(s, 3, 7, 11, 15)
        _qr(s, 0, 5, 10, 15); _qr(s, 1, 6, 11, 12); _qr(s, 2, 7, 8, 13); _qr(s, 3, 4, 9, 14)
    return [(s[i] + init[i]) & 0xffffffff for i in range(16)]

class ChaCha8Rng:
    def __init__(self, seed32):
        self.key = struct.unpack('<8I', seed32)
        self.ctr = 0; self.buf = []
    def u32(self):
        if not self.buf:
            self.buf = chacha_block(self.key, self.ctr, 8); self.ctr += 1
        return self.buf.pop(0)
    def u64(self):
        lo = self.u32(); hi = self.u32()
        return (hi << 32) | lo

def _self_test_chacha():
    # RFC 7539-style check is for ChaCha20 w/ 96-bit nonce; check ChaCha20 with zero key/nonce instead:
    # known first keystream block of ChaCha20, key=0, nonce=0, counter=0: 76b8e0ad a0f13d90 ...
    b = chacha_block([0]*8, 0, 20)
    assert struct.pack('<16I', *b)[:8].hex() == '76b8e0ada0f13d90', struct.pack('<16I', *b).hex()
    # ChaCha8 key=0 nonce=0: 3e00ef2f895f40d6 (from the estream/ECRYPT test vectors)
    b = chacha_block([0]*8, 0, 8)
    assert struct.pack('<16I', *b)[:8].hex() == '3e00ef2f895f40d6', struct.pack('<16I', *b).hex()

# ---------- Graph ----------
BASE_DEGREE = 6
EXP_DEGREE = 8

def porep_id_for(proof_id):
    return struct.pack('<QQ', proof_id, 0) + bytes(16)

class Graph:
    def __init__(self, nodes, porep_id, legacy):
        self.n = nodes; self.legacy = legacy
        self.drg_seed = sha256(b'Filecoin_DRSample' + porep_id)[:28]
        self.fkeys = struct.unpack('<4Q', sha256(b'Filecoin_Feistel' + porep_id))
        N = nodes * EXP_DEGREE
        nxt, log4 = 4, 1
        while nxt < N: nxt *= 4; log4 += 1
        self.half_bits = log4
        self.right_mask = (1 << log4) - 1
        self.left_mask = self.right_mask << log4
        self.N = N

    def base_parents(self, v):
        m = BASE_DEGREE
        if v < 2: return [0] * m
        rng = ChaCha8Rng(self.drg_seed + struct.pack('<I', v))
        mp = m - 1
        meta = v * mp
        nb = math.ceil(math.log2(meta))
        rnd = []
        for _ in range(mp):
            bucket = rng.u64() % nb + 1
            largest = min(meta, 1 << bucket)
            smallest = max(2, largest >> 1)
            dist = smallest + rng.u64() % (largest - smallest + 1)
            par = (meta - dist) // mp
            rnd.append(v - 1 if par == v else par)
        return rnd + [v - 1] if self.legacy else [v - 1] + rnd

    def _feistel(self, r, key):
        h = hashlib.blake2b(struct.pack('>QQ', r, key), digest_size=64).digest()
        return int.from_bytes(h[:8], 'big') & self.right_mask

    def _encode(self, x):
        L = (x & self.left_mask) >> self.half_bits
        R = x & self.right_mask
        for key in self.fkeys[:3]:
            L, R = R, L ^ self._feistel(R, key)
        return (L << self.half_bits) | R

    def permute(self, x):
        u = self._encode(x)
        while u >= self.N: u = self._encode(u)
        return u

    def exp_parents(self, v):
        out = []
        for i in range(EXP_DEGREE):
            t = self.permute(v * EXP_DEGREE + i)
            if self.legacy: t &= 0xffffffff
            out.append(t // EXP_DEGREE)
        return out

    def parents(self, v):
        return self.base_parents(v) + self.exp_parents(v)

    def parent_cache_bytes(self):
        return b''.join(struct.pack('<14I', *self.parents(v)) for v in range(self.n))

# ---------- SDR labelling ----------
def label_layers(graph, replica_id, layers):
    parents = [graph.parents(v) for v in range(graph.n)]
    out = []
    prev = None
    for l in range(1, layers + 1):
        cur = []
        for v in range(graph.n):
            msg = replica_id + struct.pack('>IQ', l, v) + bytes(20)
            if v > 0:
                ps = parents[v]
                if l == 1:
                    plist = [cur[p] for p in ps[:6]]
                else:
                    plist = [cur[p] for p in ps[:6]] + [prev[p] for p in ps[6:]]
                full = [plist[i % len(plist)] for i in range(37)]
                msg += b''.join(full)
            cur.append(trunc(sha256(msg)))
        out.append(cur)
        prev = cur
    return out
