#include "chain/types/address.hpp"

#include <atomic>

#include <charconv>

#include "common/cid/varint.hpp"
#include "common/error.hpp"
#include "crypto/blake2b.hpp"

namespace tessera::chain {
namespace {

constexpr std::size_t kHashLength = 20;
constexpr std::size_t kBlsKeyLength = 48;
constexpr std::size_t kChecksumLength = 4;
constexpr std::size_t kMaxSubaddressLength = 54;

Bytes checksum(AddressProtocol protocol, const Bytes& payload) {
  return crypto::blake2b(prefixed(static_cast<std::uint8_t>(protocol), payload), kChecksumLength);
}

void check_length(AddressProtocol protocol, std::size_t length) {
  const bool ok = protocol == AddressProtocol::kBls         ? length == kBlsKeyLength
                  : protocol == AddressProtocol::kDelegated ? length <= kMaxSubaddressLength
                                                            : length == kHashLength;
  if (!ok) throw InvalidInput("invalid address payload length " + std::to_string(length));
}

std::uint64_t parse_decimal(std::string_view text, std::string_view what) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    throw InvalidInput("invalid " + std::string(what) + " in address: '" + std::string(text) + "'");
  }
  return value;
}

}  // namespace

Address Address::from_id(std::uint64_t id) {
  return Address(AddressProtocol::kId, id, {});
}

Address Address::from_secp256k1_public_key(const Bytes& uncompressed) {
  if (uncompressed.size() != 65 || uncompressed[0] != 0x04)
    throw InvalidInput("secp256k1 public key must be 65 bytes, uncompressed");
  return Address(AddressProtocol::kSecp256k1, 0, crypto::blake2b(uncompressed, kHashLength));
}

Address Address::from_actor_data(const Bytes& data) {
  return Address(AddressProtocol::kActor, 0, crypto::blake2b(data, kHashLength));
}

Address Address::from_bls_public_key(const Bytes& key) {
  check_length(AddressProtocol::kBls, key.size());
  return Address(AddressProtocol::kBls, 0, key);
}

Address Address::delegated(std::uint64_t ns, const Bytes& subaddress) {
  check_length(AddressProtocol::kDelegated, subaddress.size());
  return Address(AddressProtocol::kDelegated, ns, subaddress);
}

Bytes Address::wire_payload() const {
  Bytes out;
  if (protocol_ == AddressProtocol::kId || protocol_ == AddressProtocol::kDelegated)
    cid::put_uvarint(out, id_);
  out.insert(out.end(), payload_.begin(), payload_.end());
  return out;
}

Bytes Address::to_bytes() const {
  return prefixed(static_cast<std::uint8_t>(protocol_), wire_payload());
}

Address Address::from_bytes(const Bytes& bytes) {
  if (bytes.empty()) throw InvalidInput("empty address bytes");
  if (bytes[0] > 4) throw InvalidInput("unknown address protocol " + std::to_string(bytes[0]));
  const auto protocol = static_cast<AddressProtocol>(bytes[0]);
  std::size_t at = 1;
  std::uint64_t id = 0;
  if (protocol == AddressProtocol::kId || protocol == AddressProtocol::kDelegated)
    id = cid::read_uvarint(bytes, at);
  if (protocol == AddressProtocol::kId) {
    if (at != bytes.size()) throw InvalidInput("trailing bytes after an ID address");
    return from_id(id);
  }
  Bytes payload(bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.end());
  check_length(protocol, payload.size());
  return Address(protocol, id, std::move(payload));
}

namespace {
std::atomic<Network> wire_network_{Network::kMainnet};
}  // namespace

Network wire_network() {
  return wire_network_.load(std::memory_order_relaxed);
}

void set_wire_network(Network network) {
  wire_network_.store(network, std::memory_order_relaxed);
}

std::string Address::to_string(Network network) const {
  std::string out = network == Network::kMainnet ? "f" : "t";
  out += std::to_string(static_cast<int>(protocol_));
  if (protocol_ == AddressProtocol::kId) return out + std::to_string(id_);
  if (protocol_ == AddressProtocol::kDelegated) out += std::to_string(id_) + "f";
  Bytes body = payload_;
  auto sum = checksum(protocol_, wire_payload());
  body.insert(body.end(), sum.begin(), sum.end());
  return out + base32_encode(body, Base32Case::kLower);
}

Address Address::parse(std::string_view text) {
  if (text.size() < 3 || (text[0] != 'f' && text[0] != 't') || text[1] < '0' || text[1] > '4') {
    throw InvalidInput("invalid address '" + std::string(text) + "'");
  }
  const auto protocol = static_cast<AddressProtocol>(text[1] - '0');
  std::string_view rest = text.substr(2);
  if (protocol == AddressProtocol::kId) return from_id(parse_decimal(rest, "actor ID"));
  std::uint64_t ns = 0;
  if (protocol == AddressProtocol::kDelegated) {
    const auto f = rest.find('f');
    if (f == std::string_view::npos)
      throw InvalidInput("invalid delegated address '" + std::string(text) + "'");
    ns = parse_decimal(rest.substr(0, f), "namespace");
    rest = rest.substr(f + 1);
  }
  Bytes body;
  for (char c : rest) {
    if (c >= 'A' && c <= 'Z')
      throw InvalidInput("address '" + std::string(text) + "' must be lower case");
  }
  body = base32_decode(rest);
  if (body.size() < kChecksumLength)
    throw InvalidInput("address '" + std::string(text) + "' is too short");
  Bytes payload(body.begin(), body.end() - kChecksumLength);
  Bytes sum(body.end() - kChecksumLength, body.end());
  check_length(protocol, payload.size());
  Address address(protocol, ns, std::move(payload));
  if (checksum(protocol, address.wire_payload()) != sum)
    throw InvalidInput("address '" + std::string(text) + "' has a bad checksum");
  // base32 leaves spare bits in the last character; only the canonical spelling is accepted
  if (address.to_string(text[0] == 'f' ? Network::kMainnet : Network::kTestnet) != text) {
    throw InvalidInput("address '" + std::string(text) + "' is not in canonical form");
  }
  return address;
}

}  // namespace tessera::chain
