// Fills a PoseidonTable (gpu/poseidon32.hpp) from crypto::poseidon_constants: the device's copy of
// the optimised schedule, in Fr32 limbs.
#pragma once

#include "gpu/poseidon32.hpp"

namespace tessera::gpu {

// The table of arity Width − 1 (Width 3, 9 or 12: TreeC columns of 2-layer sectors, TreeC/TreeR
// nodes, TreeC columns of 11-layer sectors).
template <int Width>
void fill_poseidon_table(PoseidonTable<Width>& table);

}  // namespace tessera::gpu
