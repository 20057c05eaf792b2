#!/usr/bin/env bash
# Packs the GPU checks of a CUDA build (build/ configured with TESSERA_CUDA on) into one folder
# that runs on a CUDA machine without this project's build dependencies: the device tests and
# the PC2 benchmark, stripped, with the shared libraries they need beside them (glibc and the
# NVIDIA driver excepted: those come from that machine; the CUDA runtime is linked in).
#
#   scripts/pack-gpu-check.sh [folder, default .gpu-check]
#   <folder>/run [sector MiB for the benchmark: 8 or 512, default 512] [work dir, default /var/tmp]
#
# run exits 0 only when the device tests pass and the benchmark completes; without a device both
# say "skipped" and it exits 77.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.gpu-check}
binaries=(build/test/tessera_device_tests build/bench/bench_gpu_pc2)
for b in "${binaries[@]}"; do
  [[ -x $b ]] || { echo "pack-gpu-check: $b is missing: build with CUDA first (README, GPU build)" >&2; exit 1; }
done
if ! nm -C "${binaries[0]}" | grep 'tessera::gpu::cuda::' >/dev/null; then  # no -q: SIGPIPE
  echo "pack-gpu-check: build/ has no CUDA kernels (configure with -DTESSERA_CUDA=ON)" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out/lib"
for b in "${binaries[@]}"; do
  strip -o "$out/$(basename "$b")" "$b"
done
# Every library the binaries load, but glibc's own and the driver's.
ldd "${binaries[@]}" | awk '/=> \// {print $3}' | sort -u | while read -r lib; do
  case $(basename "$lib") in
    libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|ld-linux*|libcuda.so.*) ;;
    *) cp -L "$lib" "$out/lib/" ;;
  esac
done

cat >"$out/run" <<'RUN'
#!/usr/bin/env bash
# The GPU checks packed by scripts/pack-gpu-check.sh: device tests, then the PC2 benchmark.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
command -v nvidia-smi >/dev/null && nvidia-smi -L
"$here/tessera_device_tests" --durations yes
tests=$?
[[ $tests -eq 0 ]] || { echo "device tests: exit $tests"; exit "$tests"; }
"$here/bench_gpu_pc2" "${1:-512}" "${2:-/var/tmp}"
RUN
chmod +x "$out/run"
echo "packed into $out ($(du -sh "$out" | cut -f1)): run $out/run on the CUDA machine"
