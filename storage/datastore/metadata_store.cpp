#include "storage/datastore/metadata_store.hpp"

#include <leveldb/db.h>
#include <leveldb/write_batch.h>

#include "common/error.hpp"

namespace tessera::datastore {
namespace {

void check(const leveldb::Status& status, std::string_view what) {
  if (!status.ok()) throw IoError("metadata datastore: " + std::string(what) + ": " + status.ToString());
}

leveldb::WriteOptions synced() {
  leveldb::WriteOptions options;
  options.sync = true;
  return options;
}

leveldb::ReadOptions verified() {
  leveldb::ReadOptions options;
  options.verify_checksums = true;
  return options;
}

}  // namespace

std::unique_ptr<MetadataStore> MetadataStore::open(const std::filesystem::path& dir,
                                                   leveldb::Env* env) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw IoError("metadata datastore: cannot create " + dir.string() + ": " + ec.message());
  leveldb::Options options;
  options.create_if_missing = true;
  options.compression = leveldb::kNoCompression;  // go-ds-leveldb as lotus configures it
  options.paranoid_checks = true;                 // goleveldb Strict: StrictAll
  if (env) options.env = env;
  leveldb::DB* raw = nullptr;
  check(leveldb::DB::Open(options, dir.string(), &raw), "open " + dir.string());
  return std::unique_ptr<MetadataStore>(new MetadataStore(std::unique_ptr<leveldb::DB>(raw)));
}

MetadataStore::MetadataStore(std::unique_ptr<leveldb::DB> db) : db_(std::move(db)) {}

MetadataStore::~MetadataStore() = default;

std::optional<Bytes> MetadataStore::get(std::string_view key) const {
  std::string value;
  auto status = db_->Get(verified(), leveldb::Slice(key.data(), key.size()), &value);
  if (status.IsNotFound()) return std::nullopt;
  check(status, "get " + std::string(key));
  return to_bytes(value);
}

void MetadataStore::put(std::string_view key, const Bytes& value) {
  leveldb::Slice v(reinterpret_cast<const char*>(value.data()), value.size());
  check(db_->Put(synced(), leveldb::Slice(key.data(), key.size()), v), "put " + std::string(key));
}

void MetadataStore::remove(std::string_view key) {
  check(db_->Delete(synced(), leveldb::Slice(key.data(), key.size())), "delete " + std::string(key));
}

void MetadataStore::put_all(const std::vector<Entry>& entries) {
  leveldb::WriteBatch batch;
  for (const auto& [key, value] : entries) {
    batch.Put(key, leveldb::Slice(reinterpret_cast<const char*>(value.data()), value.size()));
  }
  check(db_->Write(synced(), &batch), "batch write");
}

void MetadataStore::remove_all(const std::vector<std::string>& keys) {
  leveldb::WriteBatch batch;
  for (const auto& key : keys) batch.Delete(key);
  check(db_->Write(synced(), &batch), "batch delete");
}

std::vector<Entry> MetadataStore::list(std::string_view prefix) const {
  std::vector<Entry> out;
  std::unique_ptr<leveldb::Iterator> it(db_->NewIterator(verified()));
  for (it->Seek(leveldb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
    auto key = it->key().ToString();
    if (key.compare(0, prefix.size(), prefix) != 0) break;
    auto value = it->value();
    out.emplace_back(std::move(key), Bytes(value.data(), value.data() + value.size()));
  }
  check(it->status(), "iterate");
  return out;
}

}  // namespace tessera::datastore
