#include "devnet/devnet_params.hpp"

#include <array>

namespace tessera::chain::devnet {
namespace {

// go-state-types abi/sector.go: seal V1_1 = 5.., WindowPoSt V1_1 = 10.., Winning V1 = 0..;
// partition sizes from builtin-actors' SealProofInfo (2 for the small test sizes).
constexpr std::array<SectorSizeProofs, 3> kSupported = {{
    {2048, 5, 10, 0, 2},
    {8u << 20, 6, 11, 1, 2},
    {512u << 20, 7, 12, 2, 2},
}};

}  // namespace

std::optional<SectorSizeProofs> proofs_for_sector_size(std::uint64_t sector_size) {
  for (const auto& p : kSupported)
    if (p.sector_size == sector_size) return p;
  return std::nullopt;
}

std::optional<SectorSizeProofs> proofs_for_window_post(std::int64_t proof) {
  for (const auto& p : kSupported)
    if (p.window_post_proof == proof) return p;
  return std::nullopt;
}

}  // namespace tessera::chain::devnet
