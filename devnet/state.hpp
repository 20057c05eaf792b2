// The devnet's world state: actors with balances and nonces, the key-address index the init
// actor keeps, and the miner actors' state. Plain values, copied to apply a message all or
// nothing; the state root is the CID of its canonical JSON (docs/devnet.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "chain/types/actor_state.hpp"
#include "common/cid/cid.hpp"

namespace tessera::chain::devnet {

// Exit codes as lotus shows them (go-state-types exitcode).
namespace exit_code {
inline constexpr std::int64_t kOk = 0;
inline constexpr std::int64_t kSysErrSenderInvalid = 1;
inline constexpr std::int64_t kSysErrSenderStateInvalid = 2;
inline constexpr std::int64_t kSysErrInvalidMethod = 3;
inline constexpr std::int64_t kSysErrInvalidReceiver = 5;
inline constexpr std::int64_t kSysErrInsufficientFunds = 6;
inline constexpr std::int64_t kErrIllegalArgument = 16;
inline constexpr std::int64_t kErrNotFound = 17;
inline constexpr std::int64_t kErrForbidden = 18;
inline constexpr std::int64_t kErrInsufficientFunds = 19;
inline constexpr std::int64_t kErrIllegalState = 20;
inline constexpr std::int64_t kErrSerialization = 21;
inline constexpr std::int64_t kErrUnhandledMessage = 22;
}  // namespace exit_code

// Singleton actor IDs (lotus builtin addresses).
inline constexpr std::uint64_t kSystemActorId = 0;
inline constexpr std::uint64_t kInitActorId = 1;
inline constexpr std::uint64_t kRewardActorId = 2;
inline constexpr std::uint64_t kCronActorId = 3;
inline constexpr std::uint64_t kPowerActorId = 4;
inline constexpr std::uint64_t kBurntFundsActorId = 99;
// Genesis accounts start at 100 and genesis miners at 1000, as in a lotus genesis.
inline constexpr std::uint64_t kFirstAccountId = 100;
inline constexpr std::uint64_t kFirstMinerId = 1000;

enum class ActorKind { kSystem, kInit, kReward, kCron, kPower, kBurntFunds, kAccount, kMiner };

struct Actor {
  ActorKind kind = ActorKind::kAccount;
  std::optional<Address> key;  // the f1/f3 address of an account
  TokenAmount balance;
  std::uint64_t nonce = 0;
};

// A partition as the miner actor keeps it; live = sectors, active = live minus faults and
// unproven.
struct Partition {
  BitField sectors;
  BitField unproven;
  BitField faults;
  BitField recoveries;

  // The sectors that count for power and WinningPoSt: live, proven and not faulty.
  BitField active() const { return sectors.subtract(faults).subtract(unproven); }
};

struct Deadline {
  std::vector<Partition> partitions;
  BitField post_submissions;  // partitions proven in the current challenge window
};

struct MinerState {
  MinerInfo info;  // owner, worker and control addresses as ID addresses
  ChainEpoch proving_period_offset = 0;
  TokenAmount pre_commit_deposits;
  TokenAmount initial_pledge;
  BitField allocated_sectors;
  std::map<std::uint64_t, SectorPreCommitOnChainInfo> precommits;
  std::map<std::uint64_t, SectorOnChainInfo> sectors;
  std::vector<Deadline> deadlines;  // period_deadlines of them
  PowerPair power;                  // of active sectors
};

struct State {
  std::map<std::uint64_t, Actor> actors;
  std::map<Address, std::uint64_t> key_index;  // account key address -> ID
  std::uint64_t next_id = kFirstAccountId;
  std::map<std::uint64_t, MinerState> miners;
  PowerPair total_power;

  // The actor ID an address names (an ID address of an existing actor, or a known key), or
  // nullopt.
  std::optional<std::uint64_t> resolve(const Address& address) const;
  const Actor* actor(std::uint64_t id) const;
  Actor* actor(std::uint64_t id);
  const MinerState* miner(std::uint64_t id) const;
  // Available balance: balance minus precommit deposits and initial pledge (never below 0).
  TokenAmount miner_available_balance(std::uint64_t id) const;
  // Canonical JSON of the whole state and its CID (dag-json, BLAKE2b-256).
  nlohmann::json to_json() const;
  cid::Cid root() const;
};

// Adds the singleton actors every state has (system, init, reward, cron, power, burnt funds),
// empty.
void add_singleton_actors(State& state);

}  // namespace tessera::chain::devnet
