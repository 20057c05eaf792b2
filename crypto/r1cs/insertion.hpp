// Inserting a node among its siblings at a position given by bits, and selecting one of 2^n
// numbers, constraint-exact with rust-fil-proofs gadgets/insertion.rs (insert into 2 slots: 2
// constraints, 4: 8, 8: 22, otherwise n·(n−1); select among n: n − 1).
#pragma once

#include <vector>

#include "crypto/r1cs/num.hpp"

namespace tessera::crypto::r1cs {

// elements with element inserted at the position the little-endian bits encode; the result
// has elements.size() + 1 = 2^bits.size() entries (InvalidInput otherwise). For 8 slots the
// first two bits must be allocated, non-negated bits.
std::vector<AllocatedNum> insert(ConstraintSystem& cs, const AllocatedNum& element,
                                 const std::vector<Boolean>& bits,
                                 const std::vector<AllocatedNum>& elements);
// from[index], index given by little-endian bits; from.size() must be 2^bits.size().
AllocatedNum select(ConstraintSystem& cs, const std::vector<AllocatedNum>& from,
                    const std::vector<Boolean>& bits);

}  // namespace tessera::crypto::r1cs
