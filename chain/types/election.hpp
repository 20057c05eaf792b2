// Expected-consensus election as a miner and a chain both compute it (lotus chain/types
// electionproof.go, miner/miner.go): tickets and election proofs are VRF outputs of the
// worker key over drawn randomness, and the win count follows a Poisson distribution with rate
// BlocksPerEpoch × miner power / network power.
#pragma once

#include <cstdint>

#include "chain/types/big_int.hpp"
#include "chain/types/block_header.hpp"
#include "chain/types/message.hpp"

namespace tessera::chain {

inline constexpr std::int64_t kBlocksPerEpoch = 5;  // build.BlocksPerEpoch
inline constexpr std::int64_t kMaxWinCount = 3 * kBlocksPerEpoch;

// How many blocks a VRF output wins: the smallest j with h < 1 − Σ_{k≤j} Poisson(k; λ) fails,
// where h = BLAKE2b-256(vrf_proof) read as a fraction of 2^256 and λ = 5 × power / total.
// Computed in double precision (lotus: Q.256 fixed point; they differ only at boundaries).
// Zero when power or total is zero.
std::int64_t compute_win_count(const Bytes& vrf_proof, const BigInt& power, const BigInt& total);

// A VRF proof as the chain checks it: the worker key's signature over the randomness (lotus
// VerifyVRF through sigs.Verify). A BLS (f3) worker's proof is its 96-byte BLS signature, as on
// every Filecoin network; tessera's devnet also accepts a secp256k1 (f1) worker's deterministic
// RFC 6979 signature (docs/devnet.md). False for anything else.
bool verify_vrf(const Address& worker_key, const Bytes& randomness, const Bytes& proof);

// The randomness a miner's worker key signs for a block at round (lotus miner.go): the ticket
// over TicketProduction at round − 1 with entropy CBOR(miner) ‖ the parent's ticket, the
// election proof over ElectionProofProduction at round, both from the round's beacon entry.
Bytes ticket_randomness(const BeaconEntry& beacon, std::int64_t round, const Address& miner,
                        const Bytes& parent_ticket);
Bytes election_randomness(const BeaconEntry& beacon, std::int64_t round, const Address& miner);
// The WinningPoSt challenge randomness (WinningPoStChallengeSeed at round, entropy CBOR(miner)).
Bytes winning_post_randomness(const BeaconEntry& beacon, std::int64_t round, const Address& miner);

}  // namespace tessera::chain
