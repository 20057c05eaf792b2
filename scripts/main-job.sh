#!/usr/bin/env bash
# Fresh machine -> installed, built, and the main job run. Until the embedded devnet exists the
# main job is what is real so far: a miner repo is initialised, the miner daemon serves the
# lotus JSON-RPC API, curl and the CLI call it over HTTP, and it is stopped cleanly;
# then a 2 KiB sector goes through the whole CPU sealing pipeline.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh

bin=$PWD/build/lotus-miner
work=$(mktemp -d /tmp/tessera-main.XXXXXX)
export LOTUS_MINER_PATH=$work/miner
cleanup() { "$bin" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

echo "== init (offline, actor f01000) in $LOTUS_MINER_PATH"
"$bin" init --actor f01000 --sector-size 2KiB
echo "== run (API on an ephemeral port)"
"$bin" run --miner-api 0 > "$work/miner.log" 2>&1 &
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
echo "== stop"
"$bin" stop
wait
echo "== miner log (last lines)"
tail -n 8 "$work/miner.log"
test ! -e "$LOTUS_MINER_PATH/api" && echo "api file removed on clean shutdown"
echo "== lotus-bench sealing: a 2 KiB sector sealed, proved (vanilla) and verified"
FIL_PROOFS_PARENT_CACHE=$work/parents "$PWD/build/lotus-bench" sealing --sector-size 2KiB --storage-dir "$work/bench"
