// Filecoin addresses of every protocol (go-address): ID (f0), secp256k1 (f1), actor (f2),
// BLS (f3) and delegated (f4), as text with a network prefix and BLAKE2b-4 checksum, and as
// the wire bytes used in CBOR (protocol byte ‖ payload).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chain/types/id_address.hpp"
#include "common/encoding.hpp"

namespace tessera::chain {

// The network whose prefix addresses carry in JSON (lotus's address.CurrentNetwork): mainnet
// unless the process says otherwise at start (the devnet speaks testnet, "t…").
Network wire_network();
void set_wire_network(Network network);

enum class AddressProtocol : std::uint8_t {
  kId = 0,
  kSecp256k1 = 1,
  kActor = 2,
  kBls = 3,
  kDelegated = 4
};

class Address {
 public:
  Address() = default;  // f00
  static Address from_id(std::uint64_t id);
  // f1 from an uncompressed (65-byte) secp256k1 public key: BLAKE2b-160 of the key.
  static Address from_secp256k1_public_key(const Bytes& uncompressed);
  // f2 from the bytes an actor address is derived from: BLAKE2b-160 of them.
  static Address from_actor_data(const Bytes& data);
  // f3 from a 48-byte BLS public key.
  static Address from_bls_public_key(const Bytes& key);
  // f4 in namespace `ns` (an actor ID, 10 for Ethereum) with a subaddress of at most 54 bytes.
  static Address delegated(std::uint64_t ns, const Bytes& subaddress);

  // Parses "f…" or "t…" text; InvalidInput on a bad prefix, protocol, payload length or
  // checksum.
  static Address parse(std::string_view text);
  // Parses wire bytes; InvalidInput as parse.
  static Address from_bytes(const Bytes& bytes);

  std::string to_string(Network network = Network::kMainnet) const;
  Bytes to_bytes() const;

  AddressProtocol protocol() const { return protocol_; }
  // The actor ID (kId) or the namespace (kDelegated).
  std::uint64_t id() const { return id_; }
  // The hash, key or subaddress (empty for kId).
  const Bytes& payload() const { return payload_; }

  bool operator==(const Address&) const = default;
  auto operator<=>(const Address&) const = default;

 private:
  Address(AddressProtocol protocol, std::uint64_t id, Bytes payload)
      : protocol_(protocol), id_(id), payload_(std::move(payload)) {}
  // go-address Payload(): what the checksum and the wire form carry after the protocol byte.
  Bytes wire_payload() const;

  AddressProtocol protocol_ = AddressProtocol::kId;
  std::uint64_t id_ = 0;
  Bytes payload_;
};

}  // namespace tessera::chain
