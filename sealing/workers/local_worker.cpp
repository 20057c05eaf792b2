#include "sealing/workers/local_worker.hpp"

#include <filesystem>

#include "common/log.hpp"
#include "common/uuid.hpp"
#include "gpu/pc2_device.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/workers/host_resources.hpp"
#include "sealing/workers/storage_move.hpp"

namespace tessera::workers {
namespace {

constexpr std::uint32_t bit(paths::FileType type) {
  return static_cast<std::uint32_t>(type);
}

SectorPaths paths_under(const std::filesystem::path& root, const paths::SectorId& sector) {
  const auto name = paths::sector_name(sector);
  return SectorPaths{root / "unsealed" / name, root / "sealed" / name, root / "cache" / name};
}

}  // namespace

CallError call_error_for(const std::exception& error) {
  if (dynamic_cast<const NoSpace*>(&error)) return CallError{kErrTempAllocateSpace, error.what()};
  if (dynamic_cast<const IoError*>(&error) || dynamic_cast<const Cancelled*>(&error))
    return CallError{kErrTempUnknown, error.what()};
  return CallError{kErrUnknown, error.what()};
}

LocalWorker::LocalWorker(LocalWorkerConfig config, paths::LocalPaths& local, paths::IndexApi& index,
                         ReturnSink* sink)
    : config_(std::move(config)),
      local_(local),
      index_(index),
      sink_(sink),
      session_(new_uuid_v4()) {
  if (config_.tasks.count(TaskType::kPreCommit2)) gpu::pc2_device();
}

LocalWorker::~LocalWorker() {
  wait_quiet();
  std::list<Running> running;
  {
    std::lock_guard lock(mu_);
    running.swap(running_);
  }
  for (auto& call : running) call.thread.join();
}

void LocalWorker::wait_quiet() {
  std::unique_lock lock(mu_);
  quiet_.wait(lock, [&] {
    for (const auto& call : running_)
      if (!call.done) return false;
    return true;
  });
}

void LocalWorker::set_task_enabled(TaskType task, bool enabled) {
  std::lock_guard lock(mu_);
  if (enabled)
    disabled_.erase(task);
  else
    disabled_.insert(task);
}

WorkerInfo LocalWorker::info() {
  return WorkerInfo{.hostname = config_.hostname,
                    .ignore_resources = false,
                    .resources = host_resources(false, default_resource_table())};
}

std::set<TaskType> LocalWorker::task_types() {
  std::lock_guard lock(mu_);
  std::set<TaskType> enabled;
  for (const auto task : config_.tasks)
    if (!disabled_.count(task)) enabled.insert(task);
  return enabled;
}

std::vector<StoragePath> LocalWorker::paths() {
  std::vector<StoragePath> out;
  for (const auto& [id, path] : local_.local()) {
    const auto info = index_.info(id);
    out.push_back(StoragePath{id, info.weight, path, info.can_seal, info.can_store});
  }
  return out;
}

CallId LocalWorker::start(const SectorRef& sector, std::string task,
                          std::function<nlohmann::json()> work) {
  CallId call{sector.id, new_uuid_v4()};
  if (ReturnSink* sink = sink_.load()) sink->started(call, task);
  std::lock_guard lock(mu_);
  for (auto it = running_.begin(); it != running_.end();) {
    if (!it->done) {
      ++it;
      continue;
    }
    it->thread.join();
    it = running_.erase(it);
  }
  auto& sector_lock = sector_locks_[sector.id];
  if (!sector_lock) sector_lock = std::make_shared<std::mutex>();
  auto& slot = running_.emplace_back();
  slot.thread = std::thread([this, &slot, call, task = std::move(task), work = std::move(work),
                             files_lock = sector_lock] {
    auto logger = log::get("worker");
    TLOG_INFO(logger, "{} for sector {} started (call {})", task, call.sector.number,
              to_string(call));
    nlohmann::json result;
    std::optional<CallError> error;
    try {
      std::lock_guard hold(*files_lock);
      result = work();
    } catch (const std::exception& e) {
      error = call_error_for(e);
      TLOG_WARN(logger, "{} for sector {} failed: {}", task, call.sector.number, e.what());
    }
    ReturnSink* sink = sink_.load();
    try {
      if (sink) sink->deliver(call, std::move(result), std::move(error));
    } catch (const std::exception& e) {
      TLOG_WARN(logger, "returning {} of sector {}: {}", task, call.sector.number, e.what());
    }
    std::lock_guard done_lock(mu_);
    slot.done = true;
    quiet_.notify_all();
  });
  return call;
}

SectorPaths LocalWorker::sector_paths(const SectorRef& sector, bool allocate) {
  if (const auto unsealed = local_.find_file(paths::FileType::kUnsealed, sector.id))
    return paths_under(unsealed->parent_path().parent_path(), sector.id);
  if (const auto sealed = local_.find_file(paths::FileType::kSealed, sector.id))
    return paths_under(sealed->parent_path().parent_path(), sector.id);
  if (!allocate)
    throw NotFound("sector " + std::to_string(sector.id.number) + " has no files on worker " +
                   config_.hostname);
  const auto size = porep::seal_proof_info(sector.proof_type).sector_size;
  const std::uint32_t types = bit(paths::FileType::kUnsealed) | bit(paths::FileType::kSealed) |
                              bit(paths::FileType::kCache);
  const auto mine = local_.local();
  for (const auto& candidate : index_.best_alloc(types, size, true)) {
    const auto it = mine.find(candidate.id);
    if (it != mine.end()) return paths_under(it->second, sector.id);
  }
  throw NoSpace("no sealing path on worker " + config_.hostname + " has room for a " +
                std::to_string(size) + "-byte sector");
}

void LocalWorker::declare(const SectorRef& sector, const SectorPaths& files, std::uint32_t types) {
  const auto root = files.unsealed.parent_path().parent_path();
  for (const auto& [id, path] : local_.local()) {
    if (std::filesystem::path(path) == root) {
      index_.declare(id, sector.id, types, true);
      return;
    }
  }
}

CallId LocalWorker::add_piece(const SectorRef& sector, std::uint64_t unpadded_size) {
  return start(sector, "AddPiece", [this, sector, unpadded_size] {
    const auto size = porep::seal_proof_info(sector.proof_type).sector_size;
    if (unpadded_size != size / 128 * 127)
      throw NotImplemented("AddPiece: only whole-sector pledge pieces are supported");
    const auto files = sector_paths(sector, true);
    const auto piece = add_pledge_piece(sector, files.unsealed);
    declare(sector, files, bit(paths::FileType::kUnsealed));
    return to_json(piece);
  });
}

CallId LocalWorker::seal_pre_commit1(const SectorRef& sector, const Bytes& ticket,
                                     const std::vector<PieceInfo>& pieces) {
  return start(sector, "PreCommit1", [this, sector, ticket, pieces] {
    const auto files = sector_paths(sector, false);
    const auto out = workers::seal_pre_commit1(sector, ticket, pieces, files);
    declare(sector, files, bit(paths::FileType::kSealed) | bit(paths::FileType::kCache));
    return nlohmann::json(base64_encode(out));
  });
}

CallId LocalWorker::seal_pre_commit2(const SectorRef& sector, const Bytes& pc1_out) {
  return start(sector, "PreCommit2", [this, sector, pc1_out] {
    return to_json(workers::seal_pre_commit2(sector, pc1_out, sector_paths(sector, false)));
  });
}

CallId LocalWorker::seal_commit1(const SectorRef& sector, const Bytes& ticket, const Bytes& seed,
                                 const std::vector<PieceInfo>&, const SectorCids& cids) {
  return start(sector, "Commit1", [this, sector, ticket, seed, cids] {
    return nlohmann::json(base64_encode(
        workers::seal_commit1(sector, ticket, seed, cids, sector_paths(sector, false))));
  });
}

CallId LocalWorker::seal_commit2(const SectorRef& sector, const Bytes& c1_out) {
  return start(sector, "Commit2", [sector, c1_out, proofs = config_.proofs] {
    return nlohmann::json(base64_encode(workers::seal_commit2(sector, c1_out, proofs)));
  });
}

CallId LocalWorker::finalize_sector(const SectorRef& sector) {
  return start(sector, "Finalize", [this, sector] {
    // The cache wherever it is here: a storage path already, when this is a re-run.
    const auto cache = local_.find_file(paths::FileType::kCache, sector.id);
    if (!cache)
      throw NotFound("sector " + std::to_string(sector.id.number) + " has no cache on worker " +
                     config_.hostname);
    finalize_sector_files(sector, SectorPaths{.cache = *cache});
    move_local_to_storage(move_context(), sector,
                          bit(paths::FileType::kSealed) | bit(paths::FileType::kCache));
    return nlohmann::json();
  });
}

CallId LocalWorker::release_unsealed(const SectorRef& sector, const std::vector<Range>& keep) {
  return start(sector, "ReleaseUnsealed", [this, sector, keep] {
    if (!keep.empty())
      throw NotImplemented("ReleaseUnsealed: keeping parts of an unsealed file (deal sectors)");
    remove_everywhere(move_context(), sector, paths::FileType::kUnsealed);
    return nlohmann::json();
  });
}

CallId LocalWorker::move_storage(const SectorRef& sector, std::uint32_t types) {
  return start(sector, "MoveStorage", [this, sector, types] {
    move_to_storage(move_context(), sector, types);
    return nlohmann::json();
  });
}

StorageMoveContext LocalWorker::move_context() {
  return StorageMoveContext{local_, index_, config_.hostname, config_.remote_token};
}

void LocalWorker::remove(const paths::SectorId& sector) {
  for (const auto type : paths::all_file_types()) local_.remove(type, sector, {});
}

}  // namespace tessera::workers
