#include "sealing/pipeline/sector_store.hpp"

#include <charconv>
#include <string>

#include "common/error.hpp"
#include "storage/datastore/keys.hpp"

namespace tessera::pipeline {

std::map<std::uint64_t, datastore::SectorInfo> SectorStore::load_all() const {
  std::map<std::uint64_t, datastore::SectorInfo> records;
  for (const auto& [key, value] : store_.list(datastore::kSectorsPrefix)) {
    const std::string_view digits = std::string_view(key).substr(datastore::kSectorsPrefix.size());
    std::uint64_t number = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty())
      throw InvalidInput("sector record under unexpected key " + key);
    datastore::SectorInfo info;
    try {
      info = datastore::decode_sector_info(value);
    } catch (const Error& e) {
      throw InvalidInput("sector record " + key + ": " + e.what());
    }
    if (info.sector_number != number)
      throw InvalidInput("sector record " + key + " holds sector " +
                         std::to_string(info.sector_number));
    records.emplace(number, std::move(info));
  }
  return records;
}

void SectorStore::put(const datastore::SectorInfo& info) {
  store_.put(datastore::sector_key(info.sector_number), datastore::encode_sector_info(info));
}

}  // namespace tessera::pipeline
