#!/usr/bin/env bash
# Fresh machine -> installed, built, and the main job run: the embedded devnet starts, a miner
# actor is created on it by `lotus-miner init`, the miner daemon serves the lotus JSON-RPC API
# and the CLI drives both (info, actor set-addrs, proving info); the miner seals a pledged 2 KiB
# sector to Proving on the devnet — C2 a Groth16 proof the devnet verifies, under tessera's
# devnet parameters that `lotus-bench paramgen` writes once — then a lotus-worker joins and the
# next one is sealed; finally lotus-bench seals, proves and verifies a 2 KiB sector alone.
# (PoSt comes with a later issue.) TESSERA_PROOFS=vanilla runs it with the test tool's vanilla
# proofs instead (no parameters, no Groth16 time).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh

bin=$PWD/build/lotus-miner
devnet=$PWD/build/lotus-devnet
work=$(mktemp -d /tmp/tessera-main.XXXXXX)
export LOTUS_MINER_PATH=$work/miner
cleanup() {
  "$bin" stop >/dev/null 2>&1 || true
  [ -n "${devnet_pid:-}" ] && kill "$devnet_pid" 2>/dev/null || true
}
trap cleanup EXIT

echo "== Groth16 parameters: tessera's devnet ones for 2 KiB in" \
  "${FIL_PROOFS_PARAMETER_CACHE:-/var/tmp/filecoin-proof-parameters} (the PoRep ones: minutes, once)"
commit2_flags=()
if [ "${TESSERA_PROOFS:-snark}" = snark ]; then
  "$PWD/build/lotus-bench" paramgen --sector-size 2KiB
else
  "$PWD/build/lotus-bench" paramgen --sector-size 2KiB --circuit window --circuit winning
  commit2_flags=(--skip-commit2)
fi
echo "== devnet (1 s epochs) in $work/devnet"
"$devnet" --repo "$work/devnet" run --api 0 --epoch 1s > "$work/devnet.log" 2>&1 &
devnet_pid=$!
for _ in $(seq 100); do [ -s "$work/devnet/api" ] && break; sleep 0.1; done
eval "export $("$devnet" --repo "$work/devnet" api-info)"
echo "== init: CreateMiner through the devnet"
"$bin" init --sector-size 2KiB
echo "== run (API on an ephemeral port)"
"$bin" run --miner-api 0 > "$work/miner.log" 2>&1 &
miner_pid=$!
"$bin" wait-api --timeout 30s
echo "== API info"
"$bin" auth api-info --perm admin
eval "export $("$bin" auth api-info --perm admin)"
addr=$(cat "$LOTUS_MINER_PATH/api")
port=${addr#*/tcp/}; port=${port%%/*}
echo "== Filecoin.Version over HTTP"
curl -s -H "Authorization: Bearer ${MINER_API_INFO%%:*}" -H 'Content-Type: application/json' \
  -d '{"jsonrpc":"2.0","id":1,"method":"Filecoin.Version","params":[]}' "http://127.0.0.1:$port/rpc/v0"
echo
echo "== CLI calls over the API"
"$bin" version
"$bin" log list | head -5
echo "== metrics"
curl -s "http://127.0.0.1:$port/debug/metrics" | grep -E '^tessera_rpc_requests_total' | head -5
echo "== the miner actor on chain"
"$bin" info
"$bin" actor set-addrs /ip4/127.0.0.1/tcp/24001
"$bin" actor control list
"$bin" proving info
echo "== sealing: the miner's own worker seals a pledged sector to Proving"
"$bin" sectors pledge
wait_proving() {
  for _ in $(seq 900); do  # C2 of a 2 KiB sector takes about 100 s on two cores
    "$bin" sectors status "$1" | grep -q '^Status:.*Proving' && return 0
    sleep 0.5
  done
  "$bin" sectors status --log "$1"; return 1
}
wait_proving 0
"$bin" sectors list
"$bin" sectors status --log 0 | head -24 | cut -c1-150
echo "== a lotus-worker joins (lotus's worker protocol); the scheduler places the next sector"
"$PWD/build/lotus-worker" --worker-repo "$work/worker" run --listen 127.0.0.1:0 --name demo-worker \
  > "$work/worker.log" 2>&1 &
worker_pid=$!
for _ in $(seq 100); do "$bin" sealing workers | grep -q demo-worker && break; sleep 0.2; done
"$bin" sealing workers
"$bin" sectors pledge
wait_proving 1
"$bin" sectors list
"$bin" proving deadlines | head -8
"$bin" proving faults
grep -E 'started|connected' "$work/worker.log" | head -8 || true
echo "== where sector 1 is after finalize: the miner's Seal+Store path (a worker's sectors come there by lotus's MoveStorage)"
"$bin" storage find 1
"$PWD/build/lotus-worker" --worker-repo "$work/worker" info || true
kill "$worker_pid"; wait "$worker_pid" || true
curl -s "http://127.0.0.1:$port/debug/metrics" | grep -E '^tessera_(sealing_calls_total|sector_stage_runs_total)' | head -8
echo "== devnet metrics"
daddr=$(cat "$work/devnet/api"); dport=${daddr#*/tcp/}; dport=${dport%%/*}
curl -s "http://127.0.0.1:$dport/debug/metrics" | grep -E '^tessera_rpc_requests_total' | head -5
echo "== stop"
"$bin" stop
wait "$miner_pid"
kill "$devnet_pid"; wait "$devnet_pid" || true
echo "== devnet log (last lines)"
tail -n 4 "$work/devnet.log"
echo "== miner log (last lines)"
tail -n 8 "$work/miner.log"
test ! -e "$LOTUS_MINER_PATH/api" && echo "api file removed on clean shutdown"
echo "== lotus-bench sealing: a 2 KiB sector sealed, proved (C2 and PoSt with Groth16) and verified"
FIL_PROOFS_PARENT_CACHE=$work/parents "$PWD/build/lotus-bench" sealing --sector-size 2KiB \
  --storage-dir "$work/bench" "${commit2_flags[@]}"
