// HeadTracker against a scripted full node on 127.0.0.1: heads and reverts from ChainNotify,
// from ChainHead polling when there is no subscription, and across a node restart.
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "chain/api/full_node_api.hpp"
#include "chain/api/full_node_connect.hpp"
#include "chain/api/head_tracker.hpp"
#include "chain/types/state_json.hpp"
#include "common/api/method.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"

using namespace tessera;
using namespace tessera::chain;
using namespace std::chrono_literals;

namespace {

constexpr auto kPatience = 10s;  // generous bound for what should happen at once
constexpr auto kPoll = 20ms;
constexpr bool kNotify = true;
constexpr bool kNoNotify = false;

// A one-block tipset on parent (none: a genesis); fork tells siblings apart. The CID is an
// example from lotus build/openrpc/full.json.
TipSet block_on(const std::optional<TipSet>& parent, std::uint64_t fork = 0) {
  BlockHeader block;
  block.miner = Address::parse("f01234");
  block.height = parent ? parent->height() + 1 : 0;
  if (parent) block.parents = parent->key().cids;
  block.timestamp = fork;
  block.parent_state_root = block.parent_message_receipts = block.messages =
      cid::Cid::parse("bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4");
  return TipSet{{block}};
}

// Two chains from one genesis: g <- a1 <- a2 <- a3 and g <- b1 <- b2 <- b3; y2 is a sibling of b2.
struct Forks {
  TipSet g = block_on(std::nullopt);
  TipSet a1 = block_on(g), a2 = block_on(a1), a3 = block_on(a2);
  TipSet b1 = block_on(g, 1), b2 = block_on(b1, 1), b3 = block_on(b2, 1);
  TipSet y2 = block_on(b1, 2);
  std::vector<TipSet> all() const { return {g, a1, a2, a3, b1, b2, b3, y2}; }
};

// A full node on 127.0.0.1 (/rpc/v1) whose chain the test scripts, knowing the tipsets given.
// ChainHead answers the head set last; ChainGetTipSetByHeight walks parents; ChainNotify (when
// served) sends {"current": head}, then what send() sends, until close_channels().
class FakeNode {
 public:
  FakeNode(const std::vector<TipSet>& tipsets, const TipSet& head, bool notify,
           std::uint16_t port = 0)
      : head_(head) {
    for (const auto& tipset : tipsets) known_.emplace(tipset.key().to_string(), tipset);
    api::serve(registry_, kChainHead, [this] {
      std::lock_guard lock(mu_);
      ++head_calls_;
      return head_;
    });
    api::serve(registry_, kChainGetTipSetByHeight,
               [this](ChainEpoch height, const TipSetKey& from) {
                 std::lock_guard lock(mu_);
                 TipSet at = known_.at(from.to_string());
                 if (height > at.height())
                   throw InvalidInput("looking for tipset with height greater than start point");
                 while (at.height() > height)
                   at = known_.at(TipSetKey{at.blocks.front().parents}.to_string());
                 return at;
               });
    if (notify) {
      api::serve(registry_, kChainNotify, [this](api::ChannelWriter<std::vector<HeadChange>> out) {
        std::lock_guard lock(mu_);
        out.send({{"current", head_}});
        channels_.push_back(std::move(out));
        ++subscriptions_;
        subscribed_.notify_all();
      });
    }
    jsonrpc::ServerOptions options;
    options.port = port;
    options.rpc_paths = {kFullNodeRpcPath};
    server_ =
        std::make_unique<jsonrpc::Server>(registry_, jsonrpc::Authenticator(Bytes(32, 1)), options);
    port_ = server_->start();
  }
  ~FakeNode() { server_->stop(); }

  ApiInfo info() const { return ApiInfo{"", multiaddr_for("127.0.0.1", port_)}; }
  std::uint16_t port() const { return port_; }
  int head_calls() {
    std::lock_guard lock(mu_);
    return head_calls_;
  }

  // What ChainHead answers from now on (no ChainNotify value).
  void set_head(const TipSet& head) {
    std::lock_guard lock(mu_);
    head_ = head;
  }
  // Sends one ChainNotify value on every open channel; its last apply becomes the head.
  void send(const std::vector<HeadChange>& changes) {
    std::lock_guard lock(mu_);
    for (const auto& change : changes)
      if (change.type == "apply") head_ = change.tipset;
    for (const auto& channel : channels_) channel.send(changes);
  }
  void close_channels() {
    std::lock_guard lock(mu_);
    for (const auto& channel : channels_) channel.close();
    channels_.clear();
  }
  // Waits (kPatience) until ChainNotify has been called `count` times.
  bool wait_subscriptions(int count) {
    std::unique_lock lock(mu_);
    return subscribed_.wait_for(lock, kPatience, [&] { return subscriptions_ >= count; });
  }

 private:
  jsonrpc::Registry registry_;
  std::unique_ptr<jsonrpc::Server> server_;
  std::uint16_t port_ = 0;
  std::mutex mu_;
  std::condition_variable subscribed_;
  std::map<std::string, TipSet> known_;  // by key's string
  TipSet head_;
  std::vector<api::ChannelWriter<std::vector<HeadChange>>> channels_;
  int subscriptions_ = 0;
  int head_calls_ = 0;
};

// The next update of watch, which must come within kPatience.
HeadUpdate next_update(HeadTracker::Watch& watch) {
  auto update = watch.wait({}, kPatience);
  REQUIRE(update);
  return *update;
}

}  // namespace

TEST_CASE("the head tracker takes the head from ChainNotify's current and wakes on each apply",
          "[chain][head]") {
  const Forks c;
  FakeNode node(c.all(), c.a1, kNotify);
  HeadTracker tracker(node.info(), kPoll, 60s);
  auto watch = tracker.watch();
  tracker.start();

  auto first = next_update(watch);
  CHECK(first.head.key() == c.a1.key());
  CHECK_FALSE(first.reverted_to);

  auto waiting = std::async(std::launch::async, [&] { return watch.wait({}, kPatience); });
  node.send({{"apply", c.a2}});
  auto second = waiting.get();
  REQUIRE(second);
  CHECK(second->head.key() == c.a2.key());
  CHECK_FALSE(second->reverted_to);

  CHECK_FALSE(watch.wait({}, 100ms));  // nothing new: the wait times out
  CHECK(node.head_calls() == 0);       // subscribed: no polling
}

TEST_CASE("a revert and apply in one ChainNotify value report the lowest reverted height",
          "[chain][head]") {
  const Forks c;
  FakeNode node(c.all(), c.a2, kNotify);
  HeadTracker tracker(node.info(), kPoll, 60s);
  auto watch = tracker.watch();
  tracker.start();
  REQUIRE(next_update(watch).head.key() == c.a2.key());

  node.send({{"revert", c.a2}, {"revert", c.a1}, {"apply", c.b1}, {"apply", c.b2}});
  auto reorg = next_update(watch);
  CHECK(reorg.head.key() == c.b2.key());
  CHECK(reorg.reverted_to == 1);  // a1's height

  node.send({{"apply", c.b3}});
  auto after = next_update(watch);
  CHECK(after.head.key() == c.b3.key());
  CHECK_FALSE(after.reverted_to);  // the wait before took the revert
}

TEST_CASE("each watch sees every revert since it last waited", "[chain][head]") {
  const Forks c;
  FakeNode node(c.all(), c.a2, kNotify);
  HeadTracker tracker(node.info(), kPoll, 60s);
  auto window_post = tracker.watch();
  auto mining = tracker.watch();
  tracker.start();
  REQUIRE(next_update(window_post).head.key() == c.a2.key());
  REQUIRE(next_update(mining).head.key() == c.a2.key());

  node.send({{"revert", c.a2}, {"revert", c.a1}, {"apply", c.b1}, {"apply", c.b2}});
  CHECK(next_update(window_post).reverted_to == 1);
  node.send({{"revert", c.b2}, {"apply", c.y2}});
  auto second = next_update(window_post);
  CHECK(second.head.key() == c.y2.key());
  CHECK(second.reverted_to == 2);

  // mining waits once after both reorgs: the head now, the lowest height reverted in between.
  auto both = next_update(mining);
  CHECK(both.head.key() == c.y2.key());
  CHECK(both.reverted_to == 1);

  auto late = tracker.watch();  // created after the reverts: none for it
  auto first = next_update(late);
  CHECK(first.head.key() == c.y2.key());
  CHECK_FALSE(first.reverted_to);
}

TEST_CASE("without ChainNotify the tracker polls ChainHead and finds reverts on the chain",
          "[chain][head]") {
  const Forks c;
  FakeNode node(c.all(), c.a1, kNoNotify);  // ChainNotify is not served: "method not found"
  HeadTracker tracker(node.info(), kPoll, 60s);
  auto watch = tracker.watch();
  tracker.start();
  CHECK(next_update(watch).head.key() == c.a1.key());

  node.set_head(c.a3);  // a2 was never seen, but a3 extends a1: nothing reverted
  auto extended = next_update(watch);
  CHECK(extended.head.key() == c.a3.key());
  CHECK_FALSE(extended.reverted_to);

  node.set_head(c.b2);  // a fork from genesis: a1, a2 and a3 are gone
  auto forked = next_update(watch);
  CHECK(forked.head.key() == c.b2.key());
  CHECK(forked.reverted_to == 1);
  CHECK(node.head_calls() >= 3);
}

TEST_CASE("when the node closes ChainNotify the tracker polls, then subscribes again",
          "[chain][head]") {
  const Forks c;
  FakeNode node(c.all(), c.a1, kNotify);
  HeadTracker tracker(node.info(), kPoll, 300ms);
  auto watch = tracker.watch();
  tracker.start();
  REQUIRE(next_update(watch).head.key() == c.a1.key());
  CHECK(node.head_calls() == 0);

  node.close_channels();
  node.set_head(c.a2);
  CHECK(next_update(watch).head.key() == c.a2.key());

  REQUIRE(node.wait_subscriptions(2));
  CHECK(node.head_calls() > 0);
  node.send({{"apply", c.a3}});
  auto applied = next_update(watch);
  CHECK(applied.head.key() == c.a3.key());
  CHECK_FALSE(applied.reverted_to);
}

TEST_CASE("after the node restarts the tracker reports the reverts it missed", "[chain][head]") {
  const Forks c;
  auto node = std::make_unique<FakeNode>(c.all(), c.a2, kNotify);
  const auto info = node->info();
  const auto port = node->port();
  HeadTracker tracker(info, kPoll, 100ms);
  auto watch = tracker.watch();
  tracker.start();
  REQUIRE(next_update(watch).head.key() == c.a2.key());

  node.reset();  // connection lost; ChainHead fails too
  CHECK_FALSE(watch.wait({}, 300ms));

  node = std::make_unique<FakeNode>(c.all(), c.b2, kNotify, port);  // on another fork
  auto back = next_update(watch);
  CHECK(back.head.key() == c.b2.key());
  CHECK(back.reverted_to == 1);
}

TEST_CASE("waits end when the caller or the tracker stops", "[chain][head]") {
  const Forks c;
  FakeNode node(c.all(), c.a1, kNotify);
  HeadTracker tracker(node.info(), kPoll, 60s);
  auto watch = tracker.watch();
  tracker.start();
  CHECK_THROWS_AS(tracker.start(), InvalidInput);
  REQUIRE(next_update(watch).head.key() == c.a1.key());

  std::stop_source caller;
  auto by_caller =
      std::async(std::launch::async, [&] { return watch.wait(caller.get_token(), 60s); });
  caller.request_stop();
  REQUIRE(by_caller.wait_for(kPatience) == std::future_status::ready);
  CHECK_FALSE(by_caller.get());

  auto by_tracker = std::async(std::launch::async, [&] { return watch.wait({}, 60s); });
  tracker.stop();
  REQUIRE(by_tracker.wait_for(kPatience) == std::future_status::ready);
  CHECK_FALSE(by_tracker.get());

  CHECK_THROWS_AS(tracker.start(), InvalidInput);
}
