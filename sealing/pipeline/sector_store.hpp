// The pipeline's records in the metadata datastore: lotus's SectorInfo CBOR under
// /sectors/<n> (storage/datastore/sector_info.hpp), one synced write per change.
#pragma once

#include <cstdint>
#include <map>

#include "storage/datastore/metadata_store.hpp"
#include "storage/datastore/sector_info.hpp"

namespace tessera::pipeline {

class SectorStore {
 public:
  // store must outlive this.
  explicit SectorStore(datastore::MetadataStore& store) : store_(store) {}

  // Every record by sector number. InvalidInput naming the key for a record that does not
  // decode or whose SectorNumber differs from its key.
  std::map<std::uint64_t, datastore::SectorInfo> load_all() const;
  // Writes the record (synced) under its sector number's key.
  void put(const datastore::SectorInfo& info);

 private:
  datastore::MetadataStore& store_;
};

}  // namespace tessera::pipeline
