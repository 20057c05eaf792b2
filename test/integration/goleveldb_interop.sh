#!/usr/bin/env bash
# goleveldb (the engine lotus uses for datastore/metadata) and tessera read each other's files:
#  1. tessera creates a repo; goleveldb reads /miner-address from it;
#  2. goleveldb writes lotus records into that same database;
#  3. tessera backs the database up and restores it into a second repo;
#  4. goleveldb reads the restored database and finds exactly the same records.
# Usage: goleveldb_interop.sh <lotus-miner binary> <test/tools/goleveldb dir>
set -euo pipefail
bin=$1
gopath=$2
work=$(mktemp -d /tmp/tessera-goleveldb.XXXXXX)
trap 'rm -rf "$work"' EXIT

GO111MODULE=off GOPATH="$gopath:/usr/share/gocode" GOPROXY=off GOCACHE="$work/gocache" \
  go build -o "$work/lotusmeta" lotusmeta

export LOTUS_MINER_PATH=$work/a
"$bin" init --actor f01234 --sector-size 2KiB > /dev/null
"$work/lotusmeta" dump "$work/a/datastore/metadata" > "$work/dump-a0"
grep -qP '^/miner-address\t00d209$' "$work/dump-a0" || { echo "goleveldb did not read tessera's /miner-address"; cat "$work/dump-a0"; exit 1; }

"$work/lotusmeta" write "$work/a/datastore/metadata"
"$work/lotusmeta" dump "$work/a/datastore/metadata" > "$work/dump-a1"
"$bin" backup --offline "$work/backup.cbor" > /dev/null

export LOTUS_MINER_PATH=$work/b
"$bin" init restore "$work/backup.cbor" > /dev/null
"$work/lotusmeta" dump "$work/b/datastore/metadata" > "$work/dump-b"
if ! diff "$work/dump-a1" "$work/dump-b"; then
  echo "records differ after tessera backup + restore"
  exit 1
fi
echo "goleveldb read tessera's database; $(wc -l < "$work/dump-b") records survived goleveldb -> tessera backup/restore -> goleveldb"
