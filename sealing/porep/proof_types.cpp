#include "sealing/porep/proof_types.hpp"

#include <array>

#include "common/error.hpp"

namespace tessera::porep {
namespace {

constexpr std::uint64_t kKiB = 1024, kMiB = 1024 * kKiB, kGiB = 1024 * kMiB;

// rust-fil-proofs filecoin-proofs/src/constants.rs (reference/proofs.md §1.1-1.2).
const std::array<SealProofInfo, 10>& table() {
  static const std::array<SealProofInfo, 10> t = {{
      {0, "StackedDrg2KiBV1", 2 * kKiB, 2, 1, 2, 0, 0},
      {1, "StackedDrg8MiBV1", 8 * kMiB, 2, 1, 2, 0, 0},
      {2, "StackedDrg512MiBV1", 512 * kMiB, 2, 1, 2, 0, 0},
      {3, "StackedDrg32GiBV1", 32 * kGiB, 11, 10, 18, 8, 0},
      {4, "StackedDrg64GiBV1", 64 * kGiB, 11, 10, 18, 8, 2},
      {5, "StackedDrg2KiBV1_1", 2 * kKiB, 2, 1, 2, 0, 0},
      {6, "StackedDrg8MiBV1_1", 8 * kMiB, 2, 1, 2, 0, 0},
      {7, "StackedDrg512MiBV1_1", 512 * kMiB, 2, 1, 2, 0, 0},
      {8, "StackedDrg32GiBV1_1", 32 * kGiB, 11, 10, 18, 8, 0},
      {9, "StackedDrg64GiBV1_1", 64 * kGiB, 11, 10, 18, 8, 2},
  }};
  return t;
}

}  // namespace

const SealProofInfo& seal_proof_info(std::int64_t registered_seal_proof) {
  if (registered_seal_proof < 0 || registered_seal_proof >= static_cast<std::int64_t>(table().size())) {
    throw InvalidInput("unsupported registered seal proof " + std::to_string(registered_seal_proof));
  }
  return table()[static_cast<std::size_t>(registered_seal_proof)];
}

const SealProofInfo& seal_proof_for_size(std::uint64_t sector_size) {
  for (const auto& info : table()) {
    if (info.id >= 5 && info.sector_size == sector_size) return info;
  }
  throw InvalidInput("unsupported sector size " + std::to_string(sector_size));
}

}  // namespace tessera::porep
