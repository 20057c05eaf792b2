// lotus-miner metadata backups: the whole metadata datastore written to / restored from a file
// in lotus's backup format (reference/lotus-compat.md §2.5).
#pragma once

#include <cstddef>
#include <filesystem>

#include "storage/datastore/metadata_store.hpp"

namespace tessera::datastore {

// Writes every record of store to a new file at path (fsynced); throws Conflict if path exists.
// Returns the number of records written.
std::size_t write_backup_file(const MetadataStore& store, const std::filesystem::path& path);

// Reads and verifies a backup file, then puts all its records into store in one atomic batch.
// A truncated or corrupt file throws InvalidInput and writes nothing. Returns the record count.
std::size_t restore_backup_file(MetadataStore& store, const std::filesystem::path& path);

}  // namespace tessera::datastore
