#!/usr/bin/env bash
# Fresh machine -> installed, built and tested: unit, integration and bounded fuzz tests (CTest).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 600
