#!/usr/bin/env bash
# Packs the GPU checks of a CUDA build (build/ configured with TESSERA_CUDA on) into one folder
# that runs on a CUDA machine without this project's build dependencies: the device tests and
# the PC2 benchmark, stripped, with every shared library they load but the NVIDIA driver's (the
# CUDA runtime is linked in). The C++ runtime and glibc are packed too, in their own folders, and
# used only where the machine's own are too old for the binaries: run tries the machine's, then
# the packed libstdc++, then the packed glibc through its own loader.
#
#   scripts/pack-gpu-check.sh [folder, default .gpu-check]
#   <folder>/run [sector MiB for the benchmark: 8 or 512, default 512] [work dir, default /var/tmp]
#
# run exits 0 only when the device tests (all but the 512 MiB PC2 case, which the benchmark's
# check at 512 MiB repeats) pass and the benchmark's device PC2 writes the CPU's files (it runs
# even after a failed test); without a device the tests say "skipped" and it exits 77. TESSERA_GPU_CHECK_LIBS=own|cxx|glibc forces one library set.
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
mkdir -p "$out/lib/cxx" "$out/lib/glibc"
for b in "${binaries[@]}"; do
  strip -o "$out/$(basename "$b")" "$b"
done
# Every library the binaries load but the driver's, each in the folder of its set.
ldd "${binaries[@]}" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' |
  sort -u | while read -r lib; do
    case $(basename "$lib") in
      libcuda.so.*) continue ;;
      libstdc++.so.*|libgcc_s.so.*) set_dir=lib/cxx ;;
      libc.so.*|libm.so.*|ld-linux*) set_dir=lib/glibc ;;
      *) set_dir=lib ;;
    esac
    cp -L "$lib" "$out/$set_dir/"
  done
# The driver's libcuda may link these; with the packed glibc they must be its own.
libc_dir=$(dirname "$(ldd "${binaries[0]}" | awk '$1 == "libc.so.6" {print $3}')")
for lib in libpthread.so.0 libdl.so.2 librt.so.1; do
  cp -L "$libc_dir/$lib" "$out/lib/glibc/"
done
[[ -e $out/lib/glibc/ld-linux-x86-64.so.2 ]] || { echo "pack-gpu-check: no glibc loader found" >&2; exit 1; }

cat >"$out/run" <<'RUN'
#!/usr/bin/env bash
# The GPU checks packed by scripts/pack-gpu-check.sh: device tests, then the PC2 benchmark.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lib=$here/lib
host_path=${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

# Runs a packed program with library set $libs: own (the machine's libstdc++ and glibc), cxx (the
# packed libstdc++) or glibc (the packed glibc, through its loader).
launch() {
  case $libs in
    own) LD_LIBRARY_PATH="$lib$host_path" "$@" ;;
    cxx) LD_LIBRARY_PATH="$lib:$lib/cxx$host_path" "$@" ;;
    glibc) "$lib/glibc/ld-linux-x86-64.so.2" --library-path "$lib:$lib/cxx:$lib/glibc$host_path" "$@" ;;
  esac
}

loader_error=$(mktemp)
trap 'rm -f "$loader_error"' EXIT
# The first set the binaries load with (the loader exits 127 when a library or version is missing).
for libs in ${TESSERA_GPU_CHECK_LIBS:-own cxx glibc}; do
  case $libs in
    own|cxx|glibc) ;;
    *) echo "gpu-check: TESSERA_GPU_CHECK_LIBS: no library set '$libs' (own, cxx or glibc)" >&2; exit 2 ;;
  esac
  launch "$here/tessera_device_tests" --list-tags >/dev/null 2>"$loader_error"
  [[ $? -ne 127 ]] && break
  libs=
done
if [[ -z $libs ]]; then
  echo "gpu-check: the programs load with no library set here:" >&2
  cat "$loader_error" >&2
  exit 127
fi
echo "gpu-check: libraries: $libs"
command -v nvidia-smi >/dev/null && nvidia-smi -L
# All but the 512 MiB PC2 case: the benchmark at 512 MiB makes the same check (every file PC2
# writes equal to the CPU's) on its own PC1 and CPU PC2, which take minutes there.
launch "$here/tessera_device_tests" "~[512mib]" --durations yes
tests=$?
[[ $tests -eq 77 ]] && exit 77
# A failed test does not stop the benchmark: one run on a lent machine should say all it can.
[[ $tests -eq 0 ]] || echo "device tests: exit $tests; the benchmark runs anyway"
launch "$here/bench_gpu_pc2" "${1:-512}" "${2:-/var/tmp}"
bench=$?
exit $((tests != 0 ? tests : bench))
RUN
chmod +x "$out/run"
echo "packed into $out ($(du -sh "$out" | cut -f1)): run $out/run on the CUDA machine"
