#include "post/post_worker_pool.hpp"

#include <algorithm>
#include <tuple>
#include <vector>

#include "common/error.hpp"
#include "common/log.hpp"

namespace tessera::post {
namespace {

using Clock = std::chrono::steady_clock;

const char* kind_name(PostWorkerKind kind) {
  return kind == PostWorkerKind::kWindow ? "WindowPoSt" : "WinningPoSt";
}

}  // namespace

PostWorkerPool::PostWorkerPool(std::chrono::milliseconds rest) : rest_(rest) {}

void PostWorkerPool::add(const ApiInfo& api, PostWorkerKind kind) {
  auto client =
      std::shared_ptr<jsonrpc::Client>(jsonrpc::Client::connect(api, jsonrpc::Transport::kHttp));
  std::lock_guard lock(mu_);
  workers_.insert_or_assign(api.address, Worker{kind, std::move(client)});
  TLOG_INFO(log::get("sched"), "{} worker at {} connected ({} PoSt workers)", kind_name(kind),
            api.address, workers_.size());
}

bool PostWorkerPool::has(PostWorkerKind kind) const {
  std::lock_guard lock(mu_);
  return std::any_of(workers_.begin(), workers_.end(),
                     [&](const auto& entry) { return entry.second.kind == kind; });
}

bool PostWorkerPool::resting(const std::string& address) const {
  std::lock_guard lock(mu_);
  const auto it = workers_.find(address);
  return it != workers_.end() && it->second.failed && Clock::now() - it->second.failed_at < rest_;
}

template <class R>
R PostWorkerPool::run(PostWorkerKind kind, const std::function<R(jsonrpc::Client&)>& call) {
  // The order to try them in: rested ones first, then by calls in flight, then least recently
  // used.
  std::vector<std::string> order;
  {
    std::lock_guard lock(mu_);
    const auto now = Clock::now();
    std::vector<std::tuple<bool, unsigned, std::uint64_t, std::string>> ranked;
    for (const auto& [address, w] : workers_)
      if (w.kind == kind)
        ranked.emplace_back(w.failed && now - w.failed_at < rest_, w.in_flight, w.last_used,
                            address);
    std::sort(ranked.begin(), ranked.end());
    for (auto& entry : ranked) order.push_back(std::move(std::get<3>(entry)));
  }
  if (order.empty()) throw NotFound(std::string("no ") + kind_name(kind) + " worker is connected");
  std::string last_error;
  for (const auto& address : order) {
    std::shared_ptr<jsonrpc::Client> client;
    {
      std::lock_guard lock(mu_);
      const auto it = workers_.find(address);
      if (it == workers_.end()) continue;
      client = it->second.client;
      ++it->second.in_flight;
      it->second.last_used = ++uses_;
    }
    const auto settle = [&](bool failed) {
      std::lock_guard lock(mu_);
      const auto it = workers_.find(address);
      if (it == workers_.end() || it->second.client != client) return;  // replaced meanwhile
      --it->second.in_flight;
      it->second.failed = failed;
      if (failed) it->second.failed_at = Clock::now();
    };
    try {
      R result = call(*client);
      settle(false);
      return result;
    } catch (const std::exception& e) {
      settle(true);
      last_error = e.what();
      TLOG_WARN(log::get("sched"), "{} worker at {} failed: {}", kind_name(kind), address,
                last_error);
    }
  }
  throw IoError(std::string("every ") + kind_name(kind) +
                " worker failed; the last: " + last_error);
}

WindowPartitionProver PostWorkerPool::window_prover(std::chrono::milliseconds timeout) {
  return [this, timeout](const PostTask& task) {
    return run<WindowPartitionResult>(PostWorkerKind::kWindow, [&](jsonrpc::Client& client) {
      return remote_window_prover(client, timeout)(task);
    });
  };
}

WinningProver PostWorkerPool::winning_prover(std::chrono::milliseconds timeout) {
  return [this, timeout](const PostTask& task) {
    return run<Bytes>(PostWorkerKind::kWinning, [&](jsonrpc::Client& client) {
      return remote_winning_prover(client, timeout)(task);
    });
  };
}

}  // namespace tessera::post
