// Where a PoSt prover reads a sector's replica and cache: a callback the miner backs with its
// storage paths and sector index (a local path today; another machine's /remote later), so the
// provers stay pure functions of the chain's answers and these files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>

namespace tessera::post {

struct SectorFiles {
  std::filesystem::path sealed;  // the replica file
  std::filesystem::path cache;   // the cache directory (p_aux, t_aux, TreeRLast)
};

// The files of sector `number` of the prover's miner, or nullopt when this machine cannot
// reach them (the sector is then skipped, i.e. declared faulty, never the whole partition).
using SectorFileLookup = std::function<std::optional<SectorFiles>(std::uint64_t number)>;

}  // namespace tessera::post
