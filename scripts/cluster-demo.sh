#!/usr/bin/env bash
# The distributed miner of docs/cluster.md on one machine, from built binaries: the embedded
# devnet; a PoSt-miner that creates the actor and serves sector numbers (--sctype=alloce), the
# sector index and the mining lease, proves WindowPoSt and mines; a Seal-miner of the same actor
# taking numbers from it (--sctype=get); two lotus-workers sealing for the Seal-miner. Pledges
# sectors and shows progress until every sector is Proving with power on chain, a WindowPoSt has
# landed and the PoSt-miner has won a block; then a lotus-bench run and the capacity plan it
# gives next to what the cluster measured. Exits non-zero when a goal is not reached in time.
#
#   scripts/cluster-demo.sh [--sector-size 2KiB|8MiB] [--count N] [--epoch 6s (15s at 8MiB)]
#                           [--challenge-window 4] [--timeout 1800] [--keep-running]
#                           [--bin-dir build]
#
# TESSERA_PROOFS=vanilla (the test tool) exchanges vanilla proofs instead of Groth16 SNARKs.
set -euo pipefail

sector_size=2KiB count=2 epoch= challenge_window=4 timeout=1800 keep_running=0
bin_dir="$(cd "$(dirname "$0")/.." && pwd)/build"
while [ $# -gt 0 ]; do
  case "$1" in
    --sector-size) sector_size=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --epoch) epoch=$2; shift 2 ;;
    --challenge-window) challenge_window=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --keep-running) keep_running=1; shift ;;
    --bin-dir) bin_dir=$2; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
case "$sector_size" in 2KiB|8MiB) ;; *) echo "--sector-size: 2KiB or 8MiB" >&2; exit 2 ;; esac
# The miner wins every round (it holds all the power): with Groth16 on 2 cores a WinningPoSt
# takes 3.1 s at 2 KiB and 5.5 s at 8 MiB (bench_groth16 winning 2KiB|8MiB). At 8 s (8 MiB) the
# rounds overran their epochs; at 4 s (2 KiB) a run passes now that a WindowPoSt outranks
# WinningPoSt once its deadline opens (docs/cluster.md), but these leave room for sealing too.
[ -n "$epoch" ] || epoch=$([ "$sector_size" = 2KiB ] && echo 6s || echo 15s)
case "$count" in ''|*[!0-9]*|0) echo "--count: a positive number" >&2; exit 2 ;; esac
sector_bytes=$([ "$sector_size" = 2KiB ] && echo 2048 || echo 8388608)

miner=$bin_dir/lotus-miner worker=$bin_dir/lotus-worker devnet=$bin_dir/lotus-devnet
bench=$bin_dir/lotus-bench
work=$(mktemp -d /tmp/tessera-cluster.XXXXXX)
proofs=${TESSERA_PROOFS:-snark}
post_repo=$work/post-miner seal_repo=$work/seal-miner
pids=()
started=$SECONDS

log() { echo "[cluster $((SECONDS - started))s] $*"; }
fail() {
  log "FAILED: $*"
  for f in "$work"/*.log; do echo "== $f (last lines)"; tail -n 6 "$f"; done
  exit 1
}
post() { LOTUS_MINER_PATH=$post_repo MINER_API_INFO= "$miner" "$@"; }
seal() { LOTUS_MINER_PATH=$seal_repo MINER_API_INFO= "$miner" "$@"; }
# A JSON-RPC call to the devnet's full-node API; prints the response.
chain() {
  curl -s -H "Authorization: Bearer ${FULLNODE_API_INFO%%:*}" -H 'Content-Type: application/json' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Filecoin.$1\",\"params\":$2}" \
    "http://127.0.0.1:$devnet_port/rpc/v1"
}
# The TCP port of a repo's API file (/ip4/127.0.0.1/tcp/PORT/http).
api_port() { local a; a=$(cat "$1/api"); a=${a#*/tcp/}; echo "${a%%/*}"; }
# A port on 127.0.0.1 nothing listens on now, below Linux's ephemeral range (32768 up), so no
# outgoing connection holds it.
free_port() {
  local p
  while :; do
    p=$(shuf -i 20000-32000 -n 1)
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

cat > "$work/stop.sh" <<EOF
#!/usr/bin/env bash
# Stops the demo cluster in $work.
LOTUS_MINER_PATH=$seal_repo MINER_API_INFO= "$miner" stop 2>/dev/null
LOTUS_MINER_PATH=$post_repo MINER_API_INFO= "$miner" stop 2>/dev/null
for pid in \$(cat "$work/pids" 2>/dev/null); do kill "\$pid" 2>/dev/null; done
exit 0
EOF
chmod +x "$work/stop.sh"
cleanup() {
  "$work/stop.sh"
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
background() {  # command... > log file given as the first argument
  local out=$1; shift
  "$@" > "$out" 2>&1 &
  pids+=($!)
  echo "${pids[*]}" > "$work/pids"
}

log "work directory $work (logs: *.log); proofs: $proofs; $count sector(s) of $sector_size"
if [ "$proofs" = snark ]; then
  log "Groth16 parameters for $sector_size in ${FIL_PROOFS_PARAMETER_CACHE:-/var/tmp/filecoin-proof-parameters}" \
    "(tessera's devnet ones, written once: about a minute)"
  "$bench" paramgen --sector-size "$sector_size"
  bench_flags=()
else
  "$bench" paramgen --sector-size "$sector_size" --circuit window --circuit winning
  bench_flags=(--skip-commit2)  # vanilla C2 is the test tool's: nothing to measure
fi

log "devnet: $epoch epochs, deadlines of $challenge_window epochs"
background "$work/devnet.log" "$devnet" --repo "$work/devnet" run --api 0 --epoch "$epoch" \
  --challenge-window "$challenge_window"
for _ in $(seq 200); do [ -s "$work/devnet/api" ] && break; sleep 0.1; done
[ -s "$work/devnet/api" ] || fail "the devnet did not start (devnet.log)"
eval "export $("$devnet" --repo "$work/devnet" api-info)"
devnet_port=$(api_port "$work/devnet")

log "PoSt-miner: lotus-miner init (CreateMiner through the devnet)"
post init --sector-size "$sector_size" > "$work/post-init.log" 2>&1 ||
  { cat "$work/post-init.log"; fail "init"; }
actor=$(sed -n 's/.*New miners address is: t0\([0-9]*\).*/\1/p' "$work/post-init.log")
[ -n "$actor" ] || fail "no actor address in post-init.log"
# A PoSt-miner seals nothing: its built-in worker takes no sealing task.
for key in AllowAddPiece AllowPreCommit1 AllowPreCommit2 AllowCommit; do
  sed -i "s/#$key = true/$key = false/" "$post_repo/config.toml"
done
service_port=$(free_port)
log "PoSt-miner f0$actor: --window-post --winning-post --p2p=false --sctype=alloce --sclisten=127.0.0.1:$service_port"
background "$work/post-miner.log" env LOTUS_MINER_PATH="$post_repo" MINER_API_INFO= \
  "$miner" run --miner-api 0 --window-post --winning-post --p2p=false --sctype=alloce \
  --sclisten="127.0.0.1:$service_port"
post wait-api --timeout 60s || { tail -5 "$work/post-miner.log"; fail "the PoSt-miner did not start"; }
post_api=$(post auth api-info --perm admin | sed 's/^MINER_API_INFO=//')

log "Seal-miner: init --actor f0$actor, the cluster's keystore and token, the root's sector index"
seal init --actor "f0$actor" > "$work/seal-init.log" 2>&1 || { cat "$work/seal-init.log"; fail "init"; }
for key in "$post_repo"/keystore/*; do  # not the libp2p host key: each process has its own
  [ "$(basename "$key")" = NRUWE4BSOAWWQ33TOQ ] || cp "$key" "$seal_repo/keystore/"
done
cp "$post_repo/token" "$seal_repo/token"
sed -i "s|#SectorIndexApiInfo = \"\"|SectorIndexApiInfo = \"$post_api\"|" "$seal_repo/config.toml"
for key in AllowAddPiece AllowPreCommit1 AllowPreCommit2 AllowCommit; do  # the workers seal
  sed -i "s/#$key = true/$key = false/" "$seal_repo/config.toml"
done
# lotus waits up to CommitBatchWait (24h) for an aggregate, or until CommitBatchSlack (1h) before
# the devnet's 300-epoch commit cutoff: 15 min at 15 s epochs. A demo sends its batch after 30 s.
sed -i 's/#CommitBatchWait = "24h0m0s"/CommitBatchWait = "30s"/' "$seal_repo/config.toml"
grep -q '^  CommitBatchWait = "30s"' "$seal_repo/config.toml" || fail "no CommitBatchWait in config.toml"
log "Seal-miner: --window-post=false --winning-post=false --sctype=get --sclisten=127.0.0.1:$service_port"
background "$work/seal-miner.log" env LOTUS_MINER_PATH="$seal_repo" MINER_API_INFO= \
  "$miner" run --miner-api 0 --window-post=false --winning-post=false --sctype=get \
  --sclisten="127.0.0.1:$service_port"
seal wait-api --timeout 60s || { tail -5 "$work/seal-miner.log"; fail "the Seal-miner did not start"; }
seal_api=$(seal auth api-info --perm admin | sed 's/^MINER_API_INFO=//')

for w in 1 2; do
  background "$work/worker-$w.log" env MINER_API_INFO="$seal_api" \
    "$worker" --worker-repo "$work/worker-$w" run --listen 127.0.0.1:0 --name "demo-worker-$w"
done
for _ in $(seq 150); do
  [ "$(seal sealing workers | grep -c 'demo-worker-')" -ge 2 ] && break
  sleep 0.2
done
seal sealing workers
[ "$(seal sealing workers | grep -c 'demo-worker-')" -ge 2 ] || fail "the workers did not connect"

log "pledging $count sector(s) on the Seal-miner (numbers from the PoSt-miner's service)"
sectors=()
pledged_at=$SECONDS
for _ in $(seq "$count"); do
  n=$(seal sectors pledge | sed -n 's/^Created CC sector: *//p')
  [ -n "$n" ] || fail "sectors pledge printed no sector number"
  sectors+=("$n")
done
post sectors numbers info | head -4

# Goals, each checked on the chain or in the PoSt-miner's log.
states() { for n in "${sectors[@]}"; do seal sectors status "$n" | sed -n 's/^Status:[[:space:]]*//p'; done; }
raw_power() {
  chain StateMinerPower "[\"t0$actor\",null]" | grep -o '"RawBytePower":"[0-9]*"' | head -1 |
    grep -o '[0-9]*'
}
won_block() {  # a height the PoSt-miner logged a block for whose tipset holds the actor's block
  local h
  for h in $(sed -n 's/.*mined new block cid=[^ ]* height=\([0-9]*\).*/\1/p' "$work/post-miner.log"); do
    chain ChainGetTipSetByHeight "[$h,null]" | grep -q "\"Miner\":\"t0$actor\"" && { echo "$h"; return; }
  done
}
proving_at=
deadline=$((SECONDS + timeout))
last_status=
last_print=0
while :; do
  summary=$(states | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $2; sep=", "}')
  power=$(raw_power); power=${power:-0}
  posts=$(grep -c 'Submitted window post' "$work/post-miner.log" || true)
  block=$(won_block)
  status="sectors: $summary | raw power $power B | WindowPoSt messages $posts | block won: ${block:-none yet}"
  if [ "$status" != "$last_status" ] || [ $((SECONDS - last_print)) -ge 30 ]; then
    log "$status"
    last_status=$status last_print=$SECONDS
  fi
  proving=$(states | grep -c '^Proving' || true)
  if [ "$proving" -eq "$count" ] && [ -z "$proving_at" ]; then
    proving_at=$SECONDS
    log "all $count sector(s) Proving after $((proving_at - pledged_at)) s"
    seal sectors list
  fi
  [ -n "$proving_at" ] && [ "$power" -ge $((count * sector_bytes)) ] && [ "$posts" -gt 0 ] &&
    [ -n "$block" ] && break
  [ $SECONDS -lt $deadline ] || fail "goals not reached in ${timeout}s; last: $status"
  sleep 2
done

log "done: every sector Proving with its power on chain (power comes only from a landed WindowPoSt), a block won at height $block"
echo "== PoSt-miner: lotus-miner info"
post info
echo "== PoSt-miner: lotus-miner proving deadlines (those holding partitions)"
post proving deadlines | awk 'NR <= 2 || $2 != "0"'
echo "== Seal-miner: lotus-miner sectors list"
seal sectors list
echo "== where sector ${sectors[0]} is: the Seal-miner's store (lotus's MoveStorage after finalize)"
seal storage find "${sectors[0]}"
grep -h 'Submitted window post' "$work/post-miner.log" | tail -2
grep -h 'mined new block' "$work/post-miner.log" | tail -2

echo "== capacity: lotus-bench sealing on this machine, the plan it gives, and the calls the cluster measured"
FIL_PROOFS_PARENT_CACHE=$work/parents "$bench" sealing --sector-size "$sector_size" \
  --storage-dir "$work/bench" --skip-unseal "${bench_flags[@]}" > "$work/bench.json"
curl -s "http://127.0.0.1:$(api_port "$seal_repo")/debug/metrics" > "$work/seal-miner.metrics"
"$miner" sealing capacity --bench "$work/bench.json" --metrics "$work/seal-miner.metrics"
elapsed=$((proving_at - pledged_at))
echo "The cluster: $count sector(s) pledged to Proving in ${elapsed}s by 2 workers sharing this" \
  "machine ($(awk -v n="$count" -v s="$elapsed" 'BEGIN { printf "%.0f", n * 86400 / (s > 0 ? s : 1) }')" \
  "sectors/day at that pace); pledge to Proving also waits for the chain (PreCommit landing, the" \
  "seed's delay, ProveCommit landing), which the plan's stage times do not include."

cat <<EOF

== drive the cluster with the CLI
  export FULLNODE_API_INFO=$FULLNODE_API_INFO
  # PoSt-miner (root: sector numbers, sector index, WindowPoSt, WinningPoSt)
  LOTUS_MINER_PATH=$post_repo $miner proving deadlines
  # Seal-miner (its workers seal)
  LOTUS_MINER_PATH=$seal_repo $miner sectors pledge
  LOTUS_MINER_PATH=$seal_repo $miner sealing workers
  # or MINER_API_INFO=$post_api (PoSt-miner), MINER_API_INFO=$seal_api (Seal-miner)
EOF
if [ "$keep_running" = 1 ]; then
  echo "== stop it: $work/stop.sh (or Ctrl-C here)"
else
  echo "== stopping it now (--keep-running leaves it up; then $work/stop.sh stops it)"
fi
if [ "$keep_running" = 1 ]; then
  log "running until stopped"
  wait
fi
