// Typed access to the miner-wide records of the metadata datastore: the actor address and the
// legacy sector counter.
#pragma once

#include <cstdint>
#include <optional>

#include "storage/datastore/metadata_store.hpp"

namespace tessera::datastore {

// Actor ID stored under /miner-address, or nullopt if the repo has none yet.
// Throws InvalidInput if the record is not an ID address.
std::optional<std::uint64_t> read_miner_id(const MetadataStore& store);
// Stores the actor ID under /miner-address as address bytes.
void write_miner_id(MetadataStore& store, std::uint64_t id);

// Last sector number handed out by the legacy counter (/storage/nextid, uvarint), if any.
// Throws InvalidInput if the record is not a well-formed uvarint.
std::optional<std::uint64_t> read_next_id(const MetadataStore& store);
// Stores the last handed-out sector number under /storage/nextid.
void write_next_id(MetadataStore& store, std::uint64_t last);

}  // namespace tessera::datastore
