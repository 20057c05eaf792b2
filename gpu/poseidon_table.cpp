#include "gpu/poseidon_table.hpp"

#include "common/error.hpp"
#include "crypto/poseidon.hpp"

namespace tessera::gpu {
namespace {

Fr32 to_fr32(const crypto::Fr& x) {
  Fr32 out;
  const auto& limbs = x.montgomery();
  for (int i = 0; i < 4; ++i) {
    out.l[2 * i] = static_cast<std::uint32_t>(limbs[i]);
    out.l[2 * i + 1] = static_cast<std::uint32_t>(limbs[i] >> 32);
  }
  return out;
}

}  // namespace

template <int Width>
void fill_poseidon_table(PoseidonTable<Width>& table) {
  const auto& c = crypto::poseidon_constants(Width - 1);
  using Table = PoseidonTable<Width>;
  if (c.partial_rounds != Table::kPartial || c.full_rounds != kPoseidonFullRounds ||
      c.optimized_constants.size() != Table::kConstants) {
    throw InvalidInput("Poseidon schedule of width " + std::to_string(Width) +
                       " does not fit the device table");
  }
  table.domain_tag = to_fr32(c.domain_tag);
  for (int i = 0; i < Table::kConstants; ++i)
    table.constants[i] = to_fr32(c.optimized_constants[i]);
  for (int i = 0; i < Width; ++i) {
    for (int j = 0; j < Width; ++j) {
      table.mds[i][j] = to_fr32(c.mds[i][j]);
      table.pre_partial_mds[i][j] = to_fr32(c.pre_partial_mds[i][j]);
    }
  }
  for (int p = 0; p < Table::kPartial; ++p) {
    const auto& sparse = c.sparse_mds[p];
    table.sparse_m00[p] = to_fr32(sparse.m00);
    for (int j = 0; j + 1 < Width; ++j) {
      table.sparse_row[p][j] = to_fr32(sparse.row[j]);
      table.sparse_column[p][j] = to_fr32(sparse.column[j]);
    }
  }
}

template void fill_poseidon_table<3>(PoseidonTable<3>&);
template void fill_poseidon_table<9>(PoseidonTable<9>&);
template void fill_poseidon_table<12>(PoseidonTable<12>&);

}  // namespace tessera::gpu
