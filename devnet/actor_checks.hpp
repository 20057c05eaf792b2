// Checks the built-in actors share: decoding params, resolving and checking addresses, and who
// may call a miner method. Each throws ActorError with the exit code builtin-actors uses.
#pragma once

#include <string_view>

#include "devnet/vm.hpp"
#include "common/error.hpp"

namespace tessera::chain::devnet {

// decode(params), with malformed CBOR reported as USR_SERIALIZATION.
template <typename Decode>
auto decode_params(const Bytes& params, Decode decode) {
  try {
    return decode(params);
  } catch (const InvalidInput& e) {
    throw ActorError(exit_code::kErrSerialization,
                     std::string("failed to decode parameters: ") + e.what());
  }
}

// The ID of an existing account actor (a key address or the ID of one); IllegalArgument naming
// `role` otherwise.
std::uint64_t resolve_account(const State& state, const Address& address, std::string_view role);

// At most 1024 bytes in all and none empty (MAX_MULTIADDR_DATA); IllegalArgument otherwise.
void check_multiaddrs(const std::vector<Bytes>& multiaddrs);
// At most 128 bytes (MAX_PEER_ID_LENGTH); IllegalArgument otherwise.
void check_peer_id(const Bytes& peer_id);

// Forbidden unless caller is one of the miner's listed addresses.
void check_caller(const MinerState& miner, std::uint64_t caller, bool owner, bool worker,
                  bool control);

}  // namespace tessera::chain::devnet
