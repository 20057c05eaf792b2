#include "post/bounded_calls.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "common/error.hpp"

namespace tessera::post {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds positive(const repo::Config& config, const char* key) {
  const auto value =
      std::chrono::duration_cast<std::chrono::milliseconds>(config.get_duration("Proving", key));
  if (value.count() <= 0) throw InvalidInput(std::string("[Proving] ") + key + " must be positive");
  return value;
}

std::string seconds(std::chrono::milliseconds d) {
  return std::to_string(std::chrono::duration<double>(d).count()) + " s";
}

}  // namespace

CheckLimits CheckLimits::from(const repo::Config& config) {
  // lotus (storage/sealer/faults.go): 0 or less checks every sector at once.
  const auto parallel = config.get_int("Proving", "ParallelCheckLimit");
  return CheckLimits{
      static_cast<unsigned>(parallel < 1 ? kMaxParallelChecks
                                         : std::min<std::int64_t>(parallel, kMaxParallelChecks)),
      positive(config, "SingleCheckTimeout"), positive(config, "PartitionCheckTimeout")};
}

std::vector<std::string> run_bounded(std::size_t n, const CheckLimits& limits,
                                     const std::function<void(std::size_t, ProofDeadline)>& call) {
  std::vector<std::string> failures(n);
  const auto end_of_all = Clock::now() + limits.total;
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      const auto start = Clock::now();
      if (start >= end_of_all) {
        failures[i] = "not checked within PartitionCheckTimeout (" + seconds(limits.total) + ")";
        continue;
      }
      const auto deadline = std::min(start + limits.single, end_of_all);
      try {
        call(i, deadline);
        if (Clock::now() > deadline)
          failures[i] = "took longer than its timeout (SingleCheckTimeout " +
                        seconds(limits.single) + ", PartitionCheckTimeout " +
                        seconds(limits.total) + ")";
      } catch (const std::exception& e) {
        failures[i] = e.what();
        if (failures[i].empty()) failures[i] = "failed";
      }
    }
  };
  const std::size_t threads = std::min<std::size_t>(std::max(1u, limits.parallel), n);
  std::vector<std::jthread> helpers;
  for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  helpers.clear();  // joins them before failures is handed out
  return failures;
}

}  // namespace tessera::post
