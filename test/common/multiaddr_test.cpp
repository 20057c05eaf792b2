// Multiaddrs per multiformats/multiaddr: each component is varint(protocol code) then its value
// (ip4: 4 bytes, ip6: 16 bytes, tcp/udp: u16 big-endian port, dns*/p2p: varint length then the
// bytes, quic-v1/wss/…: nothing). Codes from protocols.csv: ip4 4, tcp 6, dns 53, dns4 54,
// dns6 55, dnsaddr 56, ip6 41, udp 273, p2p 421, https 443, quic 460, quic-v1 461, ws 477,
// wss 478, http 480. Varints are unsigned LEB128: 273 -> 91 02, 421 -> a5 03, 461 -> cd 03.
#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "common/multiaddr.hpp"

using namespace tessera;

namespace {

void check_round_trip(const std::string& text, const std::string& hex) {
  INFO(text);
  CHECK(hex_encode(multiaddr_to_bytes(text)) == hex);
  CHECK(multiaddr_to_string(hex_decode(hex)) == text);
}

}  // namespace

TEST_CASE("multiaddrs encode as the spec lays them out", "[multiaddr]") {
  // 04 | 7f 00 00 01 | 06 | 09 29 (2345)
  check_round_trip("/ip4/127.0.0.1/tcp/2345", "047f000001060929");
  // 29 | ::1 | 91 02 | 04 d2 (1234) | cd 03
  check_round_trip("/ip6/::1/udp/1234/quic-v1",
                   "29"
                   "00000000000000000000000000000001"
                   "9102"
                   "04d2"
                   "cd03");
  // 36 | 0b "example.com" | 06 | 01 bb (443) | de 03
  check_round_trip("/dns4/example.com/tcp/443/wss",
                   "36"
                   "0b"
                   "6578616d706c652e636f6d"
                   "0601bb"
                   "de03");
  // 38 | 0b "example.com"; 37 | 0b "example.com" | 06 | 00 50 (80) | dd 03; cc 03; e0 03; bb 03
  check_round_trip("/dnsaddr/example.com",
                   "38"
                   "0b"
                   "6578616d706c652e636f6d");
  check_round_trip("/dns6/example.com/tcp/80/ws",
                   "37"
                   "0b"
                   "6578616d706c652e636f6d"
                   "060050"
                   "dd03");
  check_round_trip("/ip4/10.0.0.1/udp/443/quic",
                   "040a000001"
                   "910201bb"
                   "cc03");
  check_round_trip("/ip4/10.0.0.1/tcp/80/http",
                   "040a000001"
                   "060050"
                   "e003");
  check_round_trip("/ip4/10.0.0.1/tcp/443/https",
                   "040a000001"
                   "0601bb"
                   "bb03");
  check_round_trip("/ip4/0.0.0.0/tcp/0",
                   "0400000000"
                   "060000");
  check_round_trip("/ip4/255.255.255.255/tcp/65535",
                   "04ffffffff"
                   "06ffff");
}

TEST_CASE("multiaddrs carry libp2p peer IDs", "[multiaddr]") {
  // lotus build/bootstrap/mainnet.pi. An Ed25519 peer ID ("12D3KooW…") is the identity multihash
  // (00, length 0x24) of the protobuf PublicKey {Type: Ed25519 (08 01), Data: 32 bytes (12 20)}:
  // 38 bytes, so /p2p is a5 03 | 26 | 00 24 08 01 12 20 | key.
  const std::string peer = "12D3KooWBF8cpp65hp2u9LK5mh19x67ftAam84z9LsfaquTDSBpt";
  const std::string text = "/dns/bootstrap.filecoin.chain.love/tcp/1235/p2p/" + peer;
  const Bytes bytes = multiaddr_to_bytes(text);
  // 35 | 1d (29 bytes of host name) | … | 06 04 d3 (1235) | a5 03 26 00 24 08 01 12 20
  const std::string hex = hex_encode(bytes);
  CHECK(hex.substr(0, 4) == "351d");
  CHECK(hex.substr(4, 58) == hex_encode(Bytes(text.begin() + 5, text.begin() + 5 + 29)));
  CHECK(hex.substr(62, 6) == "0604d3");
  CHECK(hex.substr(68, 18) == "a50326002408011220");
  CHECK(bytes.size() == 31 + 3 + 3 + 38);
  CHECK(multiaddr_to_string(bytes) == text);

  const Bytes alone = multiaddr_to_bytes("/p2p/" + peer);
  CHECK(hex_encode(alone).substr(0, 18) == "a50326002408011220");
  CHECK(multiaddr_to_string(alone) == "/p2p/" + peer);
}

TEST_CASE("multiaddr text errors", "[multiaddr]") {
  for (const char* bad : {
           "ip4/1.2.3.4",             // no leading slash
           "",                        // nothing
           "/",                       // no component
           "/foo/1",                  // unknown protocol
           "/ip4/1.2.3.4/bar",        // unknown protocol after a good one
           "/ip4/1.2.3.256",          // bad ip4
           "/ip4/1.2.3",              // bad ip4
           "/ip4/::1",                // an ip6 address as ip4
           "/ip6/1.2.3.4",            // an ip4 address as ip6
           "/ip6/::g",                // bad ip6
           "/ip4/1.2.3.4/tcp/65536",  // port out of range
           "/tcp/99999",              // port out of range
           "/tcp/-1",                 // negative port
           "/tcp/80x",                // trailing junk
           "/tcp/",                   // missing value
           "/ip4",                    // missing value
           "/ip4/1.2.3.4/tcp",        // missing value
           "/dns4",                   // missing value
           "/p2p/0OIl",               // not base58
       }) {
    INFO(bad);
    CHECK_THROWS_AS(multiaddr_to_bytes(bad), InvalidInput);
  }
}

TEST_CASE("multiaddr byte errors", "[multiaddr]") {
  for (const char* bad : {
           "047f0000",        // ip4 value truncated
           "04",              // ip4 value missing
           "0600",            // port truncated
           "29000000",        // ip6 truncated
           "360b6578",        // dns4 value shorter than its length
           "36",              // dns4 length missing
           "91",              // code varint truncated
           "047f000001ff01",  // unknown protocol code 255
           "3f",              // unknown protocol code 63
       }) {
    INFO(bad);
    CHECK_THROWS_AS(multiaddr_to_string(hex_decode(bad)), InvalidInput);
  }
}

// A length varint near 2^64 must not wrap the bounds check (at + n would overflow).
TEST_CASE("multiaddr bytes with a huge value length are InvalidInput", "[multiaddr]") {
  // dns4 (36), length 2^64 - 1 (ff×9 01), no value.
  CHECK_THROWS_AS(multiaddr_to_string(hex_decode("36ffffffffffffffffff01")), InvalidInput);
}
