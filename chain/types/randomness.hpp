// Chain randomness as lotus draws it (chain/rand): BLAKE2b-256 over the domain-separation tag,
// the digest of a ticket or beacon value, the epoch and caller entropy.
#pragma once

#include "chain/types/address.hpp"

#include <cstdint>

#include "common/encoding.hpp"
#include "crypto/sha256.hpp"

namespace tessera::chain {

// go-state-types crypto.DomainSeparationTag values.
enum class DomainSeparationTag : std::int64_t {
  kTicketProduction = 1,
  kElectionProofProduction = 2,
  kWinningPoStChallengeSeed = 3,
  kWindowedPoStChallengeSeed = 4,
  kSealRandomness = 5,
  kInteractiveSealChallengeSeed = 6,
  kWindowPoStDeadlineAssignment = 7,
  kMarketDealCronSeed = 8,
  kPoStChainCommit = 9,
  kEvmPrevRandao = 10,
};

// DrawRandomnessFromDigest: BLAKE2b-256(i64_be(tag) ‖ digest ‖ i64_be(epoch) ‖ entropy).
crypto::Digest32 draw_randomness_from_digest(const crypto::Digest32& digest,
                                             DomainSeparationTag tag, std::int64_t epoch,
                                             const Bytes& entropy);
// DrawRandomnessFromBase: the same over BLAKE2b-256(base) (a ticket's VRF proof, a beacon's data).
crypto::Digest32 draw_randomness(const Bytes& base, DomainSeparationTag tag, std::int64_t epoch,
                                 const Bytes& entropy);

// CBOR of an address: the entropy actors and miners draw randomness with.
Bytes address_entropy(const Address& address);

}  // namespace tessera::chain
