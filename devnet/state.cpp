#include "devnet/state.hpp"

#include <nlohmann/json.hpp>

#include "chain/types/state_json.hpp"
#include "crypto/blake2b.hpp"

namespace tessera::chain::devnet {
namespace {

using nlohmann::json;

constexpr std::uint64_t kCodecDagJson = 0x0129;

json power_json(const PowerPair& p) {
  return json{{"Raw", p.raw_byte_power.to_string()}, {"QA", p.quality_adj_power.to_string()}};
}

json miner_json(const MinerState& m) {
  json precommits = json::object();
  for (const auto& [n, p] : m.precommits) precommits[std::to_string(n)] = chain::to_json(p);
  json sectors = json::object();
  for (const auto& [n, s] : m.sectors) sectors[std::to_string(n)] = chain::to_json(s);
  json deadlines = json::array();
  for (const auto& d : m.deadlines) {
    json partitions = json::array();
    for (const auto& p : d.partitions) {
      partitions.push_back({{"Sectors", bitfield_to_json(p.sectors)},
                            {"Unproven", bitfield_to_json(p.unproven)},
                            {"Faults", bitfield_to_json(p.faults)},
                            {"Recoveries", bitfield_to_json(p.recoveries)}});
    }
    deadlines.push_back(
        {{"Partitions", partitions}, {"PostSubmissions", bitfield_to_json(d.post_submissions)}});
  }
  return json{{"Info", chain::to_json(m.info, Network::kTestnet)},
              {"ProvingPeriodOffset", m.proving_period_offset},
              {"PreCommitDeposits", m.pre_commit_deposits.to_string()},
              {"InitialPledge", m.initial_pledge.to_string()},
              {"AllocatedSectors", bitfield_to_json(m.allocated_sectors)},
              {"PreCommits", precommits},
              {"Sectors", sectors},
              {"Deadlines", deadlines},
              {"Power", power_json(m.power)}};
}

}  // namespace

void add_singleton_actors(State& state) {
  for (auto [id, kind] : {std::pair{kSystemActorId, ActorKind::kSystem},
                          {kInitActorId, ActorKind::kInit},
                          {kRewardActorId, ActorKind::kReward},
                          {kCronActorId, ActorKind::kCron},
                          {kPowerActorId, ActorKind::kPower},
                          {kBurntFundsActorId, ActorKind::kBurntFunds}})
    state.actors[id] = Actor{kind, std::nullopt, TokenAmount(), 0};
}

std::optional<std::uint64_t> State::resolve(const Address& address) const {
  if (address.protocol() == AddressProtocol::kId) {
    if (actors.contains(address.id())) return address.id();
    return std::nullopt;
  }
  auto it = key_index.find(address);
  if (it == key_index.end()) return std::nullopt;
  return it->second;
}

const Actor* State::actor(std::uint64_t id) const {
  auto it = actors.find(id);
  return it == actors.end() ? nullptr : &it->second;
}

Actor* State::actor(std::uint64_t id) {
  auto it = actors.find(id);
  return it == actors.end() ? nullptr : &it->second;
}

const MinerState* State::miner(std::uint64_t id) const {
  auto it = miners.find(id);
  return it == miners.end() ? nullptr : &it->second;
}

TokenAmount State::miner_available_balance(std::uint64_t id) const {
  const Actor* a = actor(id);
  const MinerState* m = miner(id);
  if (!a || !m) return TokenAmount();
  TokenAmount locked = m->pre_commit_deposits + m->initial_pledge;
  if (a->balance < locked) return TokenAmount();
  return a->balance - locked;
}

json State::to_json() const {
  json actor_list = json::object();
  for (const auto& [id, a] : actors) {
    actor_list[std::to_string(id)] = {{"Kind", static_cast<int>(a.kind)},
                                      {"Key", a.key ? a.key->to_string() : std::string()},
                                      {"Balance", a.balance.to_string()},
                                      {"Nonce", a.nonce}};
  }
  json miner_list = json::object();
  for (const auto& [id, m] : miners) miner_list[std::to_string(id)] = miner_json(m);
  return json{{"Actors", actor_list},
              {"NextID", next_id},
              {"Miners", miner_list},
              {"TotalPower", power_json(total_power)}};
}

cid::Cid State::root() const {
  const std::string text = to_json().dump();
  return cid::Cid{
      kCodecDagJson, cid::kMhBlake2b256,
      crypto::blake2b(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), 32)};
}

}  // namespace tessera::chain::devnet
