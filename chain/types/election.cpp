#include "chain/types/election.hpp"

#include <cmath>

#include "chain/types/randomness.hpp"
#include "common/error.hpp"
#include "crypto/blake2b.hpp"

namespace tessera::chain {
namespace {

Bytes draw(const BeaconEntry& beacon, DomainSeparationTag tag, std::int64_t round,
           const Bytes& entropy) {
  const auto d = draw_randomness(beacon.data, tag, round, entropy);
  return Bytes(d.begin(), d.end());
}

}  // namespace

std::int64_t compute_win_count(const Bytes& vrf_proof, const BigInt& power, const BigInt& total) {
  if (power == BigInt() || total == BigInt()) return 0;
  const double lambda = static_cast<double>(kBlocksPerEpoch) * std::stod(power.to_string()) /
                        std::stod(total.to_string());
  const Bytes h = crypto::blake2b(vrf_proof, 32);
  double fraction = 0;  // h / 2^256, from the most significant bytes down
  for (int i = 31; i >= 0; --i) fraction = (fraction + h[i]) / 256.0;
  double pmf = std::exp(-lambda);
  double rhs = 1 - pmf;  // P(X > 0)
  std::int64_t wins = 0;
  while (fraction < rhs && wins < kMaxWinCount) {
    ++wins;
    pmf = pmf * lambda / static_cast<double>(wins);
    rhs -= pmf;  // P(X > wins)
  }
  return wins;
}

bool verify_vrf(const Address& worker_key, const Bytes& randomness, const Bytes& proof) {
  try {
    const auto type = worker_key.protocol() == AddressProtocol::kBls ? SignatureType::kBls
                                                                      : SignatureType::kSecp256k1;
    return verify_signature(worker_key, randomness, Signature{type, proof});
  } catch (const Error&) {
    return false;
  }
}

Bytes ticket_randomness(const BeaconEntry& beacon, std::int64_t round, const Address& miner,
                        const Bytes& parent_ticket) {
  Bytes entropy = address_entropy(miner);
  entropy.insert(entropy.end(), parent_ticket.begin(), parent_ticket.end());
  return draw(beacon, DomainSeparationTag::kTicketProduction, round - 1, entropy);
}

Bytes election_randomness(const BeaconEntry& beacon, std::int64_t round, const Address& miner) {
  return draw(beacon, DomainSeparationTag::kElectionProofProduction, round, address_entropy(miner));
}

Bytes winning_post_randomness(const BeaconEntry& beacon, std::int64_t round, const Address& miner) {
  return draw(beacon, DomainSeparationTag::kWinningPoStChallengeSeed, round,
              address_entropy(miner));
}

}  // namespace tessera::chain
