#include <ostream>

#include "chain/types/id_address.hpp"
#include "cli/commands.hpp"
#include "cli/miner_api_client.hpp"
#include "common/error.hpp"
#include "storage/datastore/backup.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/datastore/miner_records.hpp"
#include "storage/paths/local_storage_meta.hpp"
#include "storage/paths/storage_config.hpp"
#include "storage/repo/config.hpp"
#include "storage/repo/keystore.hpp"
#include "storage/repo/repo.hpp"

namespace tessera::cli {
namespace {

// Sector sizes of the registered V1_1 seal proofs.
void check_sector_size(const std::string& text) {
  static const char* kSizes[] = {"2KiB", "8MiB", "512MiB", "32GiB", "64GiB"};
  for (const char* size : kSizes) {
    if (text == size) return;
  }
  throw UsageError("unsupported sector size \"" + text + "\" (one of 2KiB, 8MiB, 512MiB, 32GiB, 64GiB)");
}

// Creates a new repo and runs fill on it; if anything fails the half-made repo is removed, so a
// failed init changes nothing.
void create_repo(Context& ctx, const std::function<void(repo::LockedRepo&)>& fill) {
  auto path = miner_repo_path(ctx);
  if (repo::Repo::exists(path)) {
    throw Conflict("repo at '" + path.string() + "' is already initialized");
  }
  bool existed = std::filesystem::exists(path);
  try {
    repo::Repo::init(path);
    auto locked = repo::Repo::lock(path);
    auto host_key = repo::generate_libp2p_host_key();
    locked->keystore().put(repo::kLibp2pKeyName, host_key);
    ctx.out() << "Peer ID: " << repo::peer_id_from_libp2p_key(host_key) << "\n";
    fill(*locked);
    locked->close();
  } catch (...) {
    ctx.err() << "Failed to initialize lotus-miner, cleaning up\n";
    std::error_code ec;
    if (!existed) std::filesystem::remove_all(path, ec);
    throw;
  }
}

void write_local_storage(const repo::LockedRepo& locked, bool local_storage) {
  paths::StorageConfig storage;
  if (local_storage) {
    paths::LocalStorageMeta meta;
    meta.id = paths::new_uuid_v4();
    meta.weight = 10;
    meta.can_seal = true;
    meta.can_store = true;
    paths::write_local_storage_meta(locked.path() / "sectorstore.json", meta);
    storage.storage_paths.push_back(std::filesystem::absolute(locked.path()).string());
  }
  paths::write_storage_config(locked.path() / "storage.json", storage);
}

int init_action(Context& ctx) {
  check_sector_size(ctx.string("sector-size"));
  if (!ctx.is_set("actor")) {
    throw NotImplemented(
        "creating a miner actor on chain is not implemented yet; pass --actor f0<id> to "
        "initialise a repo for an existing actor");
  }
  auto actor = chain::parse_id_address(ctx.string("actor"));
  ctx.out() << "Initializing lotus miner\n";
  create_repo(ctx, [&](repo::LockedRepo& locked) {
    auto store = datastore::MetadataStore::open(locked.datastore_path("metadata"));
    datastore::write_miner_id(*store, actor);
    write_local_storage(locked, !ctx.boolean("no-local-storage"));
  });
  ctx.out() << "Miner successfully created, you can now start it with 'lotus-miner run'\n";
  return 0;
}

int restore_action(Context& ctx) {
  ctx.require_args(1);
  std::filesystem::path backup = ctx.args()[0];
  if (!std::filesystem::exists(backup)) throw NotFound("backup file " + backup.string() + " not found");
  ctx.out() << "Initializing repo\n";
  create_repo(ctx, [&](repo::LockedRepo& locked) {
    if (ctx.is_set("config")) {
      std::vector<std::string> warnings;
      repo::Config::load(ctx.string("config"), &warnings);  // refuse a corrupt config up front
      std::filesystem::copy_file(ctx.string("config"), locked.path() / "config.toml",
                                 std::filesystem::copy_options::overwrite_existing);
    }
    if (ctx.is_set("storage-config")) {
      auto storage = paths::read_storage_config(ctx.string("storage-config"));
      paths::write_storage_config(locked.path() / "storage.json", storage);
    } else {
      // As lotus: one entry with an empty path, so the miner can start.
      paths::StorageConfig storage;
      storage.storage_paths.push_back("");
      paths::write_storage_config(locked.path() / "storage.json", storage);
    }
    auto store = datastore::MetadataStore::open(locked.datastore_path("metadata"));
    auto count = datastore::restore_backup_file(*store, backup);
    auto miner = datastore::read_miner_id(*store);
    if (!miner) throw InvalidInput("backup has no /miner-address record");
    ctx.out() << "Restored " << count << " metadata records for miner "
              << chain::format_id_address(*miner, chain::Network::kMainnet) << "\n";
  });
  ctx.out() << "Skipped the on-chain steps (worker key check, ChangePeerID): chain support is not "
               "built yet\n";
  return 0;
}

}  // namespace

Command make_init_command() {
  Command restore{.name = "restore",
                  .usage = "Initialize a lotus miner repo from a backup",
                  .args_usage = "[backupFile]",
                  .flags = {{.name = "nosync", .type = FlagType::kBool,
                             .usage = "don't check full-node sync status"},
                            {.name = "config", .usage = "config file (config.toml)"},
                            {.name = "storage-config", .usage = "storage paths config (storage.json)"}},
                  .action = restore_action};
  return Command{
      .name = "init",
      .usage = "Initialize a lotus miner repo",
      .flags = {{.name = "actor", .usage = "specify the address of an already created miner actor"},
                {.name = "create-worker-key", .type = FlagType::kBool,
                 .usage = "create separate worker key", .hidden = true},
                {.name = "worker", .aliases = {"w"},
                 .usage = "worker key to use (overrides --create-worker-key)"},
                {.name = "owner", .aliases = {"o"}, .usage = "owner key to use"},
                {.name = "sector-size", .usage = "specify sector size to use",
                 .default_value = "32GiB"},
                {.name = "no-local-storage", .type = FlagType::kBool,
                 .usage = "don't use storageminer repo for sector storage"},
                {.name = "nosync", .type = FlagType::kBool,
                 .usage = "don't check full-node sync status"}},
      .subcommands = {restore},
      .action = init_action};
}

}  // namespace tessera::cli
