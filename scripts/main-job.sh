#!/usr/bin/env bash
# Fresh machine -> installed, built, and the main job run: the distributed miner of
# docs/cluster.md on one machine (scripts/cluster-demo.sh): the embedded devnet, a PoSt-miner
# serving sector numbers, a Seal-miner and two lotus-workers seal pledged sectors to Proving with
# Groth16 proofs, WindowPoSt lands and blocks are won; then lotus-bench and the capacity plan.
# Options go to cluster-demo.sh: --sector-size 2KiB|8MiB, --count N, --keep-running, --epoch,
# --challenge-window, --timeout. TESSERA_PROOFS=vanilla runs it with the test tool's vanilla
# proofs (no parameters, no Groth16 time).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
exec ./scripts/cluster-demo.sh "$@"
