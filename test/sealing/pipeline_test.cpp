// The sealing pipeline end to end in one process: a devnet served over JSON-RPC, the miner's
// sector index and storage path, a local worker under the manager. Pledged 2 KiB sectors reach
// Proving with their PreCommit and ProveCommit on the chain; records are lotus CBOR under
// /sectors/<n> with their Log; a pipeline stopped mid-way resumes from the records; pledging
// without a worker is refused and allocates nothing.
#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <thread>

#include "chain/api/full_node_connect.hpp"
#include "chain/types/miner_params.hpp"
#include "chain/types/randomness.hpp"
#include "common/api_info.hpp"
#include "common/cbor/cbor.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "devnet/devnet.hpp"
#include "devnet/devnet_api.hpp"
#include "sealing/pipeline/pipeline.hpp"
#include "sealing/pipeline/sector_states.hpp"
#include "sealing/workers/local_worker.hpp"
#include "sealing/workers/manager.hpp"
#include "sealing/workers/sector_tasks.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/index/sector_index.hpp"
#include "storage/paths/local_paths.hpp"
#include "storage/paths/local_storage_meta.hpp"
#include "storage/paths/storage_config.hpp"
#include "storage/sectorid/number_assigner.hpp"
#include "test/support/devnet_messages.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace std::chrono_literals;

namespace {

// A devnet producing a block every 100 ms, served on 127.0.0.1, with a funded miner actor.
struct Chain {
  test::TempDir dir;
  chain::devnet::Devnet net{[&] {
    chain::devnet::DevnetParams params;
    params.epoch_duration = 100ms;
    params.proofs = params::ProofMode::kVanilla;  // no Groth16 parameters or C2 time here
    return chain::devnet::DevnetOptions{dir.path() / "devnet", params, 2};
  }()};
  jsonrpc::Registry registry;
  Bytes secret = Bytes(32, 7);
  std::unique_ptr<jsonrpc::Server> server;
  std::uint16_t port = 0;
  std::uint64_t miner_id = 0;

  Chain() {
    chain::devnet::register_full_node_api(registry, net);
    server = std::make_unique<jsonrpc::Server>(
        registry, jsonrpc::Authenticator(secret),
        jsonrpc::ServerOptions{.threads = 4, .rpc_paths = {"/rpc/v1"}});
    port = server->start();
    const auto owner = net.wallet().default_address();
    miner_id = test::created_miner_id(run(test::create_miner(owner)));
    run(test::send(owner, chain::Address::from_id(miner_id), test::miner_funding()));
    net.start();
  }
  ~Chain() {
    net.stop();
    server->stop();
  }
  chain::MessageReceipt run(chain::Message m) {
    const auto pushed = net.push_message(std::move(m));
    net.produce_block();
    const auto found = net.search_message(pushed.cid());
    REQUIRE(found);
    REQUIRE(found->receipt.exit_code == 0);
    return found->receipt;
  }
  chain::FullNodeClient client() const {
    return chain::connect_full_node(ApiInfo{jwt::sign_token(secret, {"read", "write", "sign"}),
                                            multiaddr_for("127.0.0.1", port)},
                                    jsonrpc::Transport::kHttp);
  }
};

// The miner side: metadata, index, one seal+store path, and the pipeline's options.
struct Miner {
  test::TempDir dir;
  std::unique_ptr<datastore::MetadataStore> store =
      datastore::MetadataStore::open(dir.path() / "metadata");
  paths::SectorIndex index{store.get()};
  std::filesystem::path storage_json = dir.path() / "storage.json";
  std::unique_ptr<paths::LocalPaths> local;
  sectorid::SectorNumberAssigner numbers{*store};

  static constexpr std::string_view kPathId = "3b1c3f2e-1111-4a4a-9b9b-000000000001";
  std::filesystem::path store_path = dir.path() / "store";

  Miner() {
    std::filesystem::create_directories(store_path);
    paths::write_local_storage_meta(
        store_path / paths::kMetaFileName,
        paths::LocalStorageMeta{
            .id = std::string(kPathId), .weight = 10, .can_seal = true, .can_store = true});
    paths::write_storage_config(storage_json, paths::StorageConfig{{store_path.string()}});
    local = std::make_unique<paths::LocalPaths>(index, storage_json);
    local->open_all("http://127.0.0.1:1/remote");
    local->start_heartbeat(1s);  // paths without heartbeats drop out of find/best_alloc
  }

  pipeline::PipelineOptions options(std::uint64_t miner_id) const {
    return pipeline::PipelineOptions{.miner_id = miner_id,
                                     .seal_proof = 5,
                                     .ticket_lookback = 2,
                                     .max_ticket_age = 200,
                                     .precommit_challenge_delay = 10,
                                     .seed_confidence = 1,
                                     .max_prove_commit_duration = 300,
                                     .sector_lifetime = 10000,
                                     .max_retries = 2,
                                     .retry_backoff = 100ms,
                                     .chain_poll = 50ms};
  }
};

workers::LocalWorkerConfig all_tasks() {
  return workers::LocalWorkerConfig{
      "test-host",
      {workers::TaskType::kAddPiece, workers::TaskType::kPreCommit1, workers::TaskType::kPreCommit2,
       workers::TaskType::kCommit1, workers::TaskType::kCommit2, workers::TaskType::kFinalize,
       workers::TaskType::kFinalizeUnsealed},
      params::ProofMode::kVanilla};
}

// A devnet, the miner side and one local worker with every sealing task under a manager.
struct Rig {
  Chain chain;
  Miner miner;
  chain::FullNodeClient node = chain.client();
  workers::Manager manager{miner.index};
  std::shared_ptr<workers::LocalWorker> worker =
      std::make_shared<workers::LocalWorker>(all_tasks(), *miner.local, miner.index, &manager);
  pipeline::SectorStore records{*miner.store};

  Rig() { manager.add_worker(worker); }
};

bool logged(const datastore::SectorInfo& info, std::string_view event) {
  for (const auto& entry : info.log)
    if (entry.kind == "event;sealing." + std::string(event)) return true;
  return false;
}

}  // namespace

TEST_CASE("pipeline: pledged sectors reach Proving on the devnet", "[pipeline]") {
  Rig rig;
  auto& [chain, miner, node, manager, worker, records] = rig;
  pipeline::Pipeline sealing(miner.options(chain.miner_id), records, manager, node, miner.numbers);
  sealing.start();

  const auto first = sealing.pledge();
  const auto second = sealing.pledge();
  CHECK(first.miner == chain.miner_id);
  CHECK(second.number == first.number + 1);
  for (const auto id : {first, second}) {
    const auto info = sealing.wait_at_rest(id.number, 60s);
    INFO(info.last_err);
    REQUIRE(info.state == pipeline::kProving);
    CHECK(info.comm_r);
    CHECK(info.comm_d);
    CHECK(info.pre_commit_message);
    CHECK(info.commit_message);
    CHECK(info.seed_epoch > info.ticket_epoch);
    for (const auto* event :
         {"SectorStartCC", "SectorPacked", "SectorTicket", "SectorPreCommit1", "SectorPreCommit2",
          "SectorPreCommitted", "SectorPreCommitLanded", "SectorSeedReady", "SectorCommitted",
          "SectorCommitSubmitted", "SectorProving", "SectorFinalized"})
      CHECK(logged(info, event));
    const auto onchain =
        node.state_sector_get_info(chain::Address::from_id(chain.miner_id), id.number, {});
    REQUIRE(onchain);
    CHECK(onchain->sealed_cid == *info.comm_r);
  }
  sealing.stop();
  // Every stage ran once per sector on the one worker.
  const auto calls = manager.calls_started();
  for (const auto* task : {"AP", "PC1", "PC2", "C1", "C2", "FUS", "FIN"}) {
    INFO(task);
    CHECK(calls.at(task) == 2);
  }
  // The records on disk are what the pipeline had; finalize left only what PoSt needs.
  const auto stored = records.load_all();
  REQUIRE(stored.size() == 2);
  CHECK(stored.at(first.number).state == "Proving");
  const auto cache = miner.local->find_file(paths::FileType::kCache, first);
  REQUIRE(cache);
  CHECK(std::filesystem::exists(*cache / "p_aux"));
  CHECK_FALSE(std::filesystem::exists(*cache / "sc-02-data-layer-1.dat"));
  CHECK_FALSE(miner.local->find_file(paths::FileType::kUnsealed, first));  // a CC sector's
  CHECK(sealing.summary().at("Proving") == 2);
}

// lotus [Sealing] BatchPreCommits and AggregateCommits: four sectors ready within the batch
// waits share one PreCommitSectorBatch2 and one ProveCommitSectors3 (a proof per sector; batches
// of 4), which the devnet applies to all of them.
TEST_CASE("pipeline: with batching four sectors precommit and prove-commit in one message each",
          "[pipeline][batch]") {
  Rig rig;
  auto& [chain, miner, node, manager, worker, records] = rig;
  auto options = miner.options(chain.miner_id);
  options.batch_precommits = true;
  options.precommit_batch = {.max_batch = 4, .wait = 60s, .slack = 0ms};
  options.batch_commits = true;
  options.commit_batch = {.max_batch = 4, .wait = 60s, .slack = 0ms};
  options.block_delay = 100ms;
  pipeline::Pipeline sealing(options, records, manager, node, miner.numbers);
  sealing.start();
  std::vector<paths::SectorId> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(sealing.pledge());
  std::set<std::string> messages, commits;
  for (const auto id : ids) {
    const auto info = sealing.wait_at_rest(id.number, 60s);
    INFO(info.last_err);
    REQUIRE(info.state == pipeline::kProving);
    REQUIRE(info.pre_commit_message);
    messages.insert(info.pre_commit_message->to_string());
    CHECK(logged(info, "SectorPreCommitBatch"));
    CHECK(logged(info, "SectorPreCommitBatchSent"));
    CHECK_FALSE(logged(info, "SectorPreCommitted"));
    REQUIRE(info.commit_message);
    commits.insert(info.commit_message->to_string());
    CHECK(logged(info, "SectorSubmitCommitAggregate"));
    CHECK(logged(info, "SectorCommitAggregateSent"));
    CHECK_FALSE(logged(info, "SectorCommitSubmitted"));
    CHECK(node.state_sector_get_info(chain::Address::from_id(chain.miner_id), id.number, {}));
  }
  CHECK(messages.size() == 1);
  CHECK(commits.size() == 1);
  sealing.stop();
}

// lotus [Sealing] CollateralFromMinerBalance: the precommit deposit and the pledge are taken
// from the miner actor's available balance instead of the messages' value.
TEST_CASE("pipeline: with CollateralFromMinerBalance the miner's balance pays the collateral",
          "[pipeline][collateral]") {
  Chain chain;
  Miner miner;
  auto node = chain.client();
  workers::Manager manager(miner.index);
  manager.add_worker(
      std::make_shared<workers::LocalWorker>(all_tasks(), *miner.local, miner.index, &manager));
  pipeline::SectorStore records(*miner.store);
  auto options = miner.options(chain.miner_id);
  options.collateral.from_miner_balance = true;
  pipeline::Pipeline sealing(options, records, manager, node, miner.numbers);
  const auto actor = chain::Address::from_id(chain.miner_id);
  const auto before = node.state_miner_available_balance(actor, {});
  sealing.start();
  const auto id = sealing.pledge();
  const auto info = sealing.wait_at_rest(id.number, 60s);
  INFO(info.last_err);
  REQUIRE(info.state == pipeline::kProving);
  sealing.stop();
  // The deposit was locked out of the balance (sent with the message it would leave it as is).
  CHECK(node.state_miner_available_balance(actor, {}) < before);
  CHECK(chain::BigInt::from_bytes(info.pre_commit_deposit) > chain::BigInt());
}

TEST_CASE("pipeline: a stopped pipeline resumes every sector from its record", "[pipeline]") {
  Chain chain;
  Miner miner;
  auto node = chain.client();
  pipeline::SectorStore records(*miner.store);
  paths::SectorId pledged;
  {
    workers::Manager manager(miner.index);
    auto worker =
        std::make_shared<workers::LocalWorker>(all_tasks(), *miner.local, miner.index, &manager);
    manager.add_worker(worker);
    pipeline::Pipeline sealing(miner.options(chain.miner_id), records, manager, node,
                               miner.numbers);
    sealing.start();
    pledged = sealing.pledge();
    // Stop while it waits for its seed (or earlier): the record keeps where it was.
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline &&
           sealing.get(pledged.number)->state != pipeline::kWaitSeed)
      std::this_thread::sleep_for(20ms);
    sealing.stop();
    manager.stop();
  }
  const auto before = records.load_all().at(pledged.number);
  CHECK(before.state != pipeline::kProving);
  workers::Manager manager(miner.index);
  auto worker =
      std::make_shared<workers::LocalWorker>(all_tasks(), *miner.local, miner.index, &manager);
  manager.add_worker(worker);
  pipeline::Pipeline sealing(miner.options(chain.miner_id), records, manager, node, miner.numbers);
  sealing.start();
  const auto info = sealing.wait_at_rest(pledged.number, 60s);
  INFO(info.last_err);
  CHECK(info.state == pipeline::kProving);
  // The restarted pipeline did not seal again what the first one had sealed.
  if (before.state == pipeline::kWaitSeed) CHECK(manager.calls_started().count("PC1") == 0);
}

TEST_CASE("pipeline: pledging without a worker is refused and allocates nothing", "[pipeline]") {
  Chain chain;
  Miner miner;
  auto node = chain.client();
  workers::Manager manager(miner.index);
  pipeline::SectorStore records(*miner.store);
  pipeline::Pipeline sealing(miner.options(chain.miner_id), records, manager, node, miner.numbers);
  sealing.start();
  CHECK_THROWS_WITH(sealing.pledge(), Catch::Contains("no worker can seal"));
  CHECK(sealing.list().empty());
  CHECK(miner.numbers.meta().allocated.empty());
  CHECK_THROWS_AS(sealing.get(7).value(), std::bad_optional_access);
  CHECK_THROWS_AS(sealing.force_state(7, "Proving"), NotFound);
}

TEST_CASE("sector fsm: lotus's transitions and refusals", "[pipeline]") {
  datastore::SectorInfo info;
  info.sector_number = 3;
  pipeline::apply_event(info, {"SectorStartCC", {}}, 100);
  CHECK(info.state == "Packing");
  CHECK(info.log.back().kind == "event;sealing.SectorStartCC");
  CHECK(info.log.back().timestamp == 100);
  CHECK_THROWS_WITH(pipeline::apply_event(info, {"SectorCommitted", {}}, 101),
                    Catch::Contains("does not accept event SectorCommitted"));
  CHECK(info.state == "Packing");
  CHECK(info.log.size() == 1);
  pipeline::apply_event(info, {"SectorForceState", {{"State", "CommitFailed"}}}, 102);
  CHECK(info.state == "CommitFailed");
  CHECK_THROWS_AS(pipeline::apply_event(info, {"SectorForceState", {{"State", "Bogus"}}}, 103),
                  InvalidInput);
  pipeline::apply_event(info, {"SectorRetrySubmitCommit", {}}, 104);
  CHECK(info.state == "SubmitCommit");
  pipeline::apply_event(info, {"SectorRemove", {}}, 105);
  CHECK(info.state == "Removing");
  CHECK_FALSE(pipeline::next_state("Removed", "SectorRemove"));
  for (int i = 0; i < 8005; ++i) pipeline::record_event(info, {"SectorRestart", {}}, "Removing", 1);
  CHECK(info.log.size() == pipeline::kMaxLogEntries);
}

namespace {

// A second storage path with its own LocalPaths, as another worker would have; max_storage 0 is
// unlimited.
std::unique_ptr<paths::LocalPaths> extra_path(Miner& miner, const std::string& name,
                                              const std::string& id, std::uint64_t max_storage) {
  const auto path = miner.dir.path() / name;
  std::filesystem::create_directories(path);
  paths::write_local_storage_meta(
      path / paths::kMetaFileName,
      paths::LocalStorageMeta{
          .id = id, .weight = 10, .can_seal = true, .can_store = true, .max_storage = max_storage});
  const auto config = miner.dir.path() / (name + ".json");
  paths::write_storage_config(config, paths::StorageConfig{{path.string()}});
  auto local = std::make_unique<paths::LocalPaths>(miner.index, config);
  local->open_all("http://127.0.0.1:1/remote");
  local->start_heartbeat(1s);
  return local;
}

}  // namespace

TEST_CASE(
    "pipeline: a worker whose sealing path is full gets no sector; alone, the sector waits "
    "with the reason in LastErr and its Log",
    "[pipeline]") {
  Chain chain;
  Miner miner;
  auto node = chain.client();
  auto full = extra_path(miner, "full", "3b1c3f2e-1111-4a4a-9b9b-0000000000ff", 4096);
  workers::Manager manager(miner.index, workers::ManagerOptions{.give_up_after = 500ms});
  auto cramped_config = all_tasks();  // vanilla proofs too: C2 may land on this worker
  cramped_config.hostname = "cramped";
  auto cramped =
      std::make_shared<workers::LocalWorker>(cramped_config, *full, miner.index, &manager);
  manager.add_worker(cramped);
  pipeline::SectorStore records(*miner.store);
  pipeline::Pipeline sealing(miner.options(chain.miner_id), records, manager, node, miner.numbers);
  sealing.start();
  // The miner's own path is not any worker's: only the full one is offered.
  const auto waiting = sealing.pledge();
  datastore::SectorInfo info;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    info = *sealing.get(waiting.number);
    if (!info.last_err.empty()) break;
    std::this_thread::sleep_for(50ms);
  }
  CHECK(info.state == pipeline::kPacking);
  CHECK_THAT(info.last_err, Catch::Contains("sealing path with room"));
  CHECK(info.log.back().kind == "error;temporary");
  // A worker with room joins: the sector moves on there, and nothing lands on the full path.
  auto roomy =
      std::make_shared<workers::LocalWorker>(all_tasks(), *miner.local, miner.index, &manager);
  manager.add_worker(roomy);
  const auto done = sealing.wait_at_rest(waiting.number, 60s);
  INFO(done.last_err);
  CHECK(done.state == pipeline::kProving);
  CHECK(miner.local->find_file(paths::FileType::kSealed, waiting));
  CHECK_FALSE(full->find_file(paths::FileType::kSealed, waiting));
  CHECK_FALSE(full->find_file(paths::FileType::kUnsealed, waiting));
}

TEST_CASE("pipeline: records lotus wrote are listed as they are and unfinished ones resume",
          "[pipeline]") {
  Chain chain;
  Miner miner;
  auto node = chain.client();
  const auto miner_address = chain::Address::from_id(chain.miner_id);
  // Sector 7: Proving (a lotus v1.23 record: canonical map, all 38 keys).
  datastore::SectorInfo proving;
  proving.state = "Proving";
  proving.sector_number = 7;
  proving.sector_type = 5;
  proving.creation_time = 1700000000;
  proving.comm_r = cid::commitment_sealed_cid(Bytes(32, 0x22));
  proving.log.push_back({"event;sealing.SectorFinalized", 1700000100, "", "{}"});
  // Sector 8: PreCommit1 with its CC piece already added and a ticket from the chain.
  datastore::SectorInfo pc1;
  pc1.state = "PreCommit1";
  pc1.sector_number = 8;
  pc1.sector_type = 5;
  pc1.creation_time = 1700000000;
  const workers::SectorRef ref{{chain.miner_id, 8}, 5};
  const auto unsealed = miner.store_path / "unsealed" / paths::sector_name(ref.id);
  const auto piece = workers::add_pledge_piece(ref, unsealed);
  miner.index.declare(std::string(Miner::kPathId), ref.id,
                      static_cast<std::uint32_t>(paths::FileType::kUnsealed), true);
  pc1.pieces = {datastore::SectorPiece{piece.size, piece.piece_cid, cbor::Value::null()}};
  pc1.ticket_epoch = node.chain_head().height();
  pc1.ticket_value = node.state_get_randomness_from_tickets(
      chain::DomainSeparationTag::kSealRandomness, pc1.ticket_epoch,
      chain::address_entropy(miner_address), {});
  miner.store->put("/sectors/7", datastore::encode_sector_info(proving));
  miner.store->put("/sectors/8", datastore::encode_sector_info(pc1));
  // Both numbers are taken, as lotus's allocated bitfield would say.
  miner.numbers.reserve("lotus", chain::BitField::from_human_ranges("7-8"), false);

  workers::Manager manager(miner.index);
  auto worker =
      std::make_shared<workers::LocalWorker>(all_tasks(), *miner.local, miner.index, &manager);
  manager.add_worker(worker);
  pipeline::SectorStore records(*miner.store);
  pipeline::Pipeline sealing(miner.options(chain.miner_id), records, manager, node, miner.numbers);
  sealing.start();
  CHECK(sealing.list() == std::vector<std::uint64_t>{7, 8});
  CHECK(*sealing.get(7) == proving);  // untouched
  const auto resumed = sealing.wait_at_rest(8, 60s);
  INFO(resumed.last_err);
  CHECK(resumed.state == pipeline::kProving);
  CHECK(resumed.ticket_epoch == pc1.ticket_epoch);
  CHECK(node.state_sector_get_info(miner_address, 8, {}));
  // A record that does not decode stops the start with its key named.
  miner.store->put("/sectors/9", Bytes{0xff});
  pipeline::SectorStore broken(*miner.store);
  CHECK_THROWS_WITH(broken.load_all(), Catch::Contains("/sectors/9"));
}
