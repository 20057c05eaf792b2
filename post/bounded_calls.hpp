// Calls to sector storage with lotus's [Proving] limits (storage/sealer/faults.go CheckProvable):
// at most ParallelCheckLimit at a time, each given SingleCheckTimeout and all of them
// PartitionCheckTimeout. A hung or slow storage path thus costs its own sectors, never the
// deadline's others.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "post/sector_proof_source.hpp"
#include "storage/repo/config.hpp"

namespace tessera::post {

// The most sector checks run at once (threads), whatever ParallelCheckLimit says.
constexpr std::int64_t kMaxParallelChecks = 1024;

struct CheckLimits {
  unsigned parallel = 32;                                       // ParallelCheckLimit
  std::chrono::milliseconds single = std::chrono::minutes(10);  // SingleCheckTimeout
  std::chrono::milliseconds total = std::chrono::minutes(20);   // PartitionCheckTimeout

  // The [Proving] keys of config (lotus's defaults when unset); a ParallelCheckLimit of 0 or
  // less is lotus's "unlimited" (kMaxParallelChecks here); InvalidInput for a timeout that is
  // not positive.
  static CheckLimits from(const repo::Config& config);
};

// Calls call(i, deadline) for each i in [0, n) on up to limits.parallel threads, the calling
// thread among them, and returns each call's failure ("" when it succeeded). A call's deadline
// is the earlier of its start + limits.single and the run's start + limits.total; it fails with
// its exception's message when it throws, as timed out when it returns after its deadline, and
// is not made at all (failing as timed out) when the total has passed before its turn.
std::vector<std::string> run_bounded(std::size_t n, const CheckLimits& limits,
                                     const std::function<void(std::size_t, ProofDeadline)>& call);

}  // namespace tessera::post
