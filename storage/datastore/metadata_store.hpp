// The miner's metadata datastore: LevelDB at <repo>/datastore/metadata opened with lotus's
// options (no compression, strict checks, synced writes), keys stored verbatim ("/sectors/1").
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/encoding.hpp"

namespace leveldb {
class DB;
class Env;
}

namespace tessera::datastore {

using Entry = std::pair<std::string, Bytes>;

class MetadataStore {
 public:
  // Opens (creating if missing) the LevelDB database in dir; throws IoError if it is corrupt or
  // held by another process. env: LevelDB's file-system environment, which must outlive the
  // store (tests inject failing writes); nullptr = LevelDB's default.
  static std::unique_ptr<MetadataStore> open(const std::filesystem::path& dir,
                                             leveldb::Env* env = nullptr);
  ~MetadataStore();
  MetadataStore(const MetadataStore&) = delete;
  MetadataStore& operator=(const MetadataStore&) = delete;

  // Value stored under key, or nullopt when absent.
  std::optional<Bytes> get(std::string_view key) const;
  // Stores value under key, synced to disk before returning.
  void put(std::string_view key, const Bytes& value);
  // Removes key (absent keys are fine), synced.
  void remove(std::string_view key);
  // Applies all puts atomically in one synced write.
  void put_all(const std::vector<Entry>& entries);
  // Removes all keys (absent ones are fine) atomically in one synced write.
  void remove_all(const std::vector<std::string>& keys);
  // Every entry whose key starts with prefix, in key order ("" lists everything).
  std::vector<Entry> list(std::string_view prefix) const;

 private:
  explicit MetadataStore(std::unique_ptr<leveldb::DB> db);
  std::unique_ptr<leveldb::DB> db_;
};

}  // namespace tessera::datastore
