#include "chain/api/head_tracker.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "chain/api/full_node_connect.hpp"
#include "common/error.hpp"
#include "common/log.hpp"

namespace tessera::chain {

namespace {

std::optional<ChainEpoch> lowest(std::optional<ChainEpoch> a, std::optional<ChainEpoch> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

}  // namespace

struct HeadTracker::State {
  std::mutex mu;
  std::condition_variable_any changed;  // watches wait on it: head, reverts, stopped
  std::condition_variable_any news;     // the tracker's thread waits on it: values, close
  std::optional<TipSet> head;
  std::optional<TipSetKey> head_key;
  std::map<std::uint64_t, std::optional<ChainEpoch>> reverted_to;  // per live watch
  std::uint64_t next_watch = 0;
  bool stopped = false;
  // Filled by the live subscription's callbacks (those of an older one are ignored).
  std::uint64_t subscription = 0;
  std::deque<std::vector<HeadChange>> values;
  bool subscribed = false;

  // Makes `next` the head and records that heights from `reverted` up were reverted, for every
  // watch; wakes the watches.
  void publish(const TipSet& next, std::optional<ChainEpoch> reverted) {
    auto key = next.key();
    {
      std::lock_guard lock(mu);
      head = next;
      head_key = std::move(key);
      for (auto& [id, watch_lowest] : reverted_to) watch_lowest = lowest(watch_lowest, reverted);
    }
    changed.notify_all();
  }
};

namespace {

// The tracker thread's work: turns what the node says (ChainNotify values, polled heads) into
// published heads and reverts. Used by that thread only.
class Follower {
 public:
  Follower(HeadTracker::State& state, ApiInfo node)
      : state_(state), node_(std::move(node)), http_(connect_full_node(node_)) {}

  // Subscribes to ChainNotify over a fresh WebSocket; false (logged) when it cannot.
  bool subscribe() {
    std::uint64_t id = 0;
    {
      std::lock_guard lock(state_.mu);
      id = ++state_.subscription;
      state_.values.clear();
      state_.subscribed = true;
    }
    try {
      ws_.emplace(connect_full_node(node_, jsonrpc::Transport::kWebSocket));
      ws_->chain_notify(
          [&state = state_, id](std::vector<HeadChange> changes) {
            {
              std::lock_guard lock(state.mu);
              if (state.subscription != id) return;
              state.values.push_back(std::move(changes));
            }
            state.news.notify_all();
          },
          [&state = state_, id] {
            {
              std::lock_guard lock(state.mu);
              if (state.subscription != id) return;
              state.subscribed = false;
            }
            state.news.notify_all();
          });
    } catch (const std::exception& e) {
      ws_.reset();
      if (!subscribe_outage_) {
        TLOG_WARN(log::get("chain"), "cannot subscribe to ChainNotify at {}: {}; polling ChainHead",
                  node_.address, e.what());
      }
      subscribe_outage_ = true;
      return false;
    }
    if (subscribe_outage_) TLOG_INFO(log::get("chain"), "subscribed to ChainNotify again");
    subscribe_outage_ = false;
    return true;
  }

  // Applies the subscription's values until it ends or stop is requested.
  void follow(std::stop_token stop) {
    while (true) {
      std::deque<std::vector<HeadChange>> values;
      {
        std::unique_lock lock(state_.mu);
        state_.news.wait(lock, stop, [&] { return !state_.values.empty() || !state_.subscribed; });
        if (stop.stop_requested()) return;
        values.swap(state_.values);
      }
      if (values.empty()) break;
      for (const auto& changes : values) apply(changes);
    }
    ws_.reset();
    TLOG_WARN(log::get("chain"), "ChainNotify at {} ended; polling ChainHead", node_.address);
    subscribe_outage_ = true;
  }

  // Polls ChainHead every `period` until `until` passes or stop is requested.
  void poll_until(std::stop_token stop, std::chrono::steady_clock::time_point until,
                  std::chrono::milliseconds period) {
    while (!stop.stop_requested()) {
      poll();
      const auto now = std::chrono::steady_clock::now();
      if (now >= until) return;
      std::unique_lock lock(state_.mu);
      state_.news.wait_for(lock, stop, std::min<std::chrono::nanoseconds>(period, until - now),
                           [] { return false; });
    }
  }

 private:
  // One ChainNotify value: reverts (highest first), then applies; or a "current" alone.
  void apply(const std::vector<HeadChange>& changes) {
    std::optional<ChainEpoch> reverted;
    const TipSet* next = nullptr;
    bool announced = true;
    for (const auto& change : changes) {
      if (change.type == "revert") reverted = lowest(reverted, change.tipset.height());
      if (change.type == "apply" || change.type == "current") next = &change.tipset;
      if (change.type == "current") announced = false;
    }
    if (next) {
      advance(*next, reverted, announced);
    } else if (head_ && reverted) {  // lotus sends no reverts without applies; keep the head
      advance(*head_, reverted, true);
    }
  }

  void poll() {
    try {
      advance(http_.chain_head(), std::nullopt, false);
      if (poll_outage_)
        TLOG_INFO(log::get("chain"), "ChainHead at {} answers again", node_.address);
      poll_outage_ = false;
    } catch (const std::exception& e) {
      if (!poll_outage_) {
        TLOG_WARN(log::get("chain"), "ChainHead at {}: {}", node_.address, e.what());
      }
      poll_outage_ = true;
    }
  }

  // Publishes `next` as the head with the reverts announced; announced false: nobody said what
  // was reverted since the last head, so the chain is asked.
  void advance(const TipSet& next, std::optional<ChainEpoch> reverted, bool announced) {
    const bool same = head_ && head_->key() == next.key();
    if (same && !reverted) return;
    if (head_ && !same && !announced) reverted = lowest(reverted, reverted_between(*head_, next));
    head_ = next;
    state_.publish(next, reverted);
  }

  // The lowest height of old's chain that next's chain does not share (nullopt: next extends
  // old), searched kMaxReorgDepth tipsets down. When the node cannot say, the lowest height
  // known to be reverted (at least old's).
  std::optional<ChainEpoch> reverted_between(const TipSet& old, const TipSet& next) {
    if (TipSetKey{next.blocks.front().parents} == old.key()) return std::nullopt;
    std::optional<ChainEpoch> reverted;
    try {
      TipSet on_old = old;
      for (ChainEpoch depth = 0; depth < kMaxReorgDepth && on_old.height() > 0; ++depth) {
        if (on_old.height() <= next.height() &&
            http_.chain_get_tipset_by_height(on_old.height(), next.key()).key() == on_old.key()) {
          return reverted;
        }
        reverted = on_old.height();
        on_old = http_.chain_get_tipset_by_height(on_old.height() - 1, old.key());
      }
      return reverted;
    } catch (const std::exception& e) {
      TLOG_WARN(log::get("chain"),
                "cannot tell how much of the chain below height {} was reverted: {}", old.height(),
                e.what());
      return reverted ? reverted : old.height();
    }
  }

  HeadTracker::State& state_;
  const ApiInfo node_;
  FullNodeClient http_;
  std::optional<FullNodeClient> ws_;
  std::optional<TipSet> head_;  // the last head published
  bool subscribe_outage_ = false;
  bool poll_outage_ = false;
};

}  // namespace

HeadTracker::Watch::Watch(std::shared_ptr<State> state, std::uint64_t id)
    : state_(std::move(state)), id_(id) {}

HeadTracker::Watch::Watch(Watch&& other) noexcept
    : state_(std::move(other.state_)), id_(other.id_), seen_(std::move(other.seen_)) {}

HeadTracker::Watch::~Watch() {
  if (!state_) return;
  std::lock_guard lock(state_->mu);
  state_->reverted_to.erase(id_);
}

std::optional<HeadUpdate> HeadTracker::Watch::wait(std::stop_token stop,
                                                   std::chrono::milliseconds timeout) {
  if (!state_) return std::nullopt;
  std::unique_lock lock(state_->mu);
  auto& reverted = state_->reverted_to.at(id_);
  const bool ready = state_->changed.wait_for(lock, stop, timeout, [&] {
    return state_->stopped || (state_->head_key && (state_->head_key != seen_ || reverted));
  });
  if (!ready || state_->stopped || stop.stop_requested()) return std::nullopt;
  seen_ = state_->head_key;
  return HeadUpdate{*state_->head, std::exchange(reverted, std::nullopt)};
}

HeadTracker::HeadTracker(ApiInfo node, std::chrono::milliseconds poll,
                         std::chrono::milliseconds resubscribe)
    : node_(std::move(node)),
      poll_(poll),
      resubscribe_(resubscribe),
      state_(std::make_shared<State>()) {}

HeadTracker::~HeadTracker() {
  stop();
}

void HeadTracker::start() {
  {
    std::lock_guard lock(state_->mu);
    if (thread_.joinable() || state_->stopped)
      throw InvalidInput("the head tracker of " + node_.address + " was started before");
  }
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void HeadTracker::stop() {
  {
    std::lock_guard lock(state_->mu);
    state_->stopped = true;
  }
  state_->changed.notify_all();
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

HeadTracker::Watch HeadTracker::watch() {
  std::lock_guard lock(state_->mu);
  const auto id = state_->next_watch++;
  state_->reverted_to.emplace(id, std::nullopt);
  return Watch(state_, id);
}

void HeadTracker::run(std::stop_token stop) {
  try {
    Follower follower(*state_, node_);
    while (!stop.stop_requested()) {
      if (follower.subscribe()) follower.follow(stop);
      follower.poll_until(stop, std::chrono::steady_clock::now() + resubscribe_, poll_);
    }
  } catch (const std::exception& e) {
    TLOG_ERROR(log::get("chain"), "following the head of {} stopped: {}", node_.address, e.what());
  }
}

}  // namespace tessera::chain
