#include "sealing/workers/remote_worker.hpp"

#include "common/error.hpp"
#include "sealing/workers/worker_api.hpp"

namespace tessera::workers {

void RemoteWorker::check_version() {
  const auto version = api::call(*rpc_, kWorkerVersion);
  if ((version >> 8) != (kWorkerApiVersion >> 8))
    throw InvalidInput("worker API version " + std::to_string(version >> 16) + "." +
                       std::to_string((version >> 8) & 0xff) + " does not match the miner's " +
                       std::to_string(kWorkerApiVersion >> 16) + "." +
                       std::to_string((kWorkerApiVersion >> 8) & 0xff));
}

std::string RemoteWorker::session() {
  return api::call(*rpc_, kWorkerSession);
}

WorkerInfo RemoteWorker::info() {
  return api::call(*rpc_, kInfo);
}

std::set<TaskType> RemoteWorker::task_types() {
  return api::call(*rpc_, kTaskTypes);
}

std::vector<StoragePath> RemoteWorker::paths() {
  return api::call(*rpc_, kPaths);
}

CallId RemoteWorker::add_piece(const SectorRef& sector, std::uint64_t unpadded_size) {
  return api::call(*rpc_, kAddPiece, sector, std::vector<std::uint64_t>{}, unpadded_size,
                   PieceData{unpadded_size});
}

CallId RemoteWorker::seal_pre_commit1(const SectorRef& sector, const Bytes& ticket,
                                      const std::vector<PieceInfo>& pieces) {
  return api::call(*rpc_, kSealPreCommit1, sector, ticket, pieces);
}

CallId RemoteWorker::seal_pre_commit2(const SectorRef& sector, const Bytes& pc1_out) {
  return api::call(*rpc_, kSealPreCommit2, sector, pc1_out);
}

CallId RemoteWorker::seal_commit1(const SectorRef& sector, const Bytes& ticket, const Bytes& seed,
                                  const std::vector<PieceInfo>& pieces, const SectorCids& cids) {
  return api::call(*rpc_, kSealCommit1, sector, ticket, seed, pieces, cids);
}

CallId RemoteWorker::seal_commit2(const SectorRef& sector, const Bytes& c1_out) {
  return api::call(*rpc_, kSealCommit2, sector, c1_out);
}

CallId RemoteWorker::finalize_sector(const SectorRef& sector) {
  return api::call(*rpc_, kFinalizeSector, sector);
}

CallId RemoteWorker::move_storage(const SectorRef& sector, std::uint32_t types) {
  return api::call(*rpc_, kMoveStorage, sector, types);
}

CallId RemoteWorker::release_unsealed(const SectorRef& sector, const std::vector<Range>& keep) {
  return api::call(*rpc_, kReleaseUnsealed, sector, keep);
}

void RemoteWorker::remove(const paths::SectorId& sector) {
  api::call(*rpc_, kRemove, sector);
}

}  // namespace tessera::workers
