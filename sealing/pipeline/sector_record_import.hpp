// Moving a cluster back to one miner: the sector records (/sectors/<n>, lotus's SectorInfo) a
// Seal-miner kept for the sectors it sealed, taken from its metadata backup into the miner that
// goes on alone, so that miner lists, extends and terminates them as its own.
#pragma once

#include <cstddef>
#include <vector>

#include "storage/datastore/metadata_store.hpp"

namespace tessera::pipeline {

struct SectorRecordImport {
  std::size_t imported = 0;         // records written
  std::size_t already_present = 0;  // records store held byte for byte already
};

// Puts backup's /sectors/<n> records into store in one synced batch, and nothing else of it.
// Refuses, writing nothing:
//  - InvalidInput when backup's /miner-address is missing or differs from store's (another
//    actor), or a record does not decode;
//  - InvalidInput naming the sectors still sealing (a record whose state is not in lotus's
//    proving bucket: Proving, Available, Removed, Terminate…): the Seal-miner finishes them
//    first, since their files and calls are on its workers;
//  - Conflict naming the sectors store already holds with other bytes.
// Importing the same backup again writes nothing and counts every record as already present.
SectorRecordImport import_sector_records(datastore::MetadataStore& store,
                                         const std::vector<datastore::Entry>& backup);

}  // namespace tessera::pipeline
