// A batcher's side of a fake SectorsBackend (precommit or commit): sectors "waiting" in
// `pending`, flushed as one batch with a fixed message CID.
#pragma once

#include <cstdint>
#include <vector>

#include "miner/sectors_api.hpp"
#include "sealing/pipeline/message_batcher.hpp"
#include "storage/paths/sector_file_types.hpp"

namespace tessera::test {

// The message CID a flushed fake batch answers.
inline constexpr const char* kBatchMessage =
    "bafy2bzacedjwujqzuzzesrqe4en3ir6lz5jdd2psxis4efuro7w4sqn5kcwwy";

struct FakeBatchQueue {
  std::vector<std::uint64_t> pending;

  std::vector<pipeline::BatchResult> flush() {
    std::vector<pipeline::BatchResult> out;
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

// A fake SectorsBackend's batcher methods: `queue` for precommits, `commits` for ProveCommits
// (miner 1000).
class FakeBatchingBackend : public miner::SectorsBackend {
 public:
  std::vector<pipeline::BatchResult> precommit_flush() override { return queue.flush(); }
  std::vector<paths::SectorId> precommit_pending() override { return queue.listed(1000); }
  std::vector<pipeline::BatchResult> commit_flush() override { return commits.flush(); }
  std::vector<paths::SectorId> commit_pending() override { return commits.listed(1000); }

  FakeBatchQueue queue;
  FakeBatchQueue commits;
};

}  // namespace tessera::test
