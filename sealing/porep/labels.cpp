#include "sealing/porep/labels.hpp"

#include <cstring>

#include "crypto/sha256_trunc254.hpp"

namespace tessera::porep {
namespace {

void store_be(std::uint64_t v, std::uint8_t* p, int bytes) {
  for (int i = bytes - 1; i >= 0; --i, v >>= 8) p[i] = static_cast<std::uint8_t>(v);
}

crypto::Digest32 digest_of(const crypto::Sha256State& state) {
  crypto::Digest32 out;
  for (int i = 0; i < 8; ++i) store_be(state[i], out.data() + 4 * i, 4);
  crypto::truncate_to_fr(out.data());
  return out;
}

}  // namespace

LabelMessage::LabelMessage(const crypto::Digest32& replica_id, std::uint32_t layer) {
  std::memcpy(bytes_.data(), replica_id.data(), 32);
  store_be(layer, bytes_.data() + 32, 4);
  // 37 × 32 = 1184 parent bytes end 32 bytes into block 19: then 0x80 and the bit length 1248·8.
  constexpr std::size_t kEnd = 64 + kLabelParentSlots * 32;
  bytes_[kEnd] = 0x80;
  store_be(kEnd * 8, bytes_.data() + 64 * kBlocks - 8, 8);
}

void LabelMessage::set_node(std::uint64_t node) {
  store_be(node, bytes_.data() + 36, 8);
}

crypto::Digest32 LabelMessage::hash() const {
  crypto::Sha256State state = crypto::kSha256Init;
  crypto::sha256_compress(state, bytes_.data(), kBlocks);
  return digest_of(state);
}

crypto::Digest32 label_hash(const crypto::Digest32& replica_id, std::uint32_t layer,
                            std::uint64_t node, const std::uint8_t* parent_labels) {
  if (parent_labels) {
    LabelMessage message(replica_id, layer);
    message.set_node(node);
    std::memcpy(message.slot(0), parent_labels, kLabelParentSlots * 32);
    return message.hash();
  }
  std::uint8_t blocks[128] = {};  // node 0 has no parents: one block of header, one of padding
  std::memcpy(blocks, replica_id.data(), 32);
  store_be(layer, blocks + 32, 4);
  store_be(node, blocks + 36, 8);
  blocks[64] = 0x80;
  store_be(64 * 8, blocks + 120, 8);
  crypto::Sha256State state = crypto::kSha256Init;
  crypto::sha256_compress(state, blocks, 2);
  return digest_of(state);
}

std::vector<Bytes> label_layers_in_memory(const SdrGraph& graph, const crypto::Digest32& replica_id,
                                          std::size_t layers) {
  const std::uint64_t nodes = graph.nodes();
  std::vector<Bytes> result(layers, Bytes(nodes * 32));
  std::uint8_t parents_data[kLabelParentSlots * 32];
  std::uint32_t parents[kTotalParents];
  for (std::size_t layer = 1; layer <= layers; ++layer) {
    Bytes& current = result[layer - 1];
    const Bytes* previous = layer > 1 ? &result[layer - 2] : nullptr;
    const std::size_t distinct = previous ? kTotalParents : kBaseDegree;
    for (std::uint64_t node = 0; node < nodes; ++node) {
      crypto::Digest32 label;
      if (node == 0) {
        label = label_hash(replica_id, static_cast<std::uint32_t>(layer), node, nullptr);
      } else {
        graph.parents(node, parents);
        for (std::size_t p = 0; p < distinct; ++p) {  // slot s holds parent s mod distinct
          const Bytes& source = p < kBaseDegree ? current : *previous;
          for (std::size_t s = p; s < kLabelParentSlots; s += distinct) {
            std::memcpy(parents_data + 32 * s, source.data() + 32 * std::uint64_t{parents[p]}, 32);
          }
        }
        label = label_hash(replica_id, static_cast<std::uint32_t>(layer), node, parents_data);
      }
      std::memcpy(current.data() + 32 * node, label.data(), 32);
    }
  }
  return result;
}

}  // namespace tessera::porep
