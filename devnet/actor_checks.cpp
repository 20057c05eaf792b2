#include "devnet/actor_checks.hpp"

#include <algorithm>

namespace tessera::chain::devnet {

std::uint64_t resolve_account(const State& state, const Address& address, std::string_view role) {
  const auto id = state.resolve(address);
  if (!id)
    throw ActorError(
        exit_code::kErrIllegalArgument,
        std::string(role) + " " + address.to_string(Network::kTestnet) + " does not exist");
  if (state.actor(*id)->kind != ActorKind::kAccount)
    throw ActorError(
        exit_code::kErrIllegalArgument,
        std::string(role) + " " + address.to_string(Network::kTestnet) + " is not an account");
  return *id;
}

void check_multiaddrs(const std::vector<Bytes>& multiaddrs) {
  std::size_t total = 0;
  for (const auto& m : multiaddrs) {
    if (m.empty()) throw ActorError(exit_code::kErrIllegalArgument, "invalid empty multiaddr");
    total += m.size();
  }
  if (total > 1024)
    throw ActorError(exit_code::kErrIllegalArgument,
                     "multiaddr size exceeds maximum of 1024 bytes");
}

void check_peer_id(const Bytes& peer_id) {
  if (peer_id.size() > 128)
    throw ActorError(exit_code::kErrIllegalArgument, "peer ID size exceeds maximum of 128 bytes");
}

void check_caller(const MinerState& miner, std::uint64_t caller, bool owner, bool worker,
                  bool control) {
  const Address who = Address::from_id(caller);
  if (owner && miner.info.owner == who) return;
  if (worker && miner.info.worker == who) return;
  if (control && std::find(miner.info.control_addresses.begin(), miner.info.control_addresses.end(),
                           who) != miner.info.control_addresses.end())
    return;
  throw ActorError(exit_code::kErrForbidden,
                   "caller " + who.to_string(Network::kTestnet) + " is not one of the miner's " +
                       (owner && !worker ? "owner" : "owner, worker or control addresses"));
}

}  // namespace tessera::chain::devnet
