#include "sealing/workers/worker_server.hpp"

#include "sealing/porep/fr32.hpp"
#include "sealing/workers/worker_api.hpp"

namespace tessera::workers {

void register_worker_api(jsonrpc::Registry& registry, LocalWorker& worker, paths::LocalPaths& local,
                         WorkerControl& control) {
  api::serve(registry, kWorkerVersion, [] { return kWorkerApiVersion; });
  api::serve(registry, kProcessSession, [&worker] { return worker.session(); });
  api::serve(registry, kWorkerSession, [&worker, &control] {
    if (!control.enabled) throw InvalidInput("worker disabled");
    return worker.session();
  });
  api::serve(registry, kInfo, [&worker] { return worker.info(); });
  api::serve(registry, kTaskTypes, [&worker] { return worker.task_types(); });
  api::serve(registry, kPaths, [&worker] { return worker.paths(); });
  api::serve(registry, kAddPiece,
             [&worker](const SectorRef& sector, const std::vector<std::uint64_t>& existing,
                       std::uint64_t size, const PieceData& data) {
               if (!existing.empty() || data.null_size != size)
                 throw NotImplemented("AddPiece: only a pledge piece filling an empty sector");
               return worker.add_piece(sector, size);
             });
  api::serve(registry, kSealPreCommit1,
             [&worker](const SectorRef& sector, const Bytes& ticket,
                       const std::vector<PieceInfo>& pieces) {
               return worker.seal_pre_commit1(sector, ticket, pieces);
             });
  api::serve(registry, kSealPreCommit2, [&worker](const SectorRef& sector, const Bytes& pc1) {
    return worker.seal_pre_commit2(sector, pc1);
  });
  api::serve(registry, kSealCommit1,
             [&worker](const SectorRef& sector, const Bytes& ticket, const Bytes& seed,
                       const std::vector<PieceInfo>& pieces, const SectorCids& cids) {
               return worker.seal_commit1(sector, ticket, seed, pieces, cids);
             });
  api::serve(registry, kSealCommit2, [&worker](const SectorRef& sector, const Bytes& c1) {
    return worker.seal_commit2(sector, c1);
  });
  api::serve(registry, kFinalizeSector,
             [&worker](const SectorRef& sector) { return worker.finalize_sector(sector); });
  api::serve(registry, kReleaseUnsealed,
             [&worker](const SectorRef& sector, const std::vector<Range>& keep) {
               return worker.release_unsealed(sector, keep);
             });
  api::serve(registry, kMoveStorage, [&worker](const SectorRef& sector, FileTypeMask types) {
    paths::file_types_in(types);  // InvalidInput for bits beyond update-cache
    return worker.move_storage(sector, types);
  });
  api::serve(registry, kRemove,
             [&worker](const paths::SectorId& sector) { worker.remove(sector); });
  api::serve(registry, kTaskEnable,
             [&worker](TaskType task) { worker.set_task_enabled(task, true); });
  api::serve(registry, kTaskDisable,
             [&worker](TaskType task) { worker.set_task_enabled(task, false); });
  api::serve(registry, kSetEnabled, [&control](bool enabled) { control.enabled = enabled; });
  api::serve(registry, kEnabled, [&control] { return control.enabled.load(); });
  api::serve(registry, kWaitQuiet, [&worker] { worker.wait_quiet(); });
  api::serve(registry, kStorageLocal, [&local] { return local.local(); });
  api::serve(registry, kStorageAddLocal, [&local](const std::string& path) { local.add(path); });
  api::serve(registry, kShutdown, [&control] {
    if (control.shutdown) control.shutdown();
  });
}

}  // namespace tessera::workers
