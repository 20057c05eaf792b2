// The sealing subsystem's worker-facing API: WorkerConnect and the Return* methods workers
// call, and WorkerStats, WorkerJobs, SealingAbort, SealingSchedDiag and SealingRemoveRequest for
// the CLI (sealing/workers/worker_api.hpp).
#include "common/jwt/jwt.hpp"
#include "common/log.hpp"
#include "miner/subsystems/sealing.hpp"
#include "sealing/workers/remote_worker.hpp"
#include "sealing/workers/worker_api.hpp"

namespace tessera::miner {
namespace {

using nlohmann::json;
using workers::CallId;
using workers::MaybeError;
using workers::Returned;

// The worker's /rpc/v0 URL without its /rpc/<version> suffix (ApiInfo adds it back).
std::string worker_base_url(const std::string& url) {
  const auto rpc = url.rfind("/rpc/");
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    throw InvalidInput("worker URL must be http(s)://host:port/rpc/v0, got " + url);
  return rpc == std::string::npos ? url : url.substr(0, rpc);
}

template <class T>
json returned_json(const Returned<T>& returned) {
  return returned.value ? json(api::Codec<T>::encode(*returned.value)) : json();
}

}  // namespace

workers::Manager& SealingSubsystem::manager() {
  if (!manager_) throw InvalidInput("sealing is not running on this miner");
  return *manager_;
}

void SealingSubsystem::connect_worker(const std::string& url) {
  const ApiInfo info{jwt::sign_token(jwt_secret_, {"read", "write", "sign", "admin"}),
                     worker_base_url(url)};
  auto worker = std::make_shared<workers::RemoteWorker>(
      jsonrpc::Client::connect(info, jsonrpc::Transport::kHttp));
  worker->check_version();
  const auto tasks = worker->task_types();
  const bool window = tasks.contains(workers::TaskType::kWindowPost);
  if (window || tasks.contains(workers::TaskType::kWinningPost)) {
    workers::WorkerStats stats{.info = worker->info(), .tasks = {tasks.begin(), tasks.end()}};
    const auto session = worker->session();
    post_workers_.add(info,
                      window ? post::PostWorkerKind::kWindow : post::PostWorkerKind::kWinning);
    std::lock_guard lock(post_stats_mu_);
    post_stats_.insert_or_assign(info.address, std::pair{session, std::move(stats)});
  } else {
    manager().add_worker(std::move(worker));
    TLOG_INFO(log::get("sched"), "worker at {} connected", url);
  }
}

std::map<std::string, workers::WorkerStats> SealingSubsystem::worker_stats() {
  auto out = manager_ ? manager_->worker_stats() : std::map<std::string, workers::WorkerStats>{};
  std::lock_guard lock(post_stats_mu_);
  for (const auto& [address, entry] : post_stats_) {
    auto stats = entry.second;
    stats.enabled = !post_workers_.resting(address);
    out[entry.first] = std::move(stats);
  }
  return out;
}

void SealingSubsystem::register_worker_api(jsonrpc::Registry& registry) {
  using namespace workers;
  api::serve(registry, kWorkerConnect, [this](const std::string& url) { connect_worker(url); });
  api::serve(registry, kWorkerStats, [this] { return worker_stats(); });
  api::serve(registry, kWorkerJobs, [this] {
    return manager_ ? manager_->worker_jobs() : std::map<std::string, std::vector<WorkerJob>>{};
  });
  api::serve(registry, kSealingAbort, [this](const CallId& call) { manager().abort(call); });
  api::serve(registry, kSealingSchedDiag,
             [this](bool run_scheduler) { return manager().sched_diag(run_scheduler); });
  api::serve(registry, kSealingRemoveRequest,
             [this](const std::string& id) { manager().remove_request(id); });

  const auto deliver = [this](const CallId& call, json result, const MaybeError& error) {
    manager().deliver(call, std::move(result), error);
  };
  api::serve(registry, kReturnAddPiece,
             [deliver](const CallId& c, const Returned<PieceInfo>& r, const MaybeError& e) {
               deliver(c, returned_json(r), e);
             });
  api::serve(registry, kReturnDataCid,
             [deliver](const CallId& c, const Returned<PieceInfo>& r, const MaybeError& e) {
               deliver(c, returned_json(r), e);
             });
  api::serve(registry, kReturnSealPreCommit1,
             [deliver](const CallId& c, const Returned<Bytes>& r, const MaybeError& e) {
               deliver(c, returned_json(r), e);
             });
  api::serve(registry, kReturnSealPreCommit2,
             [deliver](const CallId& c, const Returned<SectorCids>& r, const MaybeError& e) {
               deliver(c, returned_json(r), e);
             });
  api::serve(registry, kReturnSealCommit1,
             [deliver](const CallId& c, const Returned<Bytes>& r, const MaybeError& e) {
               deliver(c, returned_json(r), e);
             });
  api::serve(registry, kReturnSealCommit2,
             [deliver](const CallId& c, const Returned<Bytes>& r, const MaybeError& e) {
               deliver(c, returned_json(r), e);
             });
  for (const auto* method : {&kReturnFinalizeSector, &kReturnReleaseUnsealed, &kReturnMoveStorage,
                             &kReturnFetch, &kReturnUnsealPiece})
    api::serve(registry, *method,
               [deliver](const CallId& c, const MaybeError& e) { deliver(c, json(), e); });
}

}  // namespace tessera::miner
