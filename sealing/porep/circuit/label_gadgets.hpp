// The stacked PoRep circuit's labelling gadgets (rust-fil-proofs stacked/circuit/create_label.rs
// and hash.rs): a label as SHA-256 over replica_id ‖ u32_be(layer) ‖ u64_be(node) ‖ 37 parent
// labels (20 compressions, ~532 K constraints), truncated to 254 bits; and the Poseidon hash of a
// node's column of labels.
#pragma once

#include <vector>

#include "crypto/r1cs/num.hpp"
#include "crypto/r1cs/uint32.hpp"
#include "crypto/r1cs/uint64.hpp"

namespace tessera::porep::circuit {

inline constexpr std::size_t kLabelParents = 37;

// replica_id: 32-256 bits (padded to 256); parents: exactly 37 bit strings, each padded to 256
// bits. InvalidInput on other sizes.
crypto::r1cs::AllocatedNum create_label_circuit(
    crypto::r1cs::ConstraintSystem& cs, const std::vector<crypto::r1cs::Boolean>& replica_id,
    const std::vector<std::vector<crypto::r1cs::Boolean>>& parents,
    const crypto::r1cs::UInt32& layer, const crypto::r1cs::UInt64& node);

// Poseidon of a column of 2 or 11 labels (InvalidInput otherwise).
crypto::r1cs::AllocatedNum hash_single_column(crypto::r1cs::ConstraintSystem& cs,
                                              const std::vector<crypto::r1cs::AllocatedNum>& rows);

}  // namespace tessera::porep::circuit
