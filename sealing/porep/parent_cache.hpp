// The SDR parent cache as rust-fil-proofs writes it: for every node the 14 parents as u32
// little-endian (base first), in $FIL_PROOFS_PARENT_CACHE (default /var/tmp/filecoin-parents)
// under v28-sdr-parent-<hex>.cache. Built once per graph and reused (reference/proofs.md §4.6).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "sealing/porep/sdr_graph.hpp"

namespace tessera {
class StageContext;
}  // namespace tessera

namespace tessera::porep {

// The cache file name for a graph: v28-sdr-parent-<sha256(identifier and keys)>.cache.
std::string parent_cache_file_name(const SdrGraph& graph);

// The directory caches live in: $FIL_PROOFS_PARENT_CACHE or /var/tmp/filecoin-parents.
std::filesystem::path parent_cache_dir();

// Returns the path of the graph's parent cache in dir, generating it first (atomically: a
// temporary file of this call renamed into place, so concurrent calls each succeed) when it is
// missing or has the wrong size. Chunks are
// computed on the cores of ctx in batches; between batches ctx gets (nodes done, nodes) as
// progress and a yield point (Cancelled leaves no file behind).
std::filesystem::path ensure_parent_cache(const SdrGraph& graph, const std::filesystem::path& dir,
                                          StageContext& ctx);
// The same on the process core budget's free cores (StageContext::best_effort); progress, if
// given, is called with the fraction of nodes done.
std::filesystem::path ensure_parent_cache(const SdrGraph& graph, const std::filesystem::path& dir,
                                          const std::function<void(double)>& progress = {});

}  // namespace tessera::porep
