// Following the full node's head, as lotus's miner does with ChainNotify ("current", "apply",
// "revert" head changes): one tracker per node, one Watch per loop that needs to wake on each
// new head (WindowPoSt, mining) and to learn which heights were reverted since it last looked.
//
// The tracker's thread subscribes to ChainNotify over a WebSocket. While it cannot (the node
// has no WebSocket ChainNotify, is down, or the channel or connection ended) it polls ChainHead
// over HTTP and tries to subscribe again now and then. A new head that nobody announced reverts
// for (a polled one, or the "current" of a fresh subscription) and that is not a child of the
// one before is checked against the chain (ChainGetTipSetByHeight): tipsets of the old head's
// chain that are not on the new one count as reverted (searched kMaxReorgDepth tipsets down).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stop_token>
#include <thread>

#include "chain/types/block_header.hpp"
#include "chain/types/deadline.hpp"
#include "common/api_info.hpp"

namespace tessera::chain {

// How deep a reorg found by comparing heads is searched (lotus's finality, policy.ChainFinality).
inline constexpr ChainEpoch kMaxReorgDepth = 900;

// What changed since a Watch last returned.
struct HeadUpdate {
  TipSet head;                            // the current head
  std::optional<ChainEpoch> reverted_to;  // lowest height reverted since then; nullopt: none
};

class HeadTracker {
 public:
  // What the tracker, its thread, its watches and the node's callbacks share; defined in
  // head_tracker.cpp (the thread's helpers there need it).
  struct State;

  // One consumer's view of the head: each Watch sees every head change and every revert that
  // happens while it exists, independently of the other watches. Usable from any thread, one
  // wait at a time; it may outlive its tracker (its waits then return nullopt).
  class Watch {
   public:
    Watch(Watch&& other) noexcept;
    Watch& operator=(Watch&&) = delete;
    ~Watch();

    // Waits until the head differs from the one this watch returned last (at first: until
    // there is a head), or a revert happened since, and returns it with the lowest height
    // reverted in between. nullopt when `stop` is requested, the tracker stops, or `timeout`
    // passes first. Throws nothing.
    std::optional<HeadUpdate> wait(std::stop_token stop, std::chrono::milliseconds timeout);

   private:
    friend class HeadTracker;
    Watch(std::shared_ptr<State> state, std::uint64_t id);

    std::shared_ptr<State> state_;
    std::uint64_t id_;
    std::optional<TipSetKey> seen_;
  };

  // Follows the full node at `node` (FULLNODE_API_INFO): polls ChainHead every `poll` while it
  // is not subscribed, and tries to subscribe again every `resubscribe` (WARN once per outage,
  // INFO when subscribed again). Nothing runs until start().
  HeadTracker(ApiInfo node, std::chrono::milliseconds poll, std::chrono::milliseconds resubscribe);
  HeadTracker(const HeadTracker&) = delete;
  HeadTracker& operator=(const HeadTracker&) = delete;
  // Stops.
  ~HeadTracker();

  // Starts following the node on a thread of its own and returns at once; errors there are
  // logged ("chain"), never thrown. InvalidInput if it was started before. Owner's thread only.
  void start();
  // Stops the thread and wakes every watch's wait (they return nullopt). Idempotent; owner's
  // thread only.
  void stop();

  // A new consumer's watch; it learns of reverts from now on. Thread-safe.
  Watch watch();

 private:
  void run(std::stop_token stop);

  ApiInfo node_;
  std::chrono::milliseconds poll_;
  std::chrono::milliseconds resubscribe_;
  std::shared_ptr<State> state_;
  std::jthread thread_;
};

}  // namespace tessera::chain
