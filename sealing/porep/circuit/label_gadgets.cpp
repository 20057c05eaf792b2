#include "sealing/porep/circuit/label_gadgets.hpp"

#include "common/error.hpp"
#include "crypto/r1cs/multipack.hpp"
#include "crypto/r1cs/poseidon_gadget.hpp"
#include "crypto/r1cs/sha256_gadget.hpp"

namespace tessera::porep::circuit {

using crypto::r1cs::AllocatedNum;
using crypto::r1cs::Boolean;

AllocatedNum create_label_circuit(crypto::r1cs::ConstraintSystem& cs,
                                  const std::vector<Boolean>& replica_id,
                                  const std::vector<std::vector<Boolean>>& parents,
                                  const crypto::r1cs::UInt32& layer,
                                  const crypto::r1cs::UInt64& node) {
  if (replica_id.size() < 32 || replica_id.size() > 256) {
    throw InvalidInput("create_label: replica id must have 32 to 256 bits");
  }
  if (parents.size() != kLabelParents) throw InvalidInput("create_label: need 37 parents");
  std::vector<Boolean> message = replica_id;
  message.reserve((2 + kLabelParents) * 256);
  message.resize(256, Boolean::constant(false));
  const auto layer_bits = layer.into_bits_be();
  message.insert(message.end(), layer_bits.begin(), layer_bits.end());
  const auto node_bits = node.to_bits_be();
  message.insert(message.end(), node_bits.begin(), node_bits.end());
  message.resize(512, Boolean::constant(false));
  for (const auto& parent : parents) {
    if (parent.size() > 256) throw InvalidInput("create_label: a parent has more than 256 bits");
    message.insert(message.end(), parent.begin(), parent.end());
    message.resize((message.size() + 255) / 256 * 256, Boolean::constant(false));
  }
  std::vector<Boolean> digest;
  {
    crypto::r1cs::Namespace ns(cs, "hash");
    digest = crypto::r1cs::sha256(cs, message);
  }
  std::vector<Boolean> bits = crypto::r1cs::reverse_bit_numbering(std::move(digest));
  bits.resize(crypto::r1cs::kFrCapacity);
  crypto::r1cs::Namespace ns(cs, "result_num");
  return crypto::r1cs::pack_bits(cs, bits);
}

AllocatedNum hash_single_column(crypto::r1cs::ConstraintSystem& cs,
                                const std::vector<AllocatedNum>& rows) {
  if (rows.size() != 2 && rows.size() != 11) {
    throw InvalidInput("hash_single_column: unsupported column size " +
                       std::to_string(rows.size()));
  }
  return crypto::r1cs::poseidon_hash_circuit(cs, rows);
}

}  // namespace tessera::porep::circuit
