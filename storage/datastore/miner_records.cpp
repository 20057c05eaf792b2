#include "storage/datastore/miner_records.hpp"

#include "chain/types/id_address.hpp"
#include "common/cid/varint.hpp"
#include "common/error.hpp"
#include "storage/datastore/keys.hpp"

namespace tessera::datastore {

std::optional<std::uint64_t> read_miner_id(const MetadataStore& store) {
  auto value = store.get(kMinerAddressKey);
  if (!value) return std::nullopt;
  return chain::parse_id_address_bytes(*value);
}

void write_miner_id(MetadataStore& store, std::uint64_t id) {
  store.put(kMinerAddressKey, chain::id_address_bytes(id));
}

std::optional<std::uint64_t> read_next_id(const MetadataStore& store) {
  auto value = store.get(kNextIdKey);
  if (!value) return std::nullopt;
  std::size_t offset = 0;
  auto last = cid::read_uvarint(*value, offset);
  if (offset != value->size()) throw InvalidInput("/storage/nextid: trailing bytes after uvarint");
  return last;
}

void write_next_id(MetadataStore& store, std::uint64_t last) {
  Bytes value;
  cid::put_uvarint(value, last);
  store.put(kNextIdKey, value);
}

}  // namespace tessera::datastore
