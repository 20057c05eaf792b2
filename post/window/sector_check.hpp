// Whether this machine can prove a sector's WindowPoSt, as lotus's checkSectors asks its fault
// tracker (storage/wdpost/wdpost_run.go): the chain knows the sector, its files are reachable,
// open as a sealed replica and cache, and commit to the chain's CommR. Shared by the prover
// (which skips sectors that fail) and the fault and recovery declarations.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "chain/api/full_node_client.hpp"
#include "chain/types/address.hpp"
#include "chain/types/bitfield.hpp"
#include "chain/types/tipset_key.hpp"
#include "common/executor/stage_context.hpp"
#include "crypto/merkle.hpp"
#include "post/sector_files.hpp"
#include "sealing/porep/sector_files.hpp"

namespace tessera::post::window {

// One checked sector: its chain info and, when it passed, its opened replica.
struct CheckedSector {
  chain::SectorOnChainInfo info;  // only sector_number is set when the chain has none
  crypto::Digest32 comm_r{};      // the chain's CommR
  std::unique_ptr<porep::SealedReplica> replica;
  std::string failure;  // why it cannot be proven; empty when it can
  bool provable() const { return failure.empty(); }
};

// Checks each sector of `sectors` (ascending) of `miner` at `head`, the files opened on ctx's
// cores. A sector fails when the chain has no info for it or no 32-byte CommR in its sealed
// CID, the lookup gives no files, SealedReplica cannot open them (missing or wrong-size files,
// corrupt p_aux/t_aux), or Poseidon(comm_c, TreeRLast root) from those files is not the
// chain's CommR (another sector's files); failures are results, never thrown.
// Throws the node's errors as FullNodeClient throws them; Cancelled when ctx is cancelled.
std::vector<CheckedSector> check_sectors(const chain::Address& miner,
                                         const chain::BitField& sectors,
                                         const chain::TipSetKey& head, chain::FullNodeClient& node,
                                         const SectorFileLookup& files, StageContext& ctx);

// The sectors of `checked` that passed (provable) or failed (!provable).
chain::BitField sectors_where(const std::vector<CheckedSector>& checked, bool provable);

}  // namespace tessera::post::window
