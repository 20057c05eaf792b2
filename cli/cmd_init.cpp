#include <ostream>

#include "chain/types/id_address.hpp"
#include "chain/types/miner_params.hpp"
#include "cli/commands.hpp"
#include "cli/full_node.hpp"
#include "cli/miner_api_client.hpp"
#include "cli/size_format.hpp"
#include "common/uuid.hpp"
#include "common/base58.hpp"
#include "common/cbor/cbor.hpp"
#include "common/error.hpp"
#include "common/log.hpp"
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
  throw UsageError("unsupported sector size \"" + text +
                   "\" (one of 2KiB, 8MiB, 512MiB, 32GiB, 64GiB)");
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
    meta.id = new_uuid_v4();
    meta.weight = 10;
    meta.can_seal = true;
    meta.can_store = true;
    paths::write_local_storage_meta(locked.path() / "sectorstore.json", meta);
    storage.storage_paths.push_back(std::filesystem::absolute(locked.path()).string());
  }
  paths::write_storage_config(locked.path() / "storage.json", storage);
}

// The worker: --worker, else with --create-worker-key a new BLS key in the node's wallet, else
// the owner (lotus createStorageMiner).
chain::Address choose_worker(Context& ctx, chain::FullNodeClient& node,
                             const chain::Address& owner) {
  if (ctx.is_set("worker")) return chain::Address::parse(ctx.string("worker"));
  if (ctx.boolean("create-worker-key")) return node.wallet_new(chain::SignatureType::kBls);
  return owner;
}

// Makes sure the worker's account exists on chain: if the node cannot look it up, sends it a
// zero-value message from the sender and waits for it (lotus createStorageMiner). Error when
// that message fails.
void ensure_worker_account(chain::FullNodeClient& node, const chain::Address& sender,
                           const chain::Address& worker) {
  try {
    node.state_lookup_id(worker, {});
    return;
  } catch (const Error&) {
    // Not on chain yet (lotus treats any lookup failure so).
  }
  chain::Message message;
  message.from = sender;
  message.to = worker;
  const auto signed_message = node.mpool_push_message(message);
  auto logger = log::get("main");
  TLOG_INFO(logger, "Initializing worker account {}, message: {}",
            worker.to_string(chain::Network::kTestnet), signed_message.cid().to_string());
  TLOG_INFO(logger, "Waiting for confirmation");
  const auto lookup = node.state_wait_msg(signed_message.cid(), 1, -1, true);
  if (lookup.receipt.exit_code != 0)
    throw Error("initializing worker account failed: exit code " +
                std::to_string(lookup.receipt.exit_code));
}

// Sends CreateMiner to the power actor from the owner (lotus createStorageMiner), waits for it
// and returns the new actor's ID.
std::uint64_t create_miner_actor(Context& ctx, chain::FullNodeClient& node,
                                 std::uint64_t sector_size, const Bytes& peer_id) {
  const chain::Address owner = ctx.is_set("owner") ? chain::Address::parse(ctx.string("owner"))
                                                   : node.wallet_default_address();
  const chain::Address worker = choose_worker(ctx, node, owner);
  const chain::Address sender =
      ctx.is_set("from") ? chain::Address::parse(ctx.string("from")) : owner;
  try {
    node.state_lookup_id(owner, {});
  } catch (const Error& e) {
    throw Error(std::string("sender must exist on chain: ") + e.what());
  }
  ensure_worker_account(node, sender, worker);
  chain::Message message;
  message.to = chain::Address::from_id(4);  // the storage power actor
  message.from = sender;
  message.method = chain::power_method::kCreateMiner;
  message.params = chain::encode(chain::CreateMinerParams{
      owner, worker, chain::window_post_proof_for_sector_size(sector_size), peer_id, {}});
  const auto signed_message = node.mpool_push_message(message);
  auto logger = log::get("main");
  TLOG_INFO(logger, "Pushed CreateMiner message: {}", signed_message.cid().to_string());
  TLOG_INFO(logger, "Waiting for confirmation");
  const auto lookup = node.state_wait_msg(signed_message.cid(), 1, -1, true);
  if (lookup.receipt.exit_code != 0)
    throw Error("create miner failed: exit code " + std::to_string(lookup.receipt.exit_code));
  const auto ret = cbor::decode(lookup.receipt.return_value);
  if (!ret.is_array() || ret.as_array().size() != 2)
    throw InvalidInput("CreateMiner returned an unexpected value");
  const auto id = chain::Address::from_bytes(ret.as_array()[0].as_bytes());
  const auto robust = chain::Address::from_bytes(ret.as_array()[1].as_bytes());
  TLOG_INFO(logger, "New miners address is: {} ({})", id.to_string(chain::Network::kTestnet),
            robust.to_string(chain::Network::kTestnet));
  return id.id();
}

int init_action(Context& ctx) {
  check_sector_size(ctx.string("sector-size"));
  ctx.out() << "Initializing lotus miner\n";
  if (ctx.is_set("actor")) {
    auto actor = chain::parse_id_address(ctx.string("actor"));
    create_repo(ctx, [&](repo::LockedRepo& locked) {
      auto store = datastore::MetadataStore::open(locked.datastore_path("metadata"));
      datastore::write_miner_id(*store, actor);
      write_local_storage(locked, !ctx.boolean("no-local-storage"));
    });
  } else {
    auto node = connect_full_node(ctx);
    const std::uint64_t sector_size = parse_byte_size(ctx.string("sector-size"));
    create_repo(ctx, [&](repo::LockedRepo& locked) {
      const auto peer = repo::peer_id_from_libp2p_key(locked.keystore().get(repo::kLibp2pKeyName));
      const std::uint64_t actor =
          create_miner_actor(ctx, node, sector_size, base58btc_decode(peer));
      auto store = datastore::MetadataStore::open(locked.datastore_path("metadata"));
      datastore::write_miner_id(*store, actor);
      write_local_storage(locked, !ctx.boolean("no-local-storage"));
    });
  }
  ctx.out() << "Miner successfully created, you can now start it with 'lotus-miner run'\n";
  return 0;
}

int restore_action(Context& ctx) {
  ctx.require_args(1);
  std::filesystem::path backup = ctx.args()[0];
  if (!std::filesystem::exists(backup))
    throw NotFound("backup file " + backup.string() + " not found");
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
  Command restore{
      .name = "restore",
      .usage = "Initialize a lotus miner repo from a backup",
      .args_usage = "[backupFile]",
      .flags = {{.name = "nosync",
                 .type = FlagType::kBool,
                 .usage = "don't check full-node sync status"},
                {.name = "config", .usage = "config file (config.toml)"},
                {.name = "storage-config", .usage = "storage paths config (storage.json)"}},
      .action = restore_action};
  return Command{
      .name = "init",
      .usage = "Initialize a lotus miner repo",
      .flags =
          {{.name = "actor", .usage = "specify the address of an already created miner actor"},
           {.name = "create-worker-key",
            .type = FlagType::kBool,
            .usage = "create separate worker key",
            .hidden = true},
           {.name = "worker",
            .aliases = {"w"},
            .usage = "worker key to use (overrides --create-worker-key)"},
           {.name = "owner", .aliases = {"o"}, .usage = "owner key to use"},
           {.name = "from", .usage = "select which address to send actor creation message from"},
           {.name = "sector-size", .usage = "specify sector size to use", .default_value = "32GiB"},
           {.name = "no-local-storage",
            .type = FlagType::kBool,
            .usage = "don't use storageminer repo for sector storage"},
           {.name = "nosync",
            .type = FlagType::kBool,
            .usage = "don't check full-node sync status"}},
      .subcommands = {restore},
      .action = init_action};
}

}  // namespace tessera::cli
