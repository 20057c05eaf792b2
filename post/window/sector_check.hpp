// Whether this miner can prove a sector's WindowPoSt, as lotus's checkSectors asks
// CheckProvable (storage/wdpost/wdpost_run.go, storage/sealer/faults.go): the chain knows the
// sector, and whoever holds its files (SectorProofSource: this machine's paths or another's
// /remote) answers a challenge with a vanilla proof that verifies against the chain's CommR,
// within lotus's [Proving] limits. Shared by the prover (which proves the real challenge the
// same way and skips sectors that fail) and the fault and recovery declarations.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chain/api/full_node_client.hpp"
#include "chain/types/address.hpp"
#include "chain/types/bitfield.hpp"
#include "chain/types/tipset_key.hpp"
#include "crypto/merkle.hpp"
#include "post/bounded_calls.hpp"
#include "post/fallback/vanilla_post.hpp"
#include "post/sector_proof_source.hpp"

namespace tessera::post::window {

// Challenges per sector of a WindowPoSt (rust-fil-proofs WINDOW_POST_CHALLENGE_COUNT).
inline constexpr std::uint64_t kWindowPostChallenges = 10;

// How a prover reaches its sectors: who answers their challenges, and the [Proving] limits the
// calls run under.
struct SectorAccess {
  SectorProofSource source;
  CheckLimits limits;
};

// One sector: its chain info and, once proven, its vanilla proof.
struct CheckedSector {
  chain::SectorOnChainInfo info;  // only sector_number is set when the chain has none
  crypto::Digest32 comm_r{};      // the chain's CommR
  std::optional<SectorPostProof> proof;
  std::string failure;  // why it cannot be proven; empty when it can
  bool provable() const { return failure.empty(); }
};

// The sectors of `sectors` (ascending) of `miner` at `head` with their chain info; one the
// chain has no info for, or whose sealed CID holds no 32-byte CommR, has its failure set.
// Throws the node's errors as FullNodeClient throws them.
std::vector<CheckedSector> sectors_on_chain(const chain::Address& miner,
                                            const chain::BitField& sectors,
                                            const chain::TipSetKey& head,
                                            chain::FullNodeClient& node);

// Proves each still-provable sector of `sectors` (the i-th as the i-th of the proving set) for
// `params` through access.source under access.limits (run_bounded), and keeps each proof that
// verifies against the sector's CommR; a sector whose files cannot be reached in time, do not open
// as the sector's or give a proof that does not verify gets the reason as its failure. Never throws
// for a sector.
void prove_sectors(std::vector<CheckedSector>& sectors, const PostChallengeParams& params,
                   const SectorAccess& access);

// sectors_on_chain, then prove_sectors with fresh random WindowPoSt challenges (lotus checks
// with a random seed too) for the sectors' size (their seal proof's; a sector of another size or
// an unknown seal proof fails): which sectors could be proven now.
std::vector<CheckedSector> check_sectors(const chain::Address& miner,
                                         const chain::BitField& sectors,
                                         const chain::TipSetKey& head, chain::FullNodeClient& node,
                                         const SectorAccess& access);

// The sectors of `checked` that passed (provable) or failed (!provable).
chain::BitField sectors_where(const std::vector<CheckedSector>& checked, bool provable);

}  // namespace tessera::post::window
