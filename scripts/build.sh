#!/usr/bin/env bash
# Installs the Debian packages, then configures and builds tessera into build/ (Release with
# line tables: -O2 -g1). Extra arguments are passed to the CMake configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build build -j "$(nproc)"
