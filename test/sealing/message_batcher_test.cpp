// lotus's PreCommitBatcher and CommitBatcher rules: a batch goes out when MaxPreCommitBatch
// (MaxCommitBatch) sectors wait, after the batch wait, before a sector's cutoff less the slack,
// or on flush; every sector of a batch gets its one message or its error.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "sealing/pipeline/message_batcher.hpp"

using namespace tessera;
using namespace std::chrono_literals;
// Items are the sectors' deposits.
using Batcher = pipeline::MessageBatcher<std::uint64_t>;

namespace {

// Records each batch it is asked to send and answers a distinct CID per batch.
struct Sender {
  std::mutex mu;
  std::vector<std::vector<std::uint64_t>> batches;
  std::vector<std::string> deposits;
  bool fail = false;

  Batcher::Send send() {
    return [this](const std::vector<std::uint64_t>& deposits_of_batch) {
      std::lock_guard lock(mu);
      if (fail) throw IoError("mpool push refused");
      std::vector<std::uint64_t> numbers;
      std::uint64_t deposit = 0;
      for (const auto d : deposits_of_batch) {
        numbers.push_back(d / 10);
        deposit += d;
      }
      batches.push_back(numbers);
      deposits.push_back(std::to_string(deposit));
      return cid::Cid::parse(
          batches.size() == 1 ? "bafy2bzacedjwujqzuzzesrqe4en3ir6lz5jdd2psxis4efuro7w4sqn5kcwwy"
                              : "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4");
    };
  }
  std::size_t count() {
    std::lock_guard lock(mu);
    return batches.size();
  }
};

const auto kFarCutoff = Batcher::Clock::now() + 1000h;

std::future<cid::Cid> add(Batcher& batcher, std::uint64_t number, std::stop_token stop = {},
                          Batcher::Clock::time_point cutoff = kFarCutoff) {
  return std::async(std::launch::async, [&batcher, number, stop, cutoff] {
    return batcher.add_and_wait(number, 10 * number, cutoff, stop);
  });
}

// Waits until `count` sectors are pending.
void wait_pending(const Batcher& batcher, std::size_t count) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (batcher.pending().size() < count && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  REQUIRE(batcher.pending().size() == count);
}

}  // namespace

TEST_CASE("MessageBatcher: a full batch goes out at once as one message", "[pipeline][batch]") {
  Sender sender;
  Batcher batcher("precommit", {.max_batch = 3, .wait = 1000h, .slack = 0ms}, sender.send());
  auto a = add(batcher, 1);
  auto b = add(batcher, 2);
  wait_pending(batcher, 2);
  CHECK(sender.count() == 0);  // two of three: they wait
  auto c = add(batcher, 3);
  const auto cid = a.get();
  CHECK(b.get() == cid);
  CHECK(c.get() == cid);
  REQUIRE(sender.batches.size() == 1);
  CHECK(sender.batches[0] == std::vector<std::uint64_t>{1, 2, 3});
  CHECK(sender.deposits[0] == "60");  // the deposits summed
  CHECK(batcher.pending().empty());
}

TEST_CASE("MessageBatcher: the batch wait, and a cutoff less the slack, send a batch",
          "[pipeline][batch]") {
  {
    Sender sender;
    Batcher batcher("precommit", {.max_batch = 256, .wait = 300ms, .slack = 0ms}, sender.send());
    const auto start = std::chrono::steady_clock::now();
    auto a = add(batcher, 7);
    a.get();
    CHECK(std::chrono::steady_clock::now() - start >= 300ms);
    CHECK(sender.batches == std::vector<std::vector<std::uint64_t>>{{7}});
  }
  {
    // A day's wait, but the ticket is good for 1 h 0.3 s and the slack is 1 h.
    Sender sender;
    Batcher batcher("precommit", {.max_batch = 256, .wait = 24h, .slack = 1h}, sender.send());
    const auto start = std::chrono::steady_clock::now();
    auto a = add(batcher, 8, {}, start + 1h + 300ms);
    a.get();
    CHECK(std::chrono::steady_clock::now() - start >= 300ms);
    CHECK(sender.batches == std::vector<std::vector<std::uint64_t>>{{8}});
  }
}

TEST_CASE("MessageBatcher: flush sends what waits; a failed send fails every sector of it",
          "[pipeline][batch]") {
  Sender sender;
  Batcher batcher("precommit", {.max_batch = 256, .wait = 1000h, .slack = 0ms}, sender.send());
  CHECK(batcher.flush().empty());
  auto a = add(batcher, 1);
  auto b = add(batcher, 2);
  wait_pending(batcher, 2);
  CHECK(batcher.pending() == std::vector<std::uint64_t>{1, 2});
  const auto results = batcher.flush();
  REQUIRE(results.size() == 1);
  CHECK(results[0].sectors == std::vector<std::uint64_t>{1, 2});
  REQUIRE(results[0].message);
  CHECK(a.get() == *results[0].message);
  CHECK(b.get() == *results[0].message);

  sender.fail = true;
  auto c = add(batcher, 3);
  auto d = add(batcher, 4);
  wait_pending(batcher, 2);
  const auto failed = batcher.flush();
  REQUIRE(failed.size() == 1);
  CHECK_FALSE(failed[0].message);
  CHECK(failed[0].error == "mpool push refused");
  CHECK_THROWS_AS(c.get(), IoError);
  CHECK_THROWS_AS(d.get(), IoError);
  CHECK(batcher.pending().empty());
}

TEST_CASE("MessageBatcher: a stopped sector leaves the batch", "[pipeline][batch]") {
  Sender sender;
  Batcher batcher("precommit", {.max_batch = 256, .wait = 1000h, .slack = 0ms}, sender.send());
  std::stop_source stop;
  auto a = add(batcher, 1, stop.get_token());
  auto b = add(batcher, 2);
  wait_pending(batcher, 2);
  stop.request_stop();
  CHECK_THROWS_AS(a.get(), Cancelled);
  CHECK(batcher.pending() == std::vector<std::uint64_t>{2});
  const auto results = batcher.flush();
  REQUIRE(results.size() == 1);
  CHECK(results[0].sectors == std::vector<std::uint64_t>{2});
  b.get();
}
