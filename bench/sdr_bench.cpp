// SDR labelling speed against the machine's SHA-256 bound, measured in the same run: a label
// costs 20 compressions, so the bound is compressions/s / 20 labels/s on one core.
//
//   build/bench/bench_sdr [sector MiB, default 512] [layers, default 2] [work dir, default
//   /var/tmp] [single|touch-ahead|both, default both]
//
// Prints the parent-cache build time, the time to fault in the two layer buffers (kept for both
// runs, as a sealing worker keeps them across sectors), then for the single-threaded labeller
// and the two-thread (touch-ahead) labeller: the time to the last label, the time the last
// layer's write took after it, labels/s (to the last label), the compression rate measured just
// before and just after, and the ratio labels/s × 20 / the higher of the two; then the gain and
// the peak RSS of the process.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "bench/bounds.hpp"
#include "common/progress.hpp"
#include "sealing/porep/parent_cache.hpp"
#include "sealing/porep/pc1.hpp"
#include "sealing/porep/sdr_graph.hpp"

using namespace tessera;
using bench::Clock;
using bench::compressions_per_second;
using bench::seconds_since;

int main(int argc, char** argv) {
  const std::uint64_t mib = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 512;
  const std::uint32_t layers = argc > 2 ? static_cast<std::uint32_t>(std::atoi(argv[2])) : 2;
  const std::filesystem::path work = argc > 3 ? argv[3] : "/var/tmp";
  const std::string which = argc > 4 ? argv[4] : "both";
  const std::uint64_t nodes = mib * 1024 * 1024 / 32;

  const char* impl =
      crypto::sha256_active_impl() == crypto::Sha256Impl::kShaNi ? "SHA-NI" : "portable";
  auto porep_id = porep::porep_id_for(7);  // StackedDrg512MiBV1_1's graph family
  porep::SdrGraph graph(nodes, porep_id, porep::sdr_api_for(porep_id));
  auto start = Clock::now();
  progress::Reporter cache_progress(std::cerr, "parent cache", progress::is_terminal(std::cerr));
  auto cache = porep::ensure_parent_cache(graph, work / "tessera-bench-parents",
                                          [&](double f) { cache_progress.update("", f); });
  cache_progress.finish("");
  std::printf("parent cache for %llu nodes ready in %.1f s (%s)\n",
              static_cast<unsigned long long>(nodes), seconds_since(start), cache.c_str());

  const auto cache_dir = work / "tessera-bench-sector";
  std::filesystem::create_directories(cache_dir);
  crypto::Digest32 replica_id;
  replica_id.fill(9);
  replica_id[31] &= 0x3f;
  double labels_per_second[2] = {0, 0};
  const porep::LabelThreads modes[2] = {porep::LabelThreads::kSingle,
                                        porep::LabelThreads::kTouchAhead};
  start = Clock::now();
  porep::LayerBuffers buffers(nodes * 32);  // as a sealing worker would keep across sectors
  std::printf("two layer buffers faulted in in %.2f s\n", seconds_since(start));
  for (int m = 0; m < 2; ++m) {
    if (which != "both" && which != (m ? "touch-ahead" : "single")) continue;
    const double before = compressions_per_second();
    start = Clock::now();
    double labelled = 0;  // seconds until the last label; the last layer's write comes after
    progress::Reporter label_progress(std::cerr, m ? "touch-ahead" : "single",
                                      progress::is_terminal(std::cerr));
    porep::label_layers_to_files(
        graph, replica_id, layers, cache, cache_dir, buffers,
        [&](std::uint32_t layer, double f) {
          label_progress.update("layer " + std::to_string(layer), f);
          if (layer == layers && f >= 1) labelled = seconds_since(start);
        },
        modes[m]);
    const double elapsed = seconds_since(start);
    label_progress.finish("");
    // The VM's speed drifts: the bound is the higher of the rates measured just before and just
    // after, so a slow moment while measuring it cannot flatter the ratio.
    const double after = compressions_per_second();
    const double compressions = std::max(before, after);
    labels_per_second[m] = static_cast<double>(nodes * layers) / labelled;
    std::printf(
        "SDR labels, %s: %llu MiB x %u layers labelled in %.1f s (+ %.1f s to finish writing "
        "the last layer) = %.4g labels/s; sha256 compressions/s, one core (%s): %.4g before, "
        "%.4g after; ratio labels/s x 20 / the higher = %.3f\n",
        m ? "hashing thread + touch-ahead thread" : "single thread",
        static_cast<unsigned long long>(mib), layers, labelled, elapsed - labelled,
        labels_per_second[m], impl, before, after, labels_per_second[m] * 20 / compressions);
  }
  if (which == "both") {
    std::printf("two-thread (touch-ahead) gain: %.2fx\n",
                labels_per_second[1] / labels_per_second[0]);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak RSS %.2f GiB\n", static_cast<double>(usage.ru_maxrss) / (1024.0 * 1024.0));
  std::filesystem::remove_all(cache_dir);
  return 0;
}
