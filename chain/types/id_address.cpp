#include "chain/types/id_address.hpp"

#include <charconv>

#include "common/cid/varint.hpp"
#include "common/error.hpp"

namespace tessera::chain {

std::uint64_t parse_id_address(std::string_view text) {
  if (text.size() < 3 || (text[0] != 'f' && text[0] != 't') || text[1] != '0') {
    throw InvalidInput("invalid ID address \"" + std::string(text) + "\" (want f0<id> or t0<id>)");
  }
  auto digits = text.substr(2);
  if (digits.size() > 1 && digits[0] == '0') {
    throw InvalidInput("invalid ID address \"" + std::string(text) + "\": leading zero");
  }
  std::uint64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    throw InvalidInput("invalid ID address \"" + std::string(text) + "\"");
  }
  if (id > static_cast<std::uint64_t>(INT64_MAX)) {
    throw InvalidInput("invalid ID address \"" + std::string(text) + "\": id out of range");
  }
  return id;
}

std::string format_id_address(std::uint64_t id, Network network) {
  return std::string(network == Network::kMainnet ? "f0" : "t0") + std::to_string(id);
}

Bytes id_address_bytes(std::uint64_t id) {
  Bytes out{0x00};
  cid::put_uvarint(out, id);
  return out;
}

std::uint64_t parse_id_address_bytes(const Bytes& bytes) {
  if (bytes.size() < 2 || bytes[0] != 0x00) {
    throw InvalidInput("miner address record is not an ID address");
  }
  std::size_t offset = 1;
  auto id = cid::read_uvarint(bytes, offset);
  if (offset != bytes.size()) throw InvalidInput("miner address record: trailing bytes");
  return id;
}

}  // namespace tessera::chain
