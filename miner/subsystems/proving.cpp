#include "miner/subsystems/proving.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "chain/api/full_node_connect.hpp"
#include "chain/types/miner_params.hpp"
#include "common/error.hpp"
#include "common/executor/stage_context.hpp"
#include "common/log.hpp"
#include "gpu/compute_lanes.hpp"
#include "post/post_worker.hpp"
#include "post/remote_proof_source.hpp"
#include "post/window/deadline_progress.hpp"
#include "post/window/fault_declarations.hpp"
#include "post/window/window_post_prover.hpp"
#include "post/winning/mining_round.hpp"
#include "storage/lease/lease_keeper.hpp"

namespace tessera::miner {
namespace {

// How often the head is polled while ChainNotify cannot be had, and how often subscribing is
// tried again then.
constexpr std::chrono::milliseconds kHeadPoll{500};
constexpr std::chrono::seconds kResubscribe{5};
// How long the WindowPoSt loop waits for a new head before it looks at the same one again (a
// deadline whose proving failed is retried then).
constexpr std::chrono::seconds kIdleCheck{30};

}  // namespace

// One deadline instance's WindowPoSt: where its sending stands, and the proofs made ahead of
// its opening (with the partitions they prove), kept until it is sent.
struct ProvingSubsystem::DeadlineWork {
  post::window::DeadlineProgress progress;
  chain::ChainEpoch challenge = 0;  // the proofs' challenge epoch
  std::vector<std::vector<std::uint64_t>> chunks;
  std::vector<chain::SubmitWindowedPoStParams> proofs;

  // Proven ahead, sent, or found with nothing to prove.
  bool handled() const { return !proofs.empty() || progress.started(); }
  void forget_proofs() {
    chunks.clear();
    proofs.clear();
  }
  // A revert to `height` undoes sendings above it and proofs whose randomness it may change.
  void reverted_to(chain::ChainEpoch height) {
    progress.reverted_to(height);
    if (challenge >= height) forget_proofs();
  }
};

namespace {

// The chain's block time (Filecoin.Version's BlockDelay, seconds; at least 1).
std::chrono::milliseconds block_delay(chain::FullNodeClient& node) {
  return std::chrono::seconds(std::max<std::uint64_t>(1, node.version().block_delay));
}

// Pushes a message calling `method` of the miner actor from its worker key (MpoolPushMessage);
// returns the signed message's CID.
cid::Cid push_to_miner(chain::FullNodeClient& node, const chain::Address& worker,
                       const chain::Address& miner, std::uint64_t method, Bytes params) {
  chain::Message message;
  message.from = worker;
  message.to = miner;
  message.method = method;
  message.params = std::move(params);
  return node.mpool_push_message(message).cid();
}

// How long a mining lease is asked for: ten block delays (5 minutes on mainnet), at least 10 s
// and at most lease::kMaxLeaseTtl. A standby takes over at most this long after the holder died.
std::chrono::milliseconds lease_ttl(std::chrono::milliseconds block_delay) {
  return std::clamp<std::chrono::milliseconds>(10 * block_delay, std::chrono::seconds(10),
                                               lease::kMaxLeaseTtl);
}

}  // namespace

ProvingConfig ProvingConfig::from(const repo::Config& config, bool window_post, bool winning_post,
                                  std::optional<ApiInfo> full_node, std::uint64_t miner_id,
                                  std::string cluster_token, std::string lease_holder) {
  ProvingConfig out;
  out.window_post = window_post;
  out.winning_post = winning_post;
  out.max_partitions_per_message = static_cast<std::uint64_t>(
      std::max<std::int64_t>(0, config.get_int("Proving", "MaxPartitionsPerPoStMessage")));
  out.max_partitions_per_recovery = static_cast<std::uint64_t>(
      std::max<std::int64_t>(0, config.get_int("Proving", "MaxPartitionsPerRecoveryMessage")));
  out.full_node = std::move(full_node);
  out.miner_id = miner_id;
  out.proofs = params::proof_mode_from_env();
  out.limits = post::CheckLimits::from(config);
  out.cluster_token = std::move(cluster_token);
  out.lease_holder = std::move(lease_holder);
  out.disable_builtin_window = config.get_bool("Proving", "DisableBuiltinWindowPoSt");
  out.disable_builtin_winning = config.get_bool("Proving", "DisableBuiltinWinningPoSt");
  return out;
}

ProvingSubsystem::ProvingSubsystem(ProvingConfig config, SectorIndexSubsystem& index,
                                   StoragePathsSubsystem& storage, lease::MiningLease* lease,
                                   post::PostWorkerPool& post_workers)
    : config_(std::move(config)),
      storage_(storage),
      lease_(lease),
      post_workers_(post_workers),
      access_{
          post::first_of(
              post::local_proof_source([this](std::uint64_t n) { return sector_files(n); }),
              post::remote_proof_source(index.index(), config_.miner_id, config_.cluster_token)),
          config_.limits} {}

ProvingSubsystem::~ProvingSubsystem() {
  stop();
}

void ProvingSubsystem::start() {
  auto logger = log::get("wdpost");
  if (!config_.window_post && !config_.winning_post) return;
  if (!config_.full_node) {
    TLOG_WARN(logger, "no full node (FULLNODE_API_INFO): WindowPoSt and mining are off");
    return;
  }
  TLOG_INFO(logger, "PoSt: window {}, winning {}, proofs {}", config_.window_post,
            config_.winning_post, params::proof_mode_name(config_.proofs));
  heads_.emplace(*config_.full_node, kHeadPoll, kResubscribe);
  if (config_.window_post)
    window_ = std::jthread([this, watch = heads_->watch()](std::stop_token stop) mutable {
      window_loop(stop, watch);
    });
  if (config_.winning_post)
    winning_ = std::jthread([this, watch = heads_->watch()](std::stop_token stop) mutable {
      winning_loop(stop, watch);
    });
  heads_->start();
}

void ProvingSubsystem::stop() {
  for (auto* t : {&window_, &winning_}) {
    if (!t->joinable()) continue;
    t->request_stop();
    t->join();
  }
  if (heads_) heads_->stop();
}

chain::FullNodeClient ProvingSubsystem::connect_node(const char* method) {
  if (!config_.full_node)
    throw NotImplemented(std::string(method) +
                         " needs a full node: this miner runs without FULLNODE_API_INFO");
  return chain::connect_full_node(*config_.full_node);
}

UnprovableSectors ProvingSubsystem::check_provable(std::int64_t /*post_proof*/,
                                                   const std::vector<SectorRef>& sectors) {
  auto node = connect_node("CheckProvable");
  return miner::check_provable(config_.miner_id, sectors, node, access_);
}

std::vector<chain::SubmitWindowedPoStParams> ProvingSubsystem::compute_window_post(
    std::uint64_t deadline, const chain::TipSetKey& at) {
  auto node = connect_node("ComputeWindowPoSt");
  auto lane = gpu::ComputeLanes::process().enter(gpu::ComputeClass::kWindowPost, kAllCores);
  return miner::compute_window_post(config_.miner_id, deadline, at, node, access_, config_.proofs,
                                    config_.max_partitions_per_message, lane.ctx(),
                                    window_workers(lane.ctx()));
}

std::optional<post::SectorFiles> ProvingSubsystem::sector_files(std::uint64_t number) {
  const paths::SectorId id{config_.miner_id, number};
  const auto sealed = storage_.local().find_file(paths::FileType::kSealed, id);
  const auto cache = storage_.local().find_file(paths::FileType::kCache, id);
  if (!sealed || !cache) return std::nullopt;
  return post::SectorFiles{*sealed, *cache};
}

void ProvingSubsystem::window_loop(std::stop_token stop, chain::HeadTracker::Watch& heads) {
  auto logger = log::get("wdpost");
  std::map<chain::ChainEpoch, DeadlineWork> work;  // by the deadline's opening epoch
  std::optional<chain::FullNodeClient> node;
  while (!stop.stop_requested()) {
    // Each new head (ChainNotify); a wait that times out checks the same head again.
    const auto update = heads.wait(stop, kIdleCheck);
    if (stop.stop_requested()) return;
    if (update && update->reverted_to) {
      TLOG_WARN(logger, "chain reverted to height {}: re-checking the deadlines proven since",
                *update->reverted_to);
      for (auto& [open, w] : work) w.reverted_to(*update->reverted_to);
    }
    try {
      if (!node) node.emplace(chain::connect_full_node(*config_.full_node));
      const auto head = node->chain_head();
      const auto current =
          node->state_miner_proving_deadline(chain::Address::from_id(config_.miner_id), head.key());
      std::erase_if(work, [&](const auto& entry) { return entry.first < current.open; });
      if (current.is_open()) send_deadline(*node, current, head, work[current.open], stop);
      prove_ahead(*node, current, head, work, stop);
    } catch (const IoError& e) {
      TLOG_WARN(logger, "running window post failed: {}", e.what());
      node.reset();  // reconnect on the next head
    } catch (const Cancelled&) {
      return;
    } catch (const std::exception& e) {
      TLOG_WARN(logger, "running window post failed: {}", e.what());
    }
  }
}

void ProvingSubsystem::send_deadline(chain::FullNodeClient& node, const chain::DeadlineInfo& dl,
                                     const chain::TipSet& head, DeadlineWork& w,
                                     std::stop_token stop) {
  auto logger = log::get("wdpost");
  const auto height = head.height();
  if (height < post::window::submit_epoch(dl) && !w.progress.started()) return;
  if (!w.progress.due(height) && w.progress.declared) return;
  const auto info = node.state_miner_info(chain::Address::from_id(config_.miner_id), head.key());
  // Sent messages are given kSubmitConfidence epochs to land before the chain is asked again; a
  // partition still unproven then (the message was reverted or dropped) is proven and sent
  // again, up to kMaxSubmissions times.
  if (w.progress.due(height)) {
    const auto chunks = unproven_partitions(node, dl, head.key());
    if (chunks.empty()) {
      w.progress.confirm(height);
    } else if (w.progress.exhausted()) {
      TLOG_WARN(logger, "deadline {}: partitions still unproven after {} submissions", dl.index,
                post::window::kMaxSubmissions);
      w.progress.give_up();
    } else {
      // The proofs made ahead, unless the partitions to prove changed since.
      auto proofs = w.chunks == chunks ? std::move(w.proofs)
                                       : prove_chunks(node, info, dl, chunks, head, stop);
      w.forget_proofs();
      // Proving may have taken epochs: a message that can only land after the deadline closed
      // fails on chain and costs its gas (lotus aborts a post window at its close).
      const auto now = node.chain_head().height();
      if (post::window::can_still_land(dl, now)) {
        submit_proofs(node, info, dl, proofs);
        w.progress.sent(height);
      } else {
        TLOG_WARN(logger,
                  "deadline {}: proofs made at epoch {} could only land after the deadline "
                  "closes at {}; not sent (its unproven partitions become faulty)",
                  dl.index, now, dl.close);
        w.progress.give_up();
      }
    }
  }
  // The declarations for two deadlines ahead come after the proof, so a storage path that does
  // not answer delays them, not the open deadline's message (lotus runs them aside).
  if (!w.progress.declared && (w.progress.started() || w.progress.done())) {
    declare_faults_and_recoveries(node, info.worker, (dl.index + 2) % dl.params.period_deadlines,
                                  head.key());
    w.progress.declared = true;
  }
}

void ProvingSubsystem::prove_ahead(chain::FullNodeClient& node, const chain::DeadlineInfo& current,
                                   const chain::TipSet& head,
                                   std::map<chain::ChainEpoch, DeadlineWork>& work,
                                   std::stop_token stop) {
  // The first deadline from the current one that is neither proven nor sent.
  auto target = current;
  for (auto it = work.find(target.open); it != work.end() && it->second.handled();
       it = work.find(target.open))
    target = post::window::next_deadline(target);
  if (!post::window::challenge_confident(target, head.height())) return;
  // The open deadline past its submit epoch is proven (and sent) by send_deadline.
  if (target.open == current.open && current.is_open() &&
      head.height() >= post::window::submit_epoch(current))
    return;
  auto& w = work[target.open];
  w.challenge = target.challenge;
  w.chunks = unproven_partitions(node, target, head.key());
  if (w.chunks.empty()) {
    w.progress.confirm(head.height());  // nothing to prove in it
    return;
  }
  const auto info = node.state_miner_info(chain::Address::from_id(config_.miner_id), head.key());
  w.proofs = prove_chunks(node, info, target, w.chunks, head, stop);
  TLOG_INFO(log::get("wdpost"), "proved deadline {} ({} partitions) ahead of its opening at {}",
            target.index, w.proofs.size(), target.open);
}

std::vector<std::vector<std::uint64_t>> ProvingSubsystem::unproven_partitions(
    chain::FullNodeClient& node, const chain::DeadlineInfo& dl, const chain::TipSetKey& head) {
  const auto miner = chain::Address::from_id(config_.miner_id);
  const auto partitions = node.state_miner_partitions(miner, dl.index, head);
  const auto proven = node.state_miner_deadlines(miner, head).at(dl.index);
  return post::window::partition_chunks(partitions.size(), proven.post_submissions,
                                        config_.max_partitions_per_message);
}

std::vector<chain::SubmitWindowedPoStParams> ProvingSubsystem::prove_chunks(
    chain::FullNodeClient& node, const chain::MinerInfo& info, const chain::DeadlineInfo& dl,
    const std::vector<std::vector<std::uint64_t>>& chunks, const chain::TipSet& head,
    std::stop_token stop) {
  if (post::window::proofs_due(dl, head.height())) {
    TLOG_INFO(log::get("wdpost"),
              "deadline {} opened at {} before its proofs were made: proving it ahead of "
              "WinningPoSt",
              dl.index, dl.open);
  }
  // The proofs are due once the deadline opens, about (open - head) block delays from now.
  const auto due_from =
      std::chrono::steady_clock::now() + (dl.open - head.height()) * block_delay(node);
  std::vector<chain::SubmitWindowedPoStParams> out;
  for (const auto& chunk : chunks) {
    post::window::ProveRequest request{.miner = chain::Address::from_id(config_.miner_id),
                                       .deadline = dl,
                                       .partitions = chunk,
                                       .head = head.key(),
                                       .post_proof = info.window_post_proof_type,
                                       .sector_size = info.sector_size};
    auto lane = gpu::ComputeLanes::process().enter(gpu::ComputeClass::kWindowPost, kAllCores,
                                                   stop, {}, due_from);
    out.push_back(post::window::prove_partitions(request, node, access_, config_.proofs, lane.ctx(),
                                                 window_workers(lane.ctx())));
  }
  return out;
}

void ProvingSubsystem::submit_proofs(chain::FullNodeClient& node, const chain::MinerInfo& info,
                                     const chain::DeadlineInfo& dl,
                                     const std::vector<chain::SubmitWindowedPoStParams>& proofs) {
  const auto miner = chain::Address::from_id(config_.miner_id);
  for (const auto& params : proofs) {
    const auto pushed = push_to_miner(
        node, info.worker, miner, chain::miner_method::kSubmitWindowedPoSt, chain::encode(params));
    TLOG_INFO(log::get("wdpost"), "Submitted window post: {} (deadline {}, {} partitions)",
              pushed.to_string(), dl.index, params.partitions.size());
  }
}

void ProvingSubsystem::declare_faults_and_recoveries(chain::FullNodeClient& node,
                                                     const chain::Address& worker,
                                                     std::uint64_t index,
                                                     const chain::TipSetKey& head) {
  auto logger = log::get("wdpost");
  const auto miner = chain::Address::from_id(config_.miner_id);
  const auto send = [&](std::uint64_t method, const chain::DeclarationsParams& params,
                        const char* what) {
    const auto pushed = push_to_miner(node, worker, miner, method, chain::encode(params));
    TLOG_INFO(logger, "declared {} for deadline {}: {}", what, index, pushed.to_string());
  };
  for (const auto& recoveries : post::window::recoveries_to_declare(
           miner, index, head, node, access_, config_.max_partitions_per_recovery))
    send(chain::miner_method::kDeclareFaultsRecovered, recoveries, "recoveries");
  const auto faults = post::window::faults_to_declare(miner, index, head, node, access_);
  if (!faults.declarations.empty()) send(chain::miner_method::kDeclareFaults, faults, "faults");
}

post::WindowPartitionProver ProvingSubsystem::window_workers(StageContext& ctx) {
  if (!post_workers_.has(post::PostWorkerKind::kWindow)) {
    if (config_.disable_builtin_window)
      throw NotFound("no WindowPoSt worker is connected and DisableBuiltinWindowPoSt is set");
    return {};
  }
  auto remote = post_workers_.window_prover(config_.limits.total);
  auto local = std::make_shared<std::mutex>();  // ctx is used by one thread at a time
  return [this, remote, local, &ctx](const post::PostTask& task) {
    try {
      return remote(task);
    } catch (const std::exception& e) {
      if (config_.disable_builtin_window) throw;
      TLOG_WARN(log::get("wdpost"), "proving partition {} on this machine: {}",
                task.partition_index, e.what());
    }
    std::lock_guard lock(*local);
    return post::generate_window_partition(task, access_.source, access_.limits, config_.proofs,
                                           ctx);
  };
}

post::WinningProver ProvingSubsystem::winning_workers(StageContext& ctx,
                                                      std::chrono::milliseconds block_delay) {
  if (!post_workers_.has(post::PostWorkerKind::kWinning)) {
    if (config_.disable_builtin_winning)
      throw NotFound("no WinningPoSt worker is connected and DisableBuiltinWinningPoSt is set");
    return {};
  }
  auto remote = post_workers_.winning_prover(block_delay);
  return [this, remote, &ctx, block_delay](const post::PostTask& task) {
    try {
      return remote(task);
    } catch (const std::exception& e) {
      if (config_.disable_builtin_winning) throw;
      TLOG_WARN(log::get("miner"), "proving WinningPoSt on this machine: {}", e.what());
    }
    return post::generate_winning_post(task, access_.source, block_delay, config_.proofs, ctx);
  };
}

void ProvingSubsystem::winning_loop(std::stop_token stop, chain::HeadTracker::Watch& heads) {
  auto logger = log::get("miner");
  post::winning::RoundRequest request{.miner = chain::Address::from_id(config_.miner_id)};
  std::optional<chain::FullNodeClient> node;
  std::optional<lease::LeaseKeeper> keeper;
  bool holding = false;
  chain::ChainEpoch last_base = -1;
  while (!stop.stop_requested()) {
    // Each new head (ChainNotify) is a round; a wait that times out renews or checks the lease.
    heads.wait(stop, request.block_delay);
    if (stop.stop_requested()) break;
    try {
      if (!node) {
        node.emplace(chain::connect_full_node(*config_.full_node));
        request.block_delay = block_delay(*node);
      }
      if (!keeper && lease_)
        keeper.emplace(*lease_, config_.lease_holder, lease_ttl(request.block_delay));
      const auto height = node->chain_head().height();
      const bool was_holding = std::exchange(holding, !keeper || keeper->may_mine());
      // A standby that just took over skips the round in progress: the former holder may still
      // be finishing it. A miner without a lease has no one to wait for.
      if (keeper && holding && !was_holding) last_base = height;
      if (!holding || height == last_base) continue;  // one round per base
      last_base = height;
      std::optional<chain::BlockMsg> block;
      {  // the lane's cores go back before the block is sent, which may wait for its epoch
        auto lane =
            gpu::ComputeLanes::process().enter(gpu::ComputeClass::kWinningPost, kAllCores, stop);
        block =
            post::winning::mine_round(request, *node, access_.source, config_.proofs, lane.ctx(),
                                      nullptr, winning_workers(lane.ctx(), request.block_delay));
      }
      if (!block) continue;
      if (keeper && !keeper->may_mine()) {
        TLOG_WARN(logger, "mining lease lost while mining round {}: block not submitted",
                  block->header.height);
        continue;
      }
      node->sync_submit_block(*block);
    } catch (const IoError& e) {
      TLOG_ERROR(logger, "mining block failed: {}", e.what());
      node.reset();  // reconnect on the next round
    } catch (const Cancelled&) {
      break;
    } catch (const std::exception& e) {
      TLOG_ERROR(logger, "mining block failed: {}", e.what());
    }
  }
  if (keeper) keeper->release();  // a standby takes over at once
}

}  // namespace tessera::miner
