// Cross-check of commr_2k.py's trees with independent npm code: @web3-storage/data-segment Fr32 pad + SHA tree,
// and poseidon-bls12381's permutation via scripts/poseidon_neptune.cjs. Labels come from dump_2k.py (stdin).
import { Fr32 } from '@web3-storage/data-segment'
import { createHash, } from 'node:crypto'
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const { neptuneHash } = require('./scripts/poseidon_neptune.cjs')
const P = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n
const inp = JSON.parse(require('node:fs').readFileSync(0, 'utf8'))
const le = (b) => BigInt('0x' + Buffer.from(b).reverse().toString('hex'))
const hexle = (x) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex').reverse().toString('hex')
const padded = Fr32.pad(Buffer.from(inp.unpadded, 'hex'))
const nodes = []; for (let i = 0; i < 2048; i += 32) nodes.push(Buffer.from(padded.subarray(i, i + 32)))
let row = nodes
while (row.length > 1) { const n = []; for (let i = 0; i < row.length; i += 2) { const h = createHash('sha256').update(Buffer.concat([row[i], row[i+1]])).digest(); h[31] &= 0x3f; n.push(h) } row = n }
const oct = (leaves) => { let r = leaves; while (r.length > 1) { const n = []; for (let i = 0; i < r.length; i += 8) n.push(neptuneHash(r.slice(i, i + 8))); r = n } return r[0] }
const l1 = inp.l1.map((h) => le(Buffer.from(h, 'hex'))), l2 = inp.l2.map((h) => le(Buffer.from(h, 'hex')))
const commC = oct(l1.map((x, i) => neptuneHash([x, l2[i]])))
const commRLast = oct(l2.map((x, i) => (x + le(nodes[i])) % P))
console.log('padded_sha256 ', createHash('sha256').update(padded).digest('hex'))
console.log('comm_d        ', row[0].toString('hex'))
console.log('comm_c        ', hexle(commC))
console.log('comm_r_last   ', hexle(commRLast))
console.log('comm_r        ', hexle(neptuneHash([commC, commRLast])))
