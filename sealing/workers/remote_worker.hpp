// A worker reached over JSON-RPC (the miner's side of lotus's worker protocol): each
// WorkerHandle call is the worker API method of worker_api.hpp, over HTTP with the token the
// miner minted for it. Works with tessera's `lotus-worker run` and lotus's lotus-worker.
#pragma once

#include <memory>
#include <string>

#include "common/jsonrpc/client.hpp"
#include "sealing/workers/worker_handle.hpp"

namespace tessera::workers {

class RemoteWorker final : public WorkerHandle {
 public:
  explicit RemoteWorker(std::unique_ptr<jsonrpc::Client> rpc) : rpc_(std::move(rpc)) {}

  // Checks the worker's API version (lotus WorkerAPIVersion0, major and minor); InvalidInput
  // naming both when they differ, IoError when it does not answer.
  void check_version();

  std::string session() override;
  WorkerInfo info() override;
  std::set<TaskType> task_types() override;
  std::vector<StoragePath> paths() override;
  CallId add_piece(const SectorRef& sector, std::uint64_t unpadded_size) override;
  CallId seal_pre_commit1(const SectorRef& sector, const Bytes& ticket,
                          const std::vector<PieceInfo>& pieces) override;
  CallId seal_pre_commit2(const SectorRef& sector, const Bytes& pc1_out) override;
  CallId seal_commit1(const SectorRef& sector, const Bytes& ticket, const Bytes& seed,
                      const std::vector<PieceInfo>& pieces, const SectorCids& cids) override;
  CallId seal_commit2(const SectorRef& sector, const Bytes& c1_out) override;
  CallId finalize_sector(const SectorRef& sector) override;
  CallId move_storage(const SectorRef& sector, std::uint32_t types) override;
  CallId release_unsealed(const SectorRef& sector, const std::vector<Range>& keep) override;
  void remove(const paths::SectorId& sector) override;

 private:
  std::unique_ptr<jsonrpc::Client> rpc_;
};

}  // namespace tessera::workers
