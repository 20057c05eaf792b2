// Proof of retrievability (Merkle inclusion) circuit, constraint-exact with rust-fil-proofs
// gadgets/por.rs PoRCircuit: per path level it allocates the position bits and the siblings,
// inserts the current node among them and hashes; then it packs all position bits into one
// public input (the leaf index), and enforces computed root == root (exposing the root as a
// second input only when it is public). Trees may be compound: base levels, then one sub level
// and one top level (reference/snark.md §2.2).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "crypto/merkle.hpp"
#include "crypto/r1cs/num.hpp"

namespace tessera::crypto::r1cs {

struct TreeShape {
  TreeHash hash = TreeHash::kPoseidon;
  std::size_t base_arity = 8;
  std::size_t sub_arity = 0;  // 0: no sub level
  std::size_t top_arity = 0;  // 0: no top level
};

struct PathLevel {
  std::vector<Fr> siblings;  // arity − 1
  std::uint64_t index = 0;   // position among the arity children
};

struct AuthPath {
  std::vector<PathLevel> base;
  std::vector<PathLevel> sub;  // 0 or 1 level
  std::vector<PathLevel> top;  // 0 or 1 level
};

// A leaf or root that is either already a circuit variable or a value still to allocate
// (rust-fil-proofs gadgets/variables.rs Root).
struct PorValue {
  std::optional<AllocatedNum> var;
  Fr value;
  static PorValue of(const AllocatedNum& n) { return PorValue{n, n.value}; }
  static PorValue of(const Fr& v) { return PorValue{std::nullopt, v}; }
};

// The number of base levels of a tree of `leaves` leaves (InvalidInput when leaves is not
// base_arity^k · sub_arity · top_arity).
std::size_t base_path_length(const TreeShape& shape, std::uint64_t leaves);
// A path of the right shape with zero values, for synthesis without a witness.
AuthPath blank_auth_path(const TreeShape& shape, std::uint64_t leaves);
// The path of an inclusion proof (levels base first, as crypto::InclusionProof orders them);
// InvalidInput when its levels do not fit the shape.
AuthPath auth_path_from_proof(const TreeShape& shape, const InclusionProof& proof);

// Synthesizes the inclusion of leaf under root. private_root: the root stays private (1 input,
// the packed path); otherwise it is also inputized (2 inputs).
void por_circuit(ConstraintSystem& cs, const TreeShape& shape, const PorValue& leaf,
                 const AuthPath& path, const PorValue& root, bool private_root);

}  // namespace tessera::crypto::r1cs
