#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "common/executor/core_budget.hpp"
#include "common/executor/stage_context.hpp"

using namespace tessera;
using namespace std::chrono_literals;

namespace {

// Every wait in these tests is bounded by this, far above what any of them needs.
constexpr auto kLimit = 60s;

// Runs fn on a thread of its own and rethrows what it threw. A run still going after kLimit is a
// deadlock: the process aborts rather than hang or leave the thread using freed state.
template <class F>
void within_limit(const char* what, F fn) {
  std::promise<void> done;
  auto result = done.get_future();
  std::thread thread([&] {
    try {
      fn();
      done.set_value();
    } catch (...) {
      done.set_exception(std::current_exception());
    }
  });
  if (result.wait_for(kLimit) != std::future_status::ready) {
    std::fprintf(stderr, "%s did not finish within %lld s: deadlock\n", what,
                 static_cast<long long>(kLimit.count()));
    std::abort();
  }
  thread.join();
  result.get();
}

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

// Counts the bodies running at once and remembers the most seen.
struct Concurrency {
  std::atomic<int> running{0};
  std::atomic<int> most{0};

  void enter() {
    const int now = ++running;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
  }
  void leave() { --running; }
};

// A little work that keeps a body on its core for a while.
std::uint64_t spin(std::uint64_t rounds) {
  volatile std::uint64_t x = 0;
  for (std::uint64_t i = 0; i < rounds; ++i) x = x * 6364136223846793005ull + i;
  return x;
}

std::atomic<int> g_threads_exited{0};

// Counts, when the calling thread ends, that it has ended.
void count_exit_of_this_thread() {
  struct ExitCounter {
    ~ExitCounter() { ++g_threads_exited; }
  };
  thread_local ExitCounter counter;
  (void)counter;
}

}  // namespace

TEST_CASE("parallel_for covers every index exactly once", "[executor]") {
  for (unsigned budget_cores : {1u, 2u, 3u, 4u, 8u}) {
    CoreBudget budget(budget_cores);
    CHECK(budget.pool().threads() == budget_cores - 1);
    for (unsigned cores : {1u, 2u, budget_cores, budget_cores + 5}) {
      StageContext ctx(budget, cores);
      REQUIRE(ctx.cores() == std::min(cores, budget_cores));
      for (std::uint64_t n : {0, 1, 2, 3, 5, 17, 64, 1000, 4099}) {
        for (std::uint64_t min_per_task : {1, 3, 64}) {
          std::vector<std::atomic<int>> hits(n);
          std::atomic<std::uint64_t> ranges{0};
          std::atomic<bool> short_range{false};
          parallel_for(
              ctx, n,
              [&](std::uint64_t begin, std::uint64_t end) {
                ++ranges;
                if (end - begin < min_per_task && !(begin == 0 && end == n)) short_range = true;
                for (auto i = begin; i < end; ++i) ++hits[i];
              },
              min_per_task);
          INFO("budget " << budget_cores << " cores " << cores << " n " << n << " min "
                         << min_per_task);
          CHECK(std::all_of(hits.begin(), hits.end(), [](auto& h) { return h.load() == 1; }));
          CHECK(ranges.load() <= std::max<std::uint64_t>(1, ctx.cores()));
          CHECK_FALSE(short_range.load());
        }
      }
    }
  }
}

TEST_CASE("parallel_for rethrows the first exception and the budget stays usable", "[executor]") {
  CoreBudget budget(4);
  StageContext ctx(budget, 4);
  for (std::uint64_t n : {1, 1000}) {
    CHECK_THROWS_AS(parallel_for(ctx, n,
                                 [&](std::uint64_t begin, std::uint64_t end) {
                                   if (begin <= n / 2 && n / 2 < end) throw InvalidInput("bad");
                                 }),
                    InvalidInput);
  }
  std::atomic<std::uint64_t> sum{0};
  parallel_for(ctx, 1000, [&](std::uint64_t begin, std::uint64_t end) { sum += end - begin; });
  CHECK(sum.load() == 1000);
  CHECK(budget.free_cores() == 0);
}

TEST_CASE("nested parallel_for does not deadlock", "[executor]") {
  CoreBudget budget(4);
  std::atomic<std::uint64_t> inner_hits{0};
  within_limit("nested parallel_for", [&] {
    StageContext ctx(budget, 4);
    parallel_for(ctx, 16, [&](std::uint64_t begin, std::uint64_t end) {
      for (auto i = begin; i < end; ++i) {
        // The same stage's context, and a best-effort one as code given no context takes.
        parallel_for(ctx, 100, [&](std::uint64_t b, std::uint64_t e) { inner_hits += e - b; });
        auto spare = StageContext::best_effort(budget);
        parallel_for(spare, 100, [&](std::uint64_t b, std::uint64_t e) { inner_hits += e - b; });
      }
    });
  });
  CHECK(inner_hits.load() == 16 * 200);
  CHECK(budget.free_cores() == 4);
}

TEST_CASE("two stages asking for more than the budget never run more than its cores",
          "[executor]") {
  CoreBudget budget(3);
  Concurrency all;
  Concurrency each[2];
  std::atomic<int> holding{0};
  std::atomic<int> most_holding{0};
  within_limit("two stages", [&] {
    std::vector<std::thread> stages;
    for (int s = 0; s < 2; ++s) {
      stages.emplace_back([&, s] {
        for (int round = 0; round < 10; ++round) {
          StageContext ctx(budget, 2);
          const int now = ++holding;
          int seen = most_holding.load();
          while (now > seen && !most_holding.compare_exchange_weak(seen, now)) {
          }
          for (int batch = 0; batch < 3; ++batch) {
            parallel_for(ctx, 64, [&](std::uint64_t, std::uint64_t) {
              all.enter();
              each[s].enter();
              spin(20000);
              each[s].leave();
              all.leave();
            });
          }
          --holding;
        }
      });
    }
    for (auto& stage : stages) stage.join();
  });
  CHECK(all.most.load() <= 3);
  CHECK(each[0].most.load() <= 2);
  CHECK(each[1].most.load() <= 2);
  CHECK(most_holding.load() == 1);  // 2 + 2 > 3: the second stage waited for the first
  CHECK(budget.free_cores() == 3);
}

TEST_CASE("a higher-priority waiter gets the cores at the next yield_point", "[executor]") {
  CoreBudget budget(2);
  StageContext low(budget, 2, /*priority=*/0);
  low.yield_point();  // nobody waits: the cores stay
  CHECK(low.cores() == 2);
  CHECK(budget.free_cores() == 0);

  // An equal-priority waiter does not take them.
  std::mutex mutex;
  std::vector<std::string> events;
  auto record = [&](const std::string& event) {
    std::lock_guard lock(mutex);
    events.push_back(event);
  };
  auto equal = std::async(std::launch::async, [&] {
    StageContext ctx(budget, 2, 0);
    record("equal got cores");
  });
  REQUIRE(eventually([&] { return budget.waiting() == 1; }));
  low.yield_point();
  CHECK(low.cores() == 2);
  CHECK(budget.waiting() == 1);

  // A higher one does. The low stage then queues again behind the equal-priority waiter, which
  // arrived first, and resumes last.
  auto high = std::async(std::launch::async, [&] {
    StageContext ctx(budget, 2, 10);
    record("high got " + std::to_string(ctx.cores()) + " cores");
  });
  REQUIRE(eventually([&] { return budget.waiting() == 2; }));
  CHECK(budget.higher_waiting(0));
  within_limit("yield_point", [&] { low.yield_point(); });
  record("low resumed");
  CHECK(low.cores() == 2);
  {
    std::lock_guard lock(mutex);
    REQUIRE(events.size() == 3);
    CHECK(events[0] == "high got 2 cores");
    CHECK(events[1] == "equal got cores");  // queued before low re-asked, same priority
    CHECK(events[2] == "low resumed");
  }
  REQUIRE(high.wait_for(kLimit) == std::future_status::ready);
  REQUIRE(equal.wait_for(kLimit) == std::future_status::ready);
  high.get();
  equal.get();
}

TEST_CASE("a raised priority takes effect at the first yield_point after its time",
          "[executor]") {
  CoreBudget budget(1);
  auto stage = std::make_unique<StageContext>(budget, 1, 0);
  const auto wait_at = [&](int priority) {
    return std::async(std::launch::async, [&budget, priority] { StageContext(budget, 1, priority); });
  };
  SECTION("before its time the stage still yields to what is above its own priority") {
    stage->raise_priority_at(std::chrono::steady_clock::now() + 1h, 10);
    auto waiter = wait_at(5);
    REQUIRE(eventually([&] { return budget.waiting() == 1; }));
    within_limit("yield_point", [&] { stage->yield_point(); });  // waits for the waiter's turn
    REQUIRE(waiter.wait_for(kLimit) == std::future_status::ready);
    CHECK(stage->priority() == 0);
    CHECK(stage->cores() == 1);
  }
  SECTION("after it the stage keeps its cores from what it now outranks") {
    stage->raise_priority_at(std::chrono::steady_clock::now(), 10);
    auto waiter = wait_at(5);
    REQUIRE(eventually([&] { return budget.waiting() == 1; }));
    stage->yield_point();
    CHECK(stage->priority() == 10);
    CHECK(stage->cores() == 1);
    CHECK(budget.waiting() == 1);
    stage.reset();  // the waiter gets the core
    REQUIRE(waiter.wait_for(kLimit) == std::future_status::ready);
  }
  SECTION("a lower raise leaves the priority as it is") {
    stage->raise_priority_at(std::chrono::steady_clock::now(), -3);
    stage->yield_point();
    CHECK(stage->priority() == 0);
  }
}

TEST_CASE("acquire serves higher priority first, equal priority in arrival order", "[executor]") {
  CoreBudget budget(1);
  auto holder = budget.acquire(1);
  std::mutex mutex;
  std::vector<std::string> order;
  std::vector<std::future<void>> waiters;
  const std::pair<const char*, int> requests[] = {{"a", 0}, {"b", 0}, {"c", 5}, {"d", -1}};
  for (const auto& [name, priority] : requests) {
    waiters.push_back(std::async(std::launch::async, [&, name = name, priority = priority] {
      auto grant = budget.acquire(1, priority);
      std::lock_guard lock(mutex);
      order.push_back(name);
    }));
    REQUIRE(eventually([&] { return budget.waiting() == waiters.size(); }));
  }
  CHECK(budget.higher_waiting(4));
  CHECK_FALSE(budget.higher_waiting(5));
  holder.release();
  for (auto& waiter : waiters) REQUIRE(waiter.wait_for(kLimit) == std::future_status::ready);
  CHECK(order == std::vector<std::string>{"c", "a", "b", "d"});
  CHECK(budget.free_cores() == 1);
}

TEST_CASE("cancelling makes yield_point and a waiting acquire throw Cancelled", "[executor]") {
  CoreBudget budget(2);
  std::stop_source stop;
  std::uint64_t reported = 0;
  StageContext ctx(budget, 1, 0, stop.get_token(),
                   [&](std::uint64_t done, std::uint64_t total) { reported = done * 100 / total; });
  ctx.yield_point();
  ctx.report(1, 4);
  CHECK(reported == 25);
  CHECK_FALSE(ctx.cancelled());
  stop.request_stop();
  CHECK(ctx.cancelled());
  CHECK_THROWS_AS(ctx.yield_point(), Cancelled);

  // A request waiting for cores leaves the queue when cancelled.
  auto holder = budget.acquire(1);  // with ctx's core: all of them
  std::stop_source stop_waiting;
  auto waiter = std::async(std::launch::async,
                           [&] { StageContext waiting(budget, 2, 0, stop_waiting.get_token()); });
  REQUIRE(eventually([&] { return budget.waiting() == 1; }));
  stop_waiting.request_stop();
  REQUIRE(waiter.wait_for(kLimit) == std::future_status::ready);
  CHECK_THROWS_AS(waiter.get(), Cancelled);
  CHECK(budget.waiting() == 0);
  holder.release();
  CHECK(budget.free_cores() == 1);
}

TEST_CASE("a best-effort context takes only free cores and never waits", "[executor]") {
  CoreBudget budget(4);
  auto held = budget.acquire(3);
  auto spare = StageContext::best_effort(budget);
  CHECK(spare.cores() == 1);
  CHECK(budget.free_cores() == 0);

  // With every core taken it gets none, and its loops run on the calling thread alone.
  auto none = StageContext::best_effort(budget);
  CHECK(none.cores() == 0);
  std::set<std::thread::id> threads;
  parallel_for(none, 100,
               [&](std::uint64_t, std::uint64_t) { threads.insert(std::this_thread::get_id()); });
  CHECK(threads == std::set<std::thread::id>{std::this_thread::get_id()});

  // At a yield point it gives up what a queued request needs and later takes what came free.
  std::promise<void> let_go;
  auto waiter = std::async(std::launch::async, [&] {
    auto grant = budget.acquire(1, 0);
    let_go.get_future().wait_for(kLimit);
  });
  REQUIRE(eventually([&] { return budget.waiting() == 1; }));
  spare.yield_point();
  CHECK(spare.cores() == 0);
  let_go.set_value();
  REQUIRE(waiter.wait_for(kLimit) == std::future_status::ready);
  held.release();
  spare.yield_point();
  CHECK(spare.cores() == 4);
}

TEST_CASE("destroying a budget joins its worker threads", "[executor]") {
  g_threads_exited = 0;
  std::set<std::thread::id> pool_threads;
  {
    CoreBudget budget(4);
    StageContext ctx(budget, 4);
    std::mutex mutex;
    std::atomic<int> arrived{0};
    std::atomic<bool> all_arrived{true};
    const auto caller = std::this_thread::get_id();
    // Four ranges that each wait for the others: every pool thread runs one.
    parallel_for(ctx, 4, [&](std::uint64_t, std::uint64_t) {
      ++arrived;
      if (!eventually([&] { return arrived.load() == 4; })) all_arrived = false;
      if (std::this_thread::get_id() == caller) return;
      count_exit_of_this_thread();
      std::lock_guard lock(mutex);
      pool_threads.insert(std::this_thread::get_id());
    });
    REQUIRE(all_arrived.load());
  }
  CHECK(pool_threads.size() == 3);
  CHECK(g_threads_exited.load() == 3);
}
