// Multiaddrs in their text and binary forms (multiformats/multiaddr), for the addresses a
// miner announces on chain (ChangeMultiaddrs). Protocols: ip4, ip6, tcp, udp, dns, dns4, dns6,
// dnsaddr, quic, quic-v1, http, https, ws, wss, p2p.
#pragma once

#include <string>
#include <string_view>

#include "common/encoding.hpp"

namespace tessera {

// "/ip4/1.2.3.4/tcp/1234" -> bytes; InvalidInput naming the part that is wrong.
Bytes multiaddr_to_bytes(std::string_view text);
// Bytes -> text; InvalidInput for unknown protocol codes or truncated values.
std::string multiaddr_to_string(const Bytes& bytes);

}  // namespace tessera
