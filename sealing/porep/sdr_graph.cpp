#include "sealing/porep/sdr_graph.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <string_view>

#include "common/error.hpp"
#include "crypto/blake2b.hpp"
#include "crypto/chacha.hpp"

namespace tessera::porep {
namespace {

constexpr int kFeistelRounds = 3;

crypto::Digest32 domain_seed(std::string_view tag, const PorepId& porep_id) {
  crypto::Sha256 h;
  h.update(reinterpret_cast<const std::uint8_t*>(tag.data()), tag.size());
  h.update(porep_id.data(), porep_id.size());
  return h.finish();
}

std::uint64_t load_le64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void store_be64(std::uint64_t v, std::uint8_t* p) {
  for (int i = 7; i >= 0; --i, v >>= 8) p[i] = static_cast<std::uint8_t>(v);
}

}  // namespace

PorepId porep_id_for(std::uint64_t registered_seal_proof) {
  PorepId id{};
  for (int i = 0; i < 8; ++i) id[i] = static_cast<std::uint8_t>(registered_seal_proof >> (8 * i));
  return id;
}

SdrApi sdr_api_for(const PorepId& porep_id) {
  return load_le64(porep_id.data()) <= 4 ? SdrApi::kV1_0 : SdrApi::kV1_1;
}

SdrGraph::SdrGraph(std::uint64_t nodes, const PorepId& porep_id, SdrApi api)
    : nodes_(nodes), api_(api) {
  if (nodes < 2 || !std::has_single_bit(nodes) || nodes > (1ULL << 32)) {
    throw InvalidInput("SDR graph: node count must be a power of two in [2, 2^32]");
  }
  auto drg = domain_seed("Filecoin_DRSample", porep_id);
  std::memcpy(drg_seed_.data(), drg.data(), drg_seed_.size());
  auto feistel = domain_seed("Filecoin_Feistel", porep_id);
  for (int i = 0; i < 4; ++i) feistel_keys_[i] = load_le64(feistel.data() + 8 * i);
  // Smallest log4 >= 1 with 4^log4 >= 8·nodes.
  const std::uint64_t domain = nodes * kExpansionDegree;
  int log4 = 1;
  while ((1ULL << (2 * log4)) < domain) ++log4;
  half_bits_ = log4;
  right_mask_ = (1ULL << log4) - 1;
  left_mask_ = right_mask_ << log4;
}

void SdrGraph::base_parents(std::uint64_t node, std::uint32_t out[kBaseDegree]) const {
  if (node < 2) {
    for (std::size_t i = 0; i < kBaseDegree; ++i) out[i] = 0;
    return;
  }
  std::array<std::uint8_t, 32> seed{};
  std::memcpy(seed.data(), drg_seed_.data(), drg_seed_.size());
  for (int i = 0; i < 4; ++i) seed[28 + i] = static_cast<std::uint8_t>(node >> (8 * i));
  crypto::ChaCha8Rng rng(seed);
  constexpr std::uint64_t kMPrime = kBaseDegree - 1;
  const std::uint64_t meta = node * kMPrime;
  const auto buckets = static_cast<std::uint64_t>(std::ceil(std::log2(static_cast<double>(meta))));
  const std::size_t first_random = api_ == SdrApi::kV1_0 ? 0 : 1;
  for (std::size_t k = 0; k < kMPrime; ++k) {
    std::uint64_t bucket = rng.next_u64() % buckets + 1;
    std::uint64_t largest = std::min<std::uint64_t>(meta, 1ULL << bucket);
    std::uint64_t smallest = std::max<std::uint64_t>(2, largest >> 1);
    std::uint64_t distance = smallest + rng.next_u64() % (largest - smallest + 1);
    auto parent = static_cast<std::uint32_t>((meta - distance) / kMPrime);
    out[first_random + k] = parent == node ? static_cast<std::uint32_t>(node - 1) : parent;
  }
  out[api_ == SdrApi::kV1_0 ? kMPrime : 0] = static_cast<std::uint32_t>(node - 1);
}

std::uint64_t SdrGraph::feistel_encode(std::uint64_t x) const {
  std::uint64_t left = (x & left_mask_) >> half_bits_;
  std::uint64_t right = x & right_mask_;
  for (int round = 0; round < kFeistelRounds; ++round) {
    std::uint8_t input[16];
    store_be64(right, input);
    store_be64(feistel_keys_[round], input + 8);
    auto digest = crypto::blake2b(input, sizeof input, 64);
    std::uint64_t f = 0;
    for (int i = 0; i < 8; ++i) f = (f << 8) | digest[i];
    std::uint64_t next_right = left ^ (f & right_mask_);
    left = right;
    right = next_right;
  }
  return (left << half_bits_) | right;
}

void SdrGraph::expander_parents(std::uint64_t node, std::uint32_t out[kExpansionDegree]) const {
  const std::uint64_t domain = nodes_ * kExpansionDegree;
  for (std::size_t i = 0; i < kExpansionDegree; ++i) {
    std::uint64_t permuted = feistel_encode(node * kExpansionDegree + i);
    while (permuted >= domain) permuted = feistel_encode(permuted);
    if (api_ == SdrApi::kV1_0) permuted = static_cast<std::uint32_t>(permuted);
    out[i] = static_cast<std::uint32_t>(permuted / kExpansionDegree);
  }
}

void SdrGraph::parents(std::uint64_t node, std::uint32_t out[kTotalParents]) const {
  base_parents(node, out);
  expander_parents(node, out + kBaseDegree);
}

SdrGraph sdr_graph_for(const SealProofInfo& info) {
  const auto porep_id = porep_id_for(static_cast<std::uint64_t>(info.id));
  return SdrGraph(info.sector_size / 32, porep_id, sdr_api_for(porep_id));
}

}  // namespace tessera::porep
