// run_bounded: each call made once, failures as their messages, never more than `parallel` at
// once (and that many do run together), a call past its SingleCheckTimeout marked timed out,
// calls not made once PartitionCheckTimeout has passed; CheckLimits from [Proving].
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "post/bounded_calls.hpp"
#include "storage/repo/config.hpp"

using namespace tessera;
using namespace tessera::post;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

CheckLimits limits(unsigned parallel, std::chrono::milliseconds single,
                   std::chrono::milliseconds total) {
  return CheckLimits{parallel, single, total};
}

repo::Config config(const std::string& proving_section) {
  return repo::Config::parse("[Proving]\n" + proving_section, "test.toml", nullptr, false);
}

}  // namespace

TEST_CASE("run_bounded: every call made once; all succeed -> no failures", "[post][bounded]") {
  std::vector<std::atomic<int>> calls(7);
  const auto failures =
      run_bounded(7, limits(3, 10s, 20s), [&](std::size_t i, ProofDeadline) { ++calls[i]; });
  CHECK(failures == std::vector<std::string>(7, ""));
  for (const auto& c : calls) CHECK(c == 1);

  CHECK(run_bounded(0, limits(3, 10s, 20s), [](std::size_t, ProofDeadline) {
          FAIL("called with n = 0");
        }).empty());
}

TEST_CASE("run_bounded: a throwing call fails with its message, the others succeed",
          "[post][bounded]") {
  const auto failures = run_bounded(5, limits(2, 10s, 20s), [](std::size_t i, ProofDeadline) {
    if (i == 2) throw IoError("sector 2: reading p_aux: disk gone");
    if (i == 4) throw std::runtime_error("");
  });
  REQUIRE(failures.size() == 5);
  CHECK(failures[0] == "");
  CHECK(failures[1] == "");
  CHECK(failures[2] == "sector 2: reading p_aux: disk gone");
  CHECK(failures[3] == "");
  CHECK(failures[4] == "failed");  // an empty message still reads as a failure
}

TEST_CASE("run_bounded: at most `parallel` calls at once, and that many together",
          "[post][bounded]") {
  constexpr unsigned kParallel = 3;
  std::mutex mu;
  std::condition_variable changed;
  unsigned running = 0, peak = 0;
  std::set<std::thread::id> threads;
  const auto failures =
      run_bounded(12, limits(kParallel, 10s, 20s), [&](std::size_t, ProofDeadline) {
        std::unique_lock lock(mu);
        threads.insert(std::this_thread::get_id());
        peak = std::max(peak, ++running);
        changed.notify_all();
        // Hold the first calls until kParallel run together (or 2 s pass: then peak says so).
        changed.wait_for(lock, 2s, [&] { return peak >= kParallel; });
        --running;
      });
  CHECK(failures == std::vector<std::string>(12, ""));
  CHECK(peak == kParallel);
  CHECK(threads.size() == kParallel);
  CHECK(threads.count(std::this_thread::get_id()) == 1);  // the caller is one of them

  // parallel = 1: every call on the calling thread, in order.
  std::vector<std::size_t> order;
  std::set<std::thread::id> serial_threads;
  run_bounded(4, limits(1, 10s, 20s), [&](std::size_t i, ProofDeadline) {
    serial_threads.insert(std::this_thread::get_id());
    order.push_back(i);
  });
  CHECK(order == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(serial_threads == std::set<std::thread::id>{std::this_thread::get_id()});
}

TEST_CASE("run_bounded: a call past SingleCheckTimeout is timed out, the others are not",
          "[post][bounded]") {
  const auto single = 200ms;
  std::atomic<bool> deadlines_ok{true};
  const auto failures =
      run_bounded(4, limits(4, single, 20s), [&](std::size_t i, ProofDeadline deadline) {
        const auto now = Clock::now();
        if (deadline <= now || deadline > now + single) deadlines_ok = false;
        if (i == 1) std::this_thread::sleep_for(single + 200ms);
      });
  CHECK(deadlines_ok);
  CHECK(failures[0] == "");
  CHECK_THAT(failures[1], Catch::Contains("took longer than its timeout") &&
                              Catch::Contains("SingleCheckTimeout"));
  CHECK(failures[2] == "");
  CHECK(failures[3] == "");
}

TEST_CASE("run_bounded: once PartitionCheckTimeout has passed, later calls are not made",
          "[post][bounded]") {
  const auto total = 300ms;
  std::atomic<int> made{0};
  std::atomic<bool> deadlines_ok{true};
  const auto run_start = Clock::now();
  const auto failures =
      run_bounded(10, limits(1, 10s, total), [&](std::size_t, ProofDeadline deadline) {
        ++made;
        if (deadline > run_start + total + 100ms) deadlines_ok = false;  // capped by the total
        std::this_thread::sleep_for(100ms);
      });
  // Each call takes at least 100 ms one after another, so a 4th would start past the total.
  CHECK(made >= 1);
  CHECK(made <= 3);
  CHECK(deadlines_ok);
  REQUIRE(failures.size() == 10);
  int not_made = 0;
  for (const auto& f : failures)
    if (f.find("not checked within PartitionCheckTimeout") != std::string::npos) ++not_made;
  CHECK(not_made == 10 - made);
  CHECK_THAT(failures.back(), Catch::Contains("not checked within PartitionCheckTimeout"));
}

// lotus node/config/def.go DefaultStorageMiner: ParallelCheckLimit 32, SingleCheckTimeout
// 10 min, PartitionCheckTimeout 20 min.
TEST_CASE("CheckLimits::from: [Proving] keys, lotus's defaults, bad values", "[post][bounded]") {
  const auto defaults = CheckLimits::from(repo::Config::defaults());
  CHECK(defaults.parallel == 32);
  CHECK(defaults.single == std::chrono::minutes(10));
  CHECK(defaults.total == std::chrono::minutes(20));

  const auto set = CheckLimits::from(config(
      "ParallelCheckLimit = 4\nSingleCheckTimeout = \"30s\"\nPartitionCheckTimeout = \"1m30s\"\n"));
  CHECK(set.parallel == 4);
  CHECK(set.single == 30s);
  CHECK(set.total == 90s);

  // lotus storage/sealer/faults.go: a limit of 0 or less checks every sector at once.
  CHECK(CheckLimits::from(config("ParallelCheckLimit = 0\n")).parallel == kMaxParallelChecks);
  CHECK(CheckLimits::from(config("ParallelCheckLimit = -2\n")).parallel == kMaxParallelChecks);
  CHECK(CheckLimits::from(config("ParallelCheckLimit = 5000\n")).parallel == kMaxParallelChecks);
  CHECK_THROWS_WITH(CheckLimits::from(config("SingleCheckTimeout = \"0s\"\n")),
                    Catch::Contains("SingleCheckTimeout"));
  CHECK_THROWS_AS(CheckLimits::from(config("SingleCheckTimeout = \"0s\"\n")), InvalidInput);
  CHECK_THROWS_AS(CheckLimits::from(config("PartitionCheckTimeout = \"0s\"\n")), InvalidInput);
}
