// Sector file locks: readers share a type, a writer excludes everyone on its type, other types
// and sectors are independent, a waiting lock gets in once the holder lets go, and a cancelled
// wait gives up; the held locks in lotus's StorageGetLocks shape.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/error.hpp"
#include "storage/paths/sector_locks.hpp"

using namespace tessera;
using namespace tessera::paths;

namespace {
constexpr auto kSealed = static_cast<std::uint32_t>(FileType::kSealed);
constexpr auto kCache = static_cast<std::uint32_t>(FileType::kCache);
const SectorId kSector{1000, 1};
}  // namespace

TEST_CASE("sector locks: readers share, writers exclude", "[sectorlocks]") {
  SectorLocks locks;
  auto r1 = locks.try_lock(kSector, kSealed, 0);
  auto r2 = locks.try_lock(kSector, kSealed, 0);
  REQUIRE(r1);
  REQUIRE(r2);
  CHECK_FALSE(locks.try_lock(kSector, 0, kSealed));      // a writer waits for readers
  CHECK(locks.try_lock(kSector, 0, kCache));             // another type is free
  CHECK(locks.try_lock(SectorId{1000, 2}, 0, kSealed));  // another sector too
  // Held: sector 1 with two sealed readers (bit 1 -> slot 1); the guards above were released.
  const auto held = locks.held();
  REQUIRE(held.size() == 1);
  CHECK(held[0].read[1] == 2);
  CHECK(to_json(held)["Locks"][0]["Sector"] == nlohmann::json{{"Miner", 1000}, {"Number", 1}});
  r1.reset();
  r2.reset();
  CHECK(locks.held().empty());
  auto w = locks.try_lock(kSector, 0, kSealed | kCache);
  REQUIRE(w);
  CHECK_FALSE(locks.try_lock(kSector, kSealed, 0));  // readers wait for the writer
  CHECK_THROWS_AS(locks.try_lock(kSector, 64, 0), InvalidInput);
}

TEST_CASE("sector locks: a waiting lock gets in after release, a cancelled one gives up",
          "[sectorlocks]") {
  SectorLocks locks;
  std::optional<SectorLocks::Guard> writer = locks.try_lock(kSector, 0, kSealed);
  REQUIRE(writer);
  std::atomic<bool> never{false};
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    auto reader = locks.lock(kSector, kSealed, 0, never);
    got = reader.has_value();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(got);
  writer.reset();
  waiter.join();
  CHECK(got);

  auto again = locks.try_lock(kSector, 0, kSealed);
  std::atomic<bool> cancelled{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancelled = true;
  });
  CHECK_FALSE(locks.lock(kSector, kSealed, 0, cancelled));
  canceller.join();
}
