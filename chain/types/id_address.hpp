// Filecoin ID addresses (protocol 0, "f01000"): the form a miner actor's address takes in the
// repo (/miner-address) and on the CLI. The other protocols come with the chain types.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/encoding.hpp"

namespace tessera::chain {

enum class Network { kMainnet, kTestnet };

// Actor ID of "f01000" / "t01000"; throws InvalidInput for anything else.
std::uint64_t parse_id_address(std::string_view text);
// Text form: "f0<id>" on mainnet, "t0<id>" on test networks.
std::string format_id_address(std::uint64_t id, Network network);
// Wire bytes: protocol byte 0x00 followed by the uvarint id (address.Bytes() in go-address).
Bytes id_address_bytes(std::uint64_t id);
// Actor ID from wire bytes; throws InvalidInput when they are not a well-formed ID address.
std::uint64_t parse_id_address_bytes(const Bytes& bytes);

}  // namespace tessera::chain
