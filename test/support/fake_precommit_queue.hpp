// The precommit batcher's side of a fake SectorsBackend: sectors "waiting" in `pending`, flushed
// as one batch with a fixed message CID.
#pragma once

#include <cstdint>
#include <vector>

#include "sealing/pipeline/precommit_batcher.hpp"
#include "storage/paths/sector_file_types.hpp"

namespace tessera::test {

// The message CID a flushed fake batch answers.
inline constexpr const char* kBatchMessage =
    "bafy2bzacedjwujqzuzzesrqe4en3ir6lz5jdd2psxis4efuro7w4sqn5kcwwy";

struct FakePrecommitQueue {
  std::vector<std::uint64_t> pending;

  std::vector<pipeline::PrecommitBatchResult> flush() {
    std::vector<pipeline::PrecommitBatchResult> out;
    if (!pending.empty()) out.push_back({pending, cid::Cid::parse(kBatchMessage), ""});
    pending.clear();
    return out;
  }
  std::vector<paths::SectorId> listed(std::uint64_t miner) const {
    std::vector<paths::SectorId> out;
    for (const auto n : pending) out.push_back(paths::SectorId{miner, n});
    return out;
  }
};

}  // namespace tessera::test
