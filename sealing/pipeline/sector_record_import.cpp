#include "sealing/pipeline/sector_record_import.hpp"

#include <string>

#include "common/error.hpp"
#include "sealing/pipeline/sector_states.hpp"
#include "storage/datastore/keys.hpp"
#include "storage/datastore/sector_info.hpp"

namespace tessera::pipeline {
namespace {

void append_number(std::string& list, std::uint64_t number) {
  list += (list.empty() ? "" : ", ") + std::to_string(number);
}

}  // namespace

SectorRecordImport import_sector_records(datastore::MetadataStore& store,
                                         const std::vector<datastore::Entry>& backup) {
  const datastore::Entry* address = nullptr;
  for (const auto& entry : backup)
    if (entry.first == datastore::kMinerAddressKey) address = &entry;
  const auto own = store.get(datastore::kMinerAddressKey);
  if (!address) throw InvalidInput("the backup has no /miner-address record");
  if (!own || *own != address->second)
    throw InvalidInput("the backup is of another miner actor than this repo's");

  std::vector<datastore::Entry> to_write;
  std::string sealing, conflicting;
  SectorRecordImport result;
  for (const auto& [key, value] : backup) {
    if (key.rfind(datastore::kSectorsPrefix, 0) != 0) continue;
    datastore::SectorInfo info;
    try {
      info = datastore::decode_sector_info(value);
    } catch (const Error& e) {
      throw InvalidInput("backup record " + key + ": " + e.what());
    }
    if (key != datastore::sector_key(info.sector_number))
      throw InvalidInput("backup record " + key + " holds sector " +
                         std::to_string(info.sector_number));
    if (stat_bucket(info.state) != StatBucket::kProving) {
      append_number(sealing, info.sector_number);
      continue;
    }
    const auto held = store.get(key);
    if (!held) {
      to_write.emplace_back(key, value);
    } else if (*held == value) {
      ++result.already_present;
    } else {
      append_number(conflicting, info.sector_number);
    }
  }
  if (!sealing.empty())
    throw InvalidInput("sectors " + sealing +
                       " are still sealing in the backup: let their miner finish them (Proving) "
                       "and back it up again");
  if (!conflicting.empty())
    throw Conflict("this repo already holds other records for sectors " + conflicting);
  store.put_all(to_write);
  result.imported = to_write.size();
  return result;
}

}  // namespace tessera::pipeline
