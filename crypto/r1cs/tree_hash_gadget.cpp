#include "crypto/r1cs/tree_hash_gadget.hpp"

#include <string>

#include "crypto/r1cs/multipack.hpp"
#include "crypto/r1cs/poseidon_gadget.hpp"
#include "crypto/r1cs/sha256_gadget.hpp"

namespace tessera::crypto::r1cs {
namespace {

void append_reversed_bytes(std::vector<Boolean>& out, const std::vector<Boolean>& bits) {
  const auto reversed = reverse_bit_numbering(bits);
  out.insert(out.end(), reversed.begin(), reversed.end());
}

}  // namespace

AllocatedNum sha256_hash_circuit(ConstraintSystem& cs, const std::vector<Boolean>& bits) {
  std::vector<Boolean> digest;
  {
    Namespace ns(cs, "hash");
    digest = sha256(cs, bits);
  }
  std::vector<Boolean> le = reverse_bit_numbering(std::move(digest));
  le.resize(kFrCapacity);
  Namespace ns(cs, "pack_le");
  return pack_bits(cs, le);
}

AllocatedNum sha256_hash_leaf_bits_circuit(ConstraintSystem& cs, const std::vector<Boolean>& left,
                                           const std::vector<Boolean>& right) {
  std::vector<Boolean> preimage;
  append_reversed_bytes(preimage, left);
  append_reversed_bytes(preimage, right);
  return sha256_hash_circuit(cs, preimage);
}

AllocatedNum tree_hash_circuit(ConstraintSystem& cs, TreeHash hash,
                               const std::vector<AllocatedNum>& children) {
  if (hash == TreeHash::kPoseidon) return poseidon_hash_circuit(cs, children);
  std::vector<Boolean> preimage;
  preimage.reserve(children.size() * 256);
  for (std::size_t i = 0; i < children.size(); ++i) {
    Namespace ns(cs, [i] { return std::to_string(i) + "_num_into_bits"; });
    append_reversed_bytes(preimage, children[i].to_bits_le(cs));
  }
  return sha256_hash_circuit(cs, preimage);
}

}  // namespace tessera::crypto::r1cs
