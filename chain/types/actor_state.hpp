// What the full-node API reports about miner actors and messages (lotus api and
// go-state-types builtin/v13/miner): miner info, power, deadlines, partitions, sectors,
// precommits, message receipts and lookups, mining base info and head changes. Plain values;
// their JSON forms are in state_json.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chain/types/address.hpp"
#include "chain/types/big_int.hpp"
#include "chain/types/bitfield.hpp"
#include "chain/types/block_header.hpp"
#include "chain/types/deadline.hpp"
#include "chain/types/miner_params.hpp"
#include "chain/types/tipset_key.hpp"
#include "common/cid/cid.hpp"

namespace tessera::chain {

struct MinerInfo {
  Address owner;
  Address worker;
  std::optional<Address> new_worker;  // a pending worker change, if any
  std::vector<Address> control_addresses;
  ChainEpoch worker_change_epoch = -1;  // when new_worker takes effect (-1: none pending)
  std::string peer_id;                  // base58 peer ID; empty when unset
  std::vector<Bytes> multiaddrs;
  std::int64_t window_post_proof_type = 0;
  std::uint64_t sector_size = 0;
  std::uint64_t window_post_partition_sectors = 0;
  ChainEpoch consensus_fault_elapsed = -1;
  Address beneficiary;  // lotus defaults it to the owner
  bool operator==(const MinerInfo&) const = default;
};

struct PowerPair {
  BigInt raw_byte_power;
  BigInt quality_adj_power;
  bool operator==(const PowerPair&) const = default;
};

// StateMinerPower.
struct MinerPower {
  PowerPair miner_power;
  PowerPair total_power;
  bool has_min_power = false;
  bool operator==(const MinerPower&) const = default;
};

// One element of StateMinerDeadlines.
struct DeadlineState {
  BitField post_submissions;  // partitions proven in the current instance of this deadline
  std::uint64_t disputable_proof_count = 0;
  TokenAmount daily_fee;
  bool operator==(const DeadlineState&) const = default;
};

// One element of StateMinerPartitions.
struct PartitionState {
  BitField all_sectors;
  BitField faulty_sectors;
  BitField recovering_sectors;
  BitField live_sectors;
  BitField active_sectors;
  bool operator==(const PartitionState&) const = default;
};

// StateSectorGetInfo / StateMinerSectors.
struct SectorOnChainInfo {
  std::uint64_t sector_number = 0;
  std::int64_t seal_proof = 0;
  cid::Cid sealed_cid;
  ChainEpoch activation = 0;
  ChainEpoch expiration = 0;
  BigInt deal_weight;
  BigInt verified_deal_weight;
  TokenAmount initial_pledge;
  TokenAmount expected_day_reward;
  TokenAmount expected_storage_pledge;
  ChainEpoch power_base_epoch = 0;
  TokenAmount replaced_day_reward;
  std::optional<cid::Cid> sector_key_cid;
  std::uint64_t flags = 0;
  TokenAmount daily_fee;
  bool operator==(const SectorOnChainInfo&) const = default;
};

// StateSectorPreCommitInfo.
struct SectorPreCommitOnChainInfo {
  SectorPreCommitInfo info;
  TokenAmount pre_commit_deposit;
  ChainEpoch pre_commit_epoch = 0;
  bool operator==(const SectorPreCommitOnChainInfo&) const = default;
};

struct MessageReceipt {
  std::int64_t exit_code = 0;
  Bytes return_value;
  std::int64_t gas_used = 0;
  bool operator==(const MessageReceipt&) const = default;
};

// StateWaitMsg / StateSearchMsg.
struct MsgLookup {
  cid::Cid message;
  MessageReceipt receipt;
  TipSetKey tipset;
  ChainEpoch height = 0;
  bool operator==(const MsgLookup&) const = default;
};

// An element of MinerGetBaseInfo's Sectors: what a WinningPoSt challenges.
struct SectorChallengeInfo {
  std::int64_t seal_proof = 0;
  std::uint64_t sector_number = 0;
  std::optional<cid::Cid> sector_key;
  cid::Cid sealed_cid;
  bool operator==(const SectorChallengeInfo&) const = default;
};

// MinerGetBaseInfo.
struct MiningBaseInfo {
  BigInt miner_power;
  BigInt network_power;
  std::vector<SectorChallengeInfo> sectors;
  Address worker_key;
  std::uint64_t sector_size = 0;
  BeaconEntry prev_beacon_entry;
  std::vector<BeaconEntry> beacon_entries;
  bool eligible_for_mining = false;
  bool operator==(const MiningBaseInfo&) const = default;
};

// StateMinerSectorCount.
struct MinerSectorCount {
  std::uint64_t live = 0;
  std::uint64_t active = 0;
  std::uint64_t faulty = 0;
  bool operator==(const MinerSectorCount&) const = default;
};

// A miner actor's balance and the funds its state locks (StateReadState of a miner: Balance and
// State.{PreCommitDeposits, LockedFunds, InitialPledge, FeeDebt}).
struct MinerFunds {
  TokenAmount balance;
  TokenAmount pre_commit_deposits;
  TokenAmount locked_funds;  // vesting block rewards
  TokenAmount initial_pledge;
  TokenAmount fee_debt;
  bool operator==(const MinerFunds&) const = default;
};

// StateMarketBalance.
struct MarketBalance {
  TokenAmount escrow;
  TokenAmount locked;
  bool operator==(const MarketBalance&) const = default;
};

// A ChainNotify value element: "current" (the first value), "apply" or "revert".
struct HeadChange {
  std::string type;
  TipSet tipset;
};

}  // namespace tessera::chain
