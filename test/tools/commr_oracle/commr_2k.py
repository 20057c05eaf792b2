#!/usr/bin/env python3
"""Independent CPU oracle: seal a 2 KiB sector, RegisteredSealProof 5 (StackedDrg2KiBV1_1), print all commitments.
Run `python3 kats.py` (same dir) for the known-answer tests that validate the building blocks."""
import os, sys, struct
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from filcore import *
from poseidon import poseidon

PROOF_ID = 5
NODES, LAYERS = 64, 2
porep_id = porep_id_for(PROOF_ID)

def uvarint(x):
    out = bytearray()
    while True:
        b = x & 0x7f; x >>= 7
        if x: out.append(b | 0x80)
        else: out.append(b); return bytes(out)

prover_id = uvarint(1000).ljust(32, b'\0')
sector_num = 3
ticket = bytes([7]) * 32
unpadded = bytes(((i * 37 + 11) & 0xff) for i in range(2032))
padded = fr32_pad(unpadded)
assert len(padded) == 2048
data_nodes = [padded[i:i + 32] for i in range(0, 2048, 32)]

comm_d = sha_tree_root(data_nodes)
replica_id = trunc(sha256(prover_id + struct.pack('>Q', sector_num) + ticket + comm_d + porep_id))

g = Graph(NODES, porep_id, legacy=False)
layers = label_layers(g, replica_id, LAYERS)

def oct_root(leaves_fr):
    row = list(leaves_fr)
    while len(row) > 1:
        row = [poseidon(row[i:i + 8]) for i in range(0, len(row), 8)]
    return row[0]

cols = [poseidon([fr_from(layers[0][i]), fr_from(layers[1][i])]) for i in range(NODES)]
comm_c = oct_root(cols)
replica = [(fr_from(layers[-1][i]) + fr_from(data_nodes[i])) % P for i in range(NODES)]
comm_r_last = oct_root(replica)
comm_r = poseidon([comm_c, comm_r_last])

print('prover_id     ', prover_id.hex())
print('porep_id      ', porep_id.hex())
print('padded_sha256 ', sha256(padded).hex())
print('comm_d        ', comm_d.hex())
print('replica_id    ', replica_id.hex())
print('label_l1_n63  ', layers[0][63].hex())
print('label_l2_n63  ', layers[1][63].hex())
print('replica_sha256', sha256(b''.join(fr_to(x) for x in replica)).hex())
print('comm_c        ', fr_to(comm_c).hex())
print('comm_r_last   ', fr_to(comm_r_last).hex())
print('comm_r        ', fr_to(comm_r).hex())
