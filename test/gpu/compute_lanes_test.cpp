// Compute lanes: class names and priorities, the config and its environment variables, priority
// order and yielding between classes, reserved cores, cancellation and the per-class metrics.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <latch>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "common/executor/stage_context.hpp"
#include "common/metrics/metrics.hpp"
#include "gpu/compute_class.hpp"
#include "gpu/compute_lanes.hpp"
#include "test/support/env_guard.hpp"
#include "test/support/waiting_winning_post.hpp"

using namespace tessera;
using namespace tessera::gpu;
using namespace std::chrono_literals;

namespace {

// Every wait in these tests is bounded by this, far above what any of them needs.
constexpr auto kLimit = 60s;

// Polls pred until it holds or kLimit passes; returns its last value.
template <class Pred>
bool eventually(Pred pred) {
  const auto deadline = std::chrono::steady_clock::now() + kLimit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// A stop token that is requested after kLimit (or when this is destroyed), so that an enter()
// that should not wait fails the test with Cancelled instead of hanging it.
class Deadline {
 public:
  Deadline()
      : watchdog_([this](std::stop_token stop) {
          std::mutex mutex;
          std::unique_lock lock(mutex);
          std::condition_variable_any().wait_for(lock, stop, kLimit, [] { return false; });
          source_.request_stop();
        }) {}
  std::stop_token token() const { return source_.get_token(); }

 private:
  std::stop_source source_;
  std::jthread watchdog_;  // last: stopped and joined first
};

LanesConfig config_of(unsigned total_cores) {
  LanesConfig config;
  config.total_cores = total_cores;
  return config;
}

// The value of the sample line starting with series ("name{labels}"), or 0 when there is none.
double sample_value(const std::string& series) {
  const std::string text = "\n" + metrics::render_prometheus();
  const auto pos = text.find("\n" + series + " ");
  if (pos == std::string::npos) return 0;
  const auto start = pos + series.size() + 2;
  return std::stod(text.substr(start, text.find('\n', start) - start));
}

// A little work that keeps a loop body on its core for a while.
void spin() {
  volatile std::uint64_t x = 0;
  for (std::uint64_t i = 0; i < 10000; ++i) x = x * 6364136223846793005ull + i;
}

}  // namespace

TEST_CASE("lanes: class names, parsing and priorities", "[gpu][lanes]") {
  // The names and the order are issue #14's: WinningPoSt > WindowPoSt > C2 > PC2 > PC1.
  const std::vector<std::string> names = {"WinningPoSt", "WindowPoSt", "C2", "PC2", "PC1"};
  for (std::size_t i = 0; i < kComputeClasses.size(); ++i) {
    const ComputeClass c = kComputeClasses[i];
    CHECK(compute_class_name(c) == names[i]);
    CHECK(parse_compute_class(names[i]) == c);
    CHECK(compute_class_index(c) == i);
    if (i > 0) CHECK(compute_class_priority(kComputeClasses[i - 1]) > compute_class_priority(c));
    // A stage that is due outranks every class, WinningPoSt included.
    CHECK(compute_class_priority(c, Urgency::kDue) >
          compute_class_priority(ComputeClass::kWinningPost));
  }
  CHECK(parse_compute_class("winningpost") == ComputeClass::kWinningPost);
  CHECK(parse_compute_class("pc2") == ComputeClass::kPreCommit2);
  for (const char* bad : {"PC3", "", "WinningPoSt ", "C", "WindowPoStX"}) {
    CHECK_THROWS_AS(parse_compute_class(bad), InvalidInput);
  }
  CHECK_THROWS_WITH(parse_compute_class("PC3"), Catch::Contains("\"PC3\""));
}

TEST_CASE("lanes: config validation", "[gpu][lanes]") {
  LanesConfig config = config_of(3);
  config.lane(ComputeClass::kWinningPost).reserved_cores = 1;
  config.lane(ComputeClass::kWindowPost).reserved_cores = 1;
  CHECK_NOTHROW(config.validate());
  CHECK(config.shared_cores() == 1);

  SECTION("reservations that leave no shared core name the class that does") {
    config.lane(ComputeClass::kPreCommit1).reserved_cores = 1;
    CHECK(config.shared_cores() == 0);
    CHECK_THROWS_AS(config.validate(), InvalidInput);
    CHECK_THROWS_WITH(config.validate(), Catch::Contains("PC1"));
    CHECK_THROWS_AS(ComputeLanes(config), InvalidInput);
  }
  SECTION("one class reserving every core") {
    LanesConfig all = config_of(2);
    all.lane(ComputeClass::kCommit2).reserved_cores = 2;
    CHECK_THROWS_WITH(all.validate(), Catch::Contains("C2"));
  }
  SECTION("no cores at all") {
    CHECK_THROWS_AS(config_of(0).validate(), InvalidInput);
  }
  SECTION("a GPU bound twice to one class") {
    config.lane(ComputeClass::kCommit2).gpus = {0, 3, 0};
    CHECK_THROWS_AS(config.validate(), InvalidInput);
    CHECK_THROWS_WITH(config.validate(), Catch::Contains("GPU 0") && Catch::Contains("C2"));
  }
  SECTION("one GPU bound to two classes is allowed") {
    config.lane(ComputeClass::kWindowPost).gpus = {0};
    config.lane(ComputeClass::kCommit2).gpus = {0, 1};
    CHECK_NOTHROW(config.validate());
  }
}

TEST_CASE("lanes: config from the environment", "[gpu][lanes]") {
  SECTION("reserved cores and GPUs per class; unset and empty mean none") {
    test::EnvGuard cores("TESSERA_LANE_WINNINGPOST_CORES", "1");
    test::EnvGuard gpus("TESSERA_LANE_WINNINGPOST_GPUS", "0,1");
    test::EnvGuard c2_gpus("TESSERA_LANE_C2_GPUS", "2");
    test::EnvGuard pc1_cores("TESSERA_LANE_PC1_CORES", "");
    const LanesConfig config = LanesConfig::from_env(4);
    CHECK(config.total_cores == 4);
    CHECK(config.lane(ComputeClass::kWinningPost).reserved_cores == 1);
    CHECK(config.lane(ComputeClass::kWinningPost).gpus == std::vector<unsigned>{0, 1});
    CHECK(config.lane(ComputeClass::kCommit2).reserved_cores == 0);
    CHECK(config.lane(ComputeClass::kCommit2).gpus == std::vector<unsigned>{2});
    for (const ComputeClass c :
         {ComputeClass::kWindowPost, ComputeClass::kPreCommit2, ComputeClass::kPreCommit1}) {
      CHECK(config.lane(c).reserved_cores == 0);
      CHECK(config.lane(c).gpus.empty());
    }
    CHECK(config.shared_cores() == 3);
  }
  SECTION("values that are not whole numbers name the variable") {
    for (const char* bad : {"abc", "-1", "1.5", " 1", "1 ", "+1", "99999999999"}) {
      test::EnvGuard cores("TESSERA_LANE_PC2_CORES", bad);
      CHECK_THROWS_AS(LanesConfig::from_env(4), InvalidInput);
      CHECK_THROWS_WITH(LanesConfig::from_env(4), Catch::Contains("TESSERA_LANE_PC2_CORES"));
    }
  }
  SECTION("GPU lists that are not ordinals separated by commas name the variable") {
    for (const char* bad : {"0,,1", "0,", ",0", "a", "0;1", "0, 1", "-1"}) {
      test::EnvGuard gpus("TESSERA_LANE_WINDOWPOST_GPUS", bad);
      CHECK_THROWS_AS(LanesConfig::from_env(4), InvalidInput);
      CHECK_THROWS_WITH(LanesConfig::from_env(4), Catch::Contains("TESSERA_LANE_WINDOWPOST_GPUS"));
    }
  }
  SECTION("a reservation of every core is refused") {
    test::EnvGuard cores("TESSERA_LANE_WINNINGPOST_CORES", "4");
    CHECK_THROWS_WITH(LanesConfig::from_env(4), Catch::Contains("WinningPoSt"));
    CHECK_NOTHROW(LanesConfig::from_env(5));
  }
}

TEST_CASE("lanes: waiting classes are served in priority order", "[gpu][lanes]") {
  ComputeLanes lanes(config_of(1));
  std::mutex mutex;
  std::vector<ComputeClass> served;
  {
    std::vector<std::jthread> stages;
    // Released before the stages are joined, also when a failed check leaves the test early.
    std::optional<LaneContext> holder;
    holder.emplace(lanes.enter(ComputeClass::kPreCommit1, 1));
    const std::vector<ComputeClass> arrivals = {
        ComputeClass::kPreCommit2, ComputeClass::kCommit2, ComputeClass::kPreCommit1,
        ComputeClass::kWinningPost, ComputeClass::kWindowPost};
    for (const ComputeClass c : arrivals) {
      stages.emplace_back([&, c] {
        auto lane = lanes.enter(c, 1);
        std::lock_guard lock(mutex);
        served.push_back(c);
      });
      // One at a time, so that each is queued before the next arrives.
      REQUIRE(eventually([&] { return lanes.waiting(c) == 1; }));
    }
    CHECK(lanes.shared_budget().waiting() == arrivals.size());
    holder.reset();
  }  // joins the stages
  CHECK(served == std::vector<ComputeClass>(kComputeClasses.begin(), kComputeClasses.end()));
  for (const ComputeClass c : kComputeClasses) CHECK(lanes.waiting(c) == 0);
}

TEST_CASE("lanes: a lower class yields its cores to a waiting WinningPoSt and gets them back",
          "[gpu][lanes]") {
  ComputeLanes lanes(config_of(2));
  std::atomic<std::uint64_t> batches{0};
  std::latch running(1);
  unsigned cores_at_end = 0;
  // Stopped through its stop token, also when a failed check leaves the test early.
  std::jthread pc1([&](std::stop_token stop) {
    auto lane = lanes.enter(ComputeClass::kPreCommit1, kAllCores);
    running.count_down();
    while (!stop.stop_requested()) {
      parallel_for(lane.ctx(), 2, [](std::uint64_t, std::uint64_t) { spin(); });
      ++batches;
      lane.ctx().yield_point();
    }
    cores_at_end = lane.ctx().cores();
  });
  running.wait();
  CHECK(lanes.shared_budget().free_cores() == 0);

  std::uint64_t batches_while_winning = 0;
  {
    Deadline deadline;
    auto winning = lanes.enter(ComputeClass::kWinningPost, kAllCores, deadline.token());
    CHECK(winning.ctx().cores() == 2);
    // PC1 gave its cores back at a batch boundary and waits for them again.
    REQUIRE(eventually([&] { return lanes.shared_budget().waiting() == 1; }));
    batches_while_winning = batches.load();
    CHECK(lanes.shared_budget().free_cores() == 0);
    // It runs no batch while it waits.
    winning.ctx().yield_point();  // nothing higher waits: keeps the cores
    CHECK(winning.ctx().cores() == 2);
    CHECK(batches.load() == batches_while_winning);
  }
  REQUIRE(eventually([&] { return batches.load() > batches_while_winning; }));
  pc1.request_stop();
  pc1.join();
  CHECK(cores_at_end == 2);
}

TEST_CASE("lanes: a WindowPoSt that is due goes ahead of a waiting WinningPoSt", "[gpu][lanes]") {
  ComputeLanes lanes(config_of(1));
  std::mutex mutex;
  std::vector<std::string> served;
  {
    std::vector<std::jthread> stages;
    std::optional<LaneContext> holder;  // released before the stages are joined
    holder.emplace(lanes.enter(ComputeClass::kPreCommit1, 1));
    const auto arrive = [&](ComputeClass c, Urgency urgency, std::string name) {
      stages.emplace_back([&, c, urgency, name] {
        std::optional<std::chrono::steady_clock::time_point> due_from;
        if (urgency == Urgency::kDue) due_from = std::chrono::steady_clock::now();
        auto lane = lanes.enter(c, 1, {}, {}, due_from);
        std::lock_guard lock(mutex);
        served.push_back(name);
      });
      // One at a time, so that each is queued before the next arrives.
      REQUIRE(eventually([&] { return lanes.shared_budget().waiting() == stages.size(); }));
    };
    arrive(ComputeClass::kWindowPost, Urgency::kNormal, "window ahead");
    arrive(ComputeClass::kWinningPost, Urgency::kNormal, "winning");
    arrive(ComputeClass::kWindowPost, Urgency::kDue, "window due");
    holder.reset();
  }  // joins the stages
  CHECK(served == std::vector<std::string>{"window due", "winning", "window ahead"});
}

TEST_CASE("lanes: a running WinningPoSt yields its cores to a WindowPoSt that is due",
          "[gpu][lanes]") {
  ComputeLanes lanes(config_of(2));
  std::atomic<std::uint64_t> batches{0};
  std::latch running(1);
  std::jthread winning([&](std::stop_token stop) {
    auto lane = lanes.enter(ComputeClass::kWinningPost, kAllCores);
    running.count_down();
    while (!stop.stop_requested()) {
      parallel_for(lane.ctx(), 2, [](std::uint64_t, std::uint64_t) { spin(); });
      ++batches;
      lane.ctx().yield_point();
    }
  });
  running.wait();
  {
    Deadline deadline;
    // A WindowPoSt proven ahead of its deadline waits behind the WinningPoSt...
    std::stop_source give_up;
    std::atomic<bool> ahead_cancelled{false};
    std::jthread ahead([&] {
      try {
        lanes.enter(ComputeClass::kWindowPost, kAllCores, give_up.get_token());
      } catch (const Cancelled&) {
        ahead_cancelled = true;
      }
    });
    REQUIRE(eventually([&] { return lanes.waiting(ComputeClass::kWindowPost) == 1; }));
    const auto before = batches.load();
    REQUIRE(eventually([&] { return batches.load() > before + 2; }));  // not yielded to
    give_up.request_stop();
    ahead.join();
    CHECK(ahead_cancelled);
    // ...one that is due takes the cores at the WinningPoSt's next batch boundary.
    auto due = lanes.enter(ComputeClass::kWindowPost, kAllCores, deadline.token(), {},
                           std::chrono::steady_clock::now());
    CHECK(due.ctx().cores() == 2);
    // The WinningPoSt waits for its cores again.
    REQUIRE(eventually([&] { return lanes.shared_budget().waiting() == 1; }));
    const auto while_due = batches.load();
    due.ctx().yield_point();  // nothing higher waits: keeps the cores
    CHECK(batches.load() == while_due);
  }
  const auto after = batches.load();
  REQUIRE(eventually([&] { return batches.load() > after; }));
  winning.request_stop();
}

TEST_CASE("lanes: a WindowPoSt proven ahead stops yielding to WinningPoSt once it is due",
          "[gpu][lanes]") {
  ComputeLanes lanes(config_of(2));
  const auto now = std::chrono::steady_clock::now();
  SECTION("not due yet: it yields") {
    auto window = lanes.enter(ComputeClass::kWindowPost, kAllCores, {}, {}, now + 1h);
    test::WaitingWinningPost winning(lanes);
    winning.start();
    window.ctx().yield_point();  // gives the cores to the WinningPoSt and gets them back
    CHECK(winning.got_cores_at() > 0);
    CHECK(window.ctx().cores() == 2);
  }
  SECTION("due since entering: it keeps its cores") {
    std::optional<LaneContext> window;
    window.emplace(lanes.enter(ComputeClass::kWindowPost, kAllCores, {}, {}, now + 20ms));
    std::this_thread::sleep_for(30ms);  // its deadline opens while it runs
    test::WaitingWinningPost winning(lanes);
    winning.start();
    window->ctx().yield_point();
    CHECK(window->ctx().cores() == 2);
    CHECK(winning.got_cores_at() == 0);
    CHECK(lanes.waiting(ComputeClass::kWinningPost) == 1);
    window.reset();  // the WindowPoSt ends: the WinningPoSt runs
    CHECK(winning.join() > 0);
  }
}

TEST_CASE("lanes: reserved cores are used by their class only", "[gpu][lanes]") {
  LanesConfig config = config_of(2);
  config.lane(ComputeClass::kWinningPost).reserved_cores = 1;
  config.lane(ComputeClass::kWinningPost).gpus = {0, 1};
  ComputeLanes lanes(config);
  CHECK(lanes.shared_budget().cores() == 1);
  CHECK(lanes.budget(ComputeClass::kWinningPost).cores() == 1);
  CHECK(&lanes.budget(ComputeClass::kWinningPost) != &lanes.shared_budget());
  for (const ComputeClass c : {ComputeClass::kWindowPost, ComputeClass::kCommit2,
                               ComputeClass::kPreCommit2, ComputeClass::kPreCommit1}) {
    CHECK(&lanes.budget(c) == &lanes.shared_budget());
  }

  Deadline deadline;
  std::jthread window;
  std::optional<LaneContext> pc1;  // released before window is joined
  pc1.emplace(lanes.enter(ComputeClass::kPreCommit1, kAllCores));
  CHECK(pc1->ctx().cores() == 1);  // all the shared cores, not the reserved one
  CHECK(pc1->gpus().empty());

  {
    // PC1 holding every shared core does not keep WinningPoSt waiting.
    auto winning = lanes.enter(ComputeClass::kWinningPost, kAllCores, deadline.token());
    CHECK(winning.ctx().cores() == 1);
    CHECK(&winning.ctx().budget() == &lanes.budget(ComputeClass::kWinningPost));
    CHECK(winning.gpus() == std::vector<unsigned>{0, 1});
    CHECK(pc1->ctx().cores() == 1);
  }

  // A WindowPoSt waits for the shared core although the reserved one is free.
  std::latch entered(1);
  unsigned window_cores = 0;
  window = std::jthread([&] {
    auto lane = lanes.enter(ComputeClass::kWindowPost, kAllCores, deadline.token());
    window_cores = lane.ctx().cores();
    entered.count_down();
  });
  REQUIRE(eventually([&] { return lanes.waiting(ComputeClass::kWindowPost) == 1; }));
  CHECK(lanes.budget(ComputeClass::kWinningPost).free_cores() == 1);
  pc1.reset();
  entered.wait();
  window.join();
  CHECK(window_cores == 1);
}

TEST_CASE("lanes: cancelling a queued enter throws Cancelled", "[gpu][lanes]") {
  ComputeLanes lanes(config_of(1));
  std::stop_source cancel;
  std::exception_ptr thrown;
  std::jthread pc2;
  auto holder = lanes.enter(ComputeClass::kPreCommit1, 1);  // released before pc2 is joined
  pc2 = std::jthread([&] {
    try {
      auto lane = lanes.enter(ComputeClass::kPreCommit2, 1, cancel.get_token());
    } catch (...) {
      thrown = std::current_exception();
    }
  });
  REQUIRE(eventually([&] { return lanes.waiting(ComputeClass::kPreCommit2) == 1; }));
  cancel.request_stop();
  pc2.join();
  REQUIRE(thrown);
  CHECK_THROWS_AS(std::rethrow_exception(thrown), Cancelled);
  CHECK(lanes.waiting(ComputeClass::kPreCommit2) == 0);
  CHECK(lanes.shared_budget().waiting() == 0);
  CHECK(holder.ctx().cores() == 1);
}

TEST_CASE("lanes: queue wait, run time and waiting stages per class in the metrics",
          "[gpu][lanes]") {
  const std::string wait_count = "tessera_lane_queue_wait_seconds_count{class=\"C2\"}";
  const std::string run_count = "tessera_lane_run_seconds_count{class=\"C2\"}";
  const std::string waiting = "tessera_lane_waiting{class=\"C2\"}";
  const double waits_before = sample_value(wait_count);
  const double runs_before = sample_value(run_count);

  ComputeLanes lanes(config_of(1));
  std::optional<LaneContext> c2;
  std::jthread stage;
  std::optional<LaneContext> holder;  // released before stage is joined
  holder.emplace(lanes.enter(ComputeClass::kPreCommit1, 1));
  stage = std::jthread([&] { c2.emplace(lanes.enter(ComputeClass::kCommit2, 1)); });
  REQUIRE(eventually([&] { return lanes.waiting(ComputeClass::kCommit2) == 1; }));
  CHECK(sample_value(waiting) == 1);
  CHECK(sample_value(wait_count) == waits_before);
  holder.reset();
  stage.join();
  CHECK(sample_value(waiting) == 0);
  CHECK(sample_value(wait_count) == waits_before + 1);
  CHECK(c2->queue_wait_seconds() > 0);
  CHECK(sample_value(run_count) == runs_before);  // still running
  c2.reset();
  // Recorded once: the context moved out of enter() records nothing.
  CHECK(sample_value(run_count) == runs_before + 1);

  const std::string text = metrics::render_prometheus();
  CHECK(text.find("# TYPE tessera_lane_queue_wait_seconds histogram\n") != std::string::npos);
  CHECK(text.find("# TYPE tessera_lane_run_seconds histogram\n") != std::string::npos);
  CHECK(text.find("# TYPE tessera_lane_waiting gauge\n") != std::string::npos);
  CHECK(text.find("tessera_lane_run_seconds_bucket{class=\"C2\",le=\"+Inf\"} ") !=
        std::string::npos);
}
