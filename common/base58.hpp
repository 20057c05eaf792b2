// Base58btc (Bitcoin alphabet), as used by libp2p peer IDs and multibase 'z'.
#pragma once

#include <string>
#include <string_view>

#include "common/encoding.hpp"

namespace tessera {

// Base58btc of the bytes; each leading zero byte becomes a leading '1'.
std::string base58btc_encode(const Bytes& data);
// Decodes base58btc; throws InvalidInput on a character outside the alphabet.
Bytes base58btc_decode(std::string_view text);

}  // namespace tessera
