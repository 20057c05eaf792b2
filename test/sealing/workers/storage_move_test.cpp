// Finalize taking a sector to long-term storage (lotus's TTFetch + MoveStorage): from the
// worker that sealed it to another machine's storage path through /remote, or to the sealing
// worker's own storage path without any transfer; a refused fetch changes nothing and a retry
// completes the move.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "sealing/pipeline/sealer.hpp"
#include "sealing/workers/local_worker.hpp"
#include "sealing/workers/manager.hpp"
#include "sealing/workers/storage_move.hpp"
#include "storage/index/sector_index.hpp"
#include "storage/paths/local_paths.hpp"
#include "storage/paths/local_storage_meta.hpp"
#include "storage/paths/remote_handler.hpp"
#include "storage/paths/storage_config.hpp"
#include "test/support/files.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using workers::TaskType;

namespace {

const Bytes kSecret(32, 0x11);

struct PathSpec {
  std::string id;
  bool seal = false;
  bool store = false;
};

// One machine of the cluster: its storage paths (announced at its own /remote, served by a
// jsonrpc::Server checking the cluster's secret) and a LocalWorker on them.
struct Machine {
  test::TempDir dir;
  std::unique_ptr<paths::LocalPaths> local;
  jsonrpc::Registry registry;
  jsonrpc::Server server{registry, jsonrpc::Authenticator(kSecret), jsonrpc::ServerOptions{}};
  std::shared_ptr<workers::LocalWorker> worker;

  Machine(paths::IndexApi& index, const std::string& name, const std::vector<PathSpec>& specs,
          std::set<TaskType> tasks, const std::string& token) {
    std::vector<std::string> roots;
    for (const auto& spec : specs) {
      const auto root = dir / spec.id;
      std::filesystem::create_directories(root);
      paths::write_local_storage_meta(
          root / paths::kMetaFileName,
          paths::LocalStorageMeta{
              .id = spec.id, .weight = 10, .can_seal = spec.seal, .can_store = spec.store});
      roots.push_back(root.string());
    }
    paths::write_storage_config(dir / "storage.json", paths::StorageConfig{roots});
    local = std::make_unique<paths::LocalPaths>(index, dir / "storage.json");
    const auto port = server.listen();
    local->open_all("http://127.0.0.1:" + std::to_string(port) + "/remote");
    server.add_http_route("/remote", paths::make_remote_route(paths::remote_store_of(*local, {})));
    server.start();
    worker = std::make_shared<workers::LocalWorker>(
        workers::LocalWorkerConfig{name, std::move(tasks), params::ProofMode::kVanilla, token},
        *local, index);
  }
  ~Machine() {
    worker.reset();
    server.stop();
  }
  std::filesystem::path file(const std::string& path_id, paths::FileType type,
                             const paths::SectorId& sector) const {
    return dir / path_id / std::string(paths::file_type_name(type)) / paths::sector_name(sector);
  }
};

const std::set<TaskType> kSealTasks{TaskType::kAddPiece,         TaskType::kPreCommit1,
                                    TaskType::kPreCommit2,       TaskType::kFinalize,
                                    TaskType::kFinalizeUnsealed, TaskType::kFetch};
const std::set<TaskType> kKeeperTasks{TaskType::kFinalize, TaskType::kFetch};

std::string admin_token() {
  return jwt::sign_token(kSecret, jwt::perms_up_to("admin"));
}

// Adds the machines' workers to the manager, their calls returning to it.
void connect(workers::Manager& manager, std::initializer_list<Machine*> machines) {
  for (Machine* machine : machines) {
    machine->worker->set_sink(&manager);
    manager.add_worker(machine->worker);
  }
}

// AddPiece, PreCommit1 and PreCommit2 of a 2 KiB CC sector through the manager.
void seal(workers::Manager& manager, const pipeline::SectorRef& sector) {
  const auto pieces = manager.pledge(sector, {});
  const auto pc1 = manager.precommit1(sector, Bytes(32, 3), pieces, {});
  manager.precommit2(sector, pc1, {});
}

// The storage path IDs the index lists for a sector file type.
std::set<std::string> holders(paths::IndexApi& index, const paths::SectorId& sector,
                              paths::FileType type) {
  std::set<std::string> out;
  for (const auto& holder : index.find(sector, static_cast<std::uint32_t>(type), 2048, false))
    out.insert(holder.id);
  return out;
}

// The files finalize keeps in a cache directory, by name.
std::map<std::string, std::string> kept_cache_files(const std::filesystem::path& cache) {
  std::map<std::string, std::string> out;
  for (const auto* name : {"p_aux", "t_aux", "sc-02-data-tree-r-last.dat"})
    out[name] = test::read_file(cache / name);
  return out;
}

}  // namespace

TEST_CASE("Manager: finalize moves the sector to another machine's storage path over /remote",
          "[sealing][workers][move]") {
  paths::SectorIndex index(nullptr);
  Machine sealer(index, "sealer", {{"seal-path", true, false}}, kSealTasks, admin_token());
  Machine keeper(index, "keeper", {{"store-path", false, true}}, kKeeperTasks, admin_token());
  workers::Manager manager(index);
  connect(manager, {&sealer, &keeper});
  const pipeline::SectorRef sector{{1000, 1}, 5};  // StackedDrg2KiBV1_1
  seal(manager, sector);
  const auto sealed = sealer.file("seal-path", paths::FileType::kSealed, sector.id);
  const auto cache = sealer.file("seal-path", paths::FileType::kCache, sector.id);
  const auto sealed_bytes = test::read_file(sealed);
  REQUIRE(sealed_bytes.size() == 2048);
  const auto cache_files = kept_cache_files(cache);

  manager.finalize(sector, false, {});
  // The keeper holds the sealed file and the finalized cache, byte for byte; the sealer nothing.
  CHECK(test::read_file(keeper.file("store-path", paths::FileType::kSealed, sector.id)) ==
        sealed_bytes);
  const auto kept = keeper.file("store-path", paths::FileType::kCache, sector.id);
  CHECK(kept_cache_files(kept) == cache_files);
  CHECK_FALSE(std::filesystem::exists(kept / "sc-02-data-layer-1.dat"));
  CHECK_FALSE(std::filesystem::exists(sealed));
  CHECK_FALSE(std::filesystem::exists(cache));
  CHECK_FALSE(std::filesystem::exists(keeper.dir / "store-path" / "fetching" / "cache" /
                                      paths::sector_name(sector.id)));
  CHECK(holders(index, sector.id, paths::FileType::kSealed) == std::set<std::string>{"store-path"});
  CHECK(holders(index, sector.id, paths::FileType::kCache) == std::set<std::string>{"store-path"});
  // A CC sector's unsealed file went first (lotus ReleaseUnsealed), from the index too.
  CHECK_FALSE(
      std::filesystem::exists(sealer.file("seal-path", paths::FileType::kUnsealed, sector.id)));
  CHECK(holders(index, sector.id, paths::FileType::kUnsealed).empty());
  const auto calls = manager.calls_started();
  CHECK(calls.at("FUS") == 1);
  CHECK(calls.at("FIN") == 1);
  CHECK(calls.at("GET") == 1);

  // Finalizing again (a miner restarted in FinalizeSector) finds it stored and moves nothing.
  manager.finalize(sector, false, {});
  CHECK(manager.calls_started().at("FUS") == 1);  // nothing left to release
  CHECK(manager.calls_started().at("GET") == 1);
  CHECK(test::read_file(keeper.file("store-path", paths::FileType::kSealed, sector.id)) ==
        sealed_bytes);
}

TEST_CASE("Manager: a sealing worker with its own storage path keeps the sector, no transfer",
          "[sealing][workers][move]") {
  paths::SectorIndex index(nullptr);
  Machine sealer(index, "sealer", {{"seal-path", true, false}, {"own-store", false, true}},
                 kSealTasks, admin_token());
  Machine keeper(index, "keeper", {{"store-path", false, true}}, kKeeperTasks, admin_token());
  workers::Manager manager(index);
  connect(manager, {&sealer, &keeper});
  const pipeline::SectorRef sector{{1000, 2}, 5};
  seal(manager, sector);
  manager.finalize(sector, false, {});
  CHECK(std::filesystem::exists(sealer.file("own-store", paths::FileType::kSealed, sector.id)));
  CHECK(std::filesystem::exists(sealer.file("own-store", paths::FileType::kCache, sector.id) /
                                "p_aux"));
  CHECK_FALSE(
      std::filesystem::exists(keeper.file("store-path", paths::FileType::kSealed, sector.id)));
  CHECK(holders(index, sector.id, paths::FileType::kSealed) == std::set<std::string>{"own-store"});
  // Again, as a miner restarted in FinalizeSector does: the cache is found on the storage path.
  manager.finalize(sector, false, {});
  CHECK(manager.calls_started().at("FIN") == 2);
  CHECK(manager.calls_started().count("GET") == 0);
}

TEST_CASE("move_to_storage: run again after a crash between fetching and deleting",
          "[sealing][workers][move]") {
  paths::SectorIndex index(nullptr);
  Machine sealer(index, "sealer", {{"seal-path", true, false}}, kSealTasks, admin_token());
  Machine keeper(index, "keeper", {{"store-path", false, true}}, kKeeperTasks, admin_token());
  const pipeline::SectorRef sector{{1000, 5}, 5};
  {
    workers::Manager manager(index);
    connect(manager, {&sealer});
    seal(manager, sector);
    manager.stop();
  }
  // The keeper had fetched and declared the sealed file when it died: the cache was not yet
  // fetched and nothing was deleted.
  const auto sealed = sealer.file("seal-path", paths::FileType::kSealed, sector.id);
  const auto stored = keeper.file("store-path", paths::FileType::kSealed, sector.id);
  std::filesystem::create_directories(stored.parent_path());
  std::filesystem::copy_file(sealed, stored);
  index.declare("store-path", sector.id, static_cast<std::uint32_t>(paths::FileType::kSealed),
                true);
  const auto sealed_bytes = test::read_file(sealed);
  const workers::StorageMoveContext ctx{*keeper.local, index, "keeper", admin_token()};
  workers::move_to_storage(ctx, workers::SectorRef{sector.id, sector.proof_type},
                           static_cast<std::uint32_t>(paths::FileType::kSealed) |
                               static_cast<std::uint32_t>(paths::FileType::kCache));
  CHECK(test::read_file(stored) == sealed_bytes);
  CHECK(std::filesystem::exists(keeper.file("store-path", paths::FileType::kCache, sector.id) /
                                "p_aux"));
  CHECK_FALSE(std::filesystem::exists(sealed));
  CHECK_FALSE(
      std::filesystem::exists(sealer.file("seal-path", paths::FileType::kCache, sector.id)));
  CHECK(holders(index, sector.id, paths::FileType::kSealed) == std::set<std::string>{"store-path"});
  CHECK(holders(index, sector.id, paths::FileType::kCache) == std::set<std::string>{"store-path"});
}

TEST_CASE("Manager: with no storage path anywhere the sector stays on its sealing path",
          "[sealing][workers][move]") {
  paths::SectorIndex index(nullptr);
  Machine sealer(index, "sealer", {{"seal-path", true, false}}, kSealTasks, admin_token());
  workers::Manager manager(index);
  connect(manager, {&sealer});
  const pipeline::SectorRef sector{{1000, 3}, 5};
  seal(manager, sector);
  manager.finalize(sector, false, {});
  CHECK(std::filesystem::exists(sealer.file("seal-path", paths::FileType::kSealed, sector.id)));
  CHECK(holders(index, sector.id, paths::FileType::kSealed) == std::set<std::string>{"seal-path"});
  CHECK(manager.calls_started().count("GET") == 0);
}

TEST_CASE("Manager: a refused fetch leaves the sector where it was, and a retry moves it",
          "[sealing][workers][move]") {
  paths::SectorIndex index(nullptr);
  Machine sealer(index, "sealer", {{"seal-path", true, false}}, kSealTasks, admin_token());
  // This keeper holds a token of another cluster: the sealer's /remote refuses it.
  Machine keeper(index, "keeper", {{"store-path", false, true}}, kKeeperTasks,
                 jwt::sign_token(Bytes(32, 0x22), jwt::perms_up_to("admin")));
  const pipeline::SectorRef sector{{1000, 4}, 5};
  const auto sealed = sealer.file("seal-path", paths::FileType::kSealed, sector.id);
  std::string sealed_bytes;
  {
    workers::Manager manager(index);
    connect(manager, {&sealer, &keeper});
    seal(manager, sector);
    sealed_bytes = test::read_file(sealed);
    try {
      manager.finalize(sector, false, {});
      FAIL("finalize moved the sector with a refused token");
    } catch (const pipeline::SealingFailure& e) {
      CHECK(e.failure() == pipeline::FailureClass::kTemporary);
      CHECK_THAT(e.what(), Catch::Contains("401"));
    }
    CHECK(test::read_file(sealed) == sealed_bytes);
    CHECK(std::filesystem::exists(sealer.file("seal-path", paths::FileType::kCache, sector.id) /
                                  "p_aux"));
    CHECK_FALSE(
        std::filesystem::exists(keeper.file("store-path", paths::FileType::kSealed, sector.id)));
    CHECK_FALSE(std::filesystem::exists(keeper.dir / "store-path" / "fetching" / "sealed" /
                                        paths::sector_name(sector.id)));
    CHECK(holders(index, sector.id, paths::FileType::kSealed) ==
          std::set<std::string>{"seal-path"});
    manager.stop();
  }
  // The keeper's worker restarted with the cluster's token: the pipeline's retry moves it.
  keeper.worker = std::make_shared<workers::LocalWorker>(
      workers::LocalWorkerConfig{"keeper", kKeeperTasks, params::ProofMode::kVanilla,
                                 admin_token()},
      *keeper.local, index);
  workers::Manager manager(index);
  connect(manager, {&sealer, &keeper});
  manager.finalize(sector, false, {});
  CHECK(test::read_file(keeper.file("store-path", paths::FileType::kSealed, sector.id)) ==
        sealed_bytes);
  CHECK_FALSE(std::filesystem::exists(sealed));
  CHECK(holders(index, sector.id, paths::FileType::kSealed) == std::set<std::string>{"store-path"});
}

TEST_CASE("Manager: finalize releases every copy of a CC sector's unsealed file",
          "[sealing][workers][move]") {
  paths::SectorIndex index(nullptr);
  Machine sealer(index, "sealer", {{"seal-path", true, false}}, kSealTasks, admin_token());
  Machine other(index, "other", {{"other-seal-path", true, false}}, kSealTasks, admin_token());
  Machine keeper(index, "keeper", {{"store-path", false, true}}, kKeeperTasks, admin_token());
  workers::Manager manager(index);
  connect(manager, {&sealer, &keeper});
  const pipeline::SectorRef sector{{1000, 6}, 5};
  seal(manager, sector);
  // A second copy, as a worker killed after writing it but before AddPiece returned declares
  // when it restarts, the call having run again on another worker. That worker need not be
  // connected to the manager: its /remote deletes the copy.
  const auto unsealed = sealer.file("seal-path", paths::FileType::kUnsealed, sector.id);
  const auto copy = other.file("other-seal-path", paths::FileType::kUnsealed, sector.id);
  std::filesystem::copy_file(unsealed, copy);
  other.local->redeclare(std::nullopt, false);
  // A third one on a machine that cannot be reached: logged, and it stays listed.
  index.attach(paths::StorageInfo{.id = "gone-path",
                                  .urls = {"http://127.0.0.1:1/remote"},
                                  .weight = 10,
                                  .can_seal = true},
               paths::FsStat{.capacity = 1 << 30, .available = 1 << 30, .fs_available = 1 << 30});
  index.declare("gone-path", sector.id, static_cast<std::uint32_t>(paths::FileType::kUnsealed),
                false);
  REQUIRE(holders(index, sector.id, paths::FileType::kUnsealed) ==
          std::set<std::string>{"seal-path", "other-seal-path", "gone-path"});

  manager.finalize(sector, false, {});
  CHECK_FALSE(std::filesystem::exists(unsealed));
  CHECK_FALSE(std::filesystem::exists(copy));
  CHECK(holders(index, sector.id, paths::FileType::kUnsealed) ==
        std::set<std::string>{"gone-path"});
  CHECK(manager.calls_started().at("FUS") == 1);
  CHECK(std::filesystem::exists(keeper.file("store-path", paths::FileType::kSealed, sector.id)));
}
