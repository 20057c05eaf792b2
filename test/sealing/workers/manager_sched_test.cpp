// The manager's scheduler as lotus's operator calls see it: SealingSchedDiag lists a request no
// worker can take (lotus SchedDiagRequestInfo: Sector, TaskType, Priority, SchedId), and
// SealingRemoveRequest fails that request (temporarily: the pipeline retries it) and nothing
// else.
#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <thread>

#include "common/error.hpp"
#include "sealing/pipeline/sealer.hpp"
#include "sealing/workers/manager.hpp"
#include "storage/index/sector_index.hpp"

using namespace tessera;
using namespace std::chrono_literals;

TEST_CASE("Manager: sched-diag lists a waiting request and remove-request fails it",
          "[sealing][workers][sched]") {
  paths::SectorIndex index(nullptr);
  workers::Manager manager(index);
  const pipeline::SectorRef sector{{1000, 7}, 5};  // StackedDrg2KiBV1_1
  std::optional<std::string> failure;
  std::optional<pipeline::FailureClass> failure_class;
  std::thread pledging([&] {
    try {
      manager.pledge(sector, {});
    } catch (const pipeline::SealingFailure& e) {
      failure = e.what();
      failure_class = e.failure();
    }
  });

  // No worker: the AddPiece request waits in the scheduler.
  nlohmann::json requests;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    requests = manager.sched_diag(true)["SchedInfo"]["Requests"];
    if (!requests.empty()) break;
    std::this_thread::sleep_for(10ms);
  }
  REQUIRE(requests.size() == 1);
  CHECK(requests[0]["Sector"] == nlohmann::json({{"Miner", 1000}, {"Number", 7}}));
  CHECK(requests[0]["TaskType"] == "seal/v0/addpiece");
  CHECK(requests[0]["Priority"] == 0);
  const std::string id = requests[0]["SchedId"];
  CHECK(std::regex_match(id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                        "[0-9a-f]{12}")));
  const auto diag = manager.sched_diag(false);
  CHECK(diag["SchedInfo"]["OpenWindows"].empty());
  CHECK(diag["Waiting"].empty());
  CHECK(diag["CallToWork"].empty());

  CHECK_THROWS_AS(manager.remove_request("00000000-0000-4000-8000-000000000000"), NotFound);
  CHECK_FALSE(failure);
  manager.remove_request(id);
  pledging.join();
  REQUIRE(failure);
  CHECK_THAT(*failure, Catch::Contains("removed from the scheduler"));
  CHECK(failure_class == pipeline::FailureClass::kTemporary);
  CHECK(manager.sched_diag(false)["SchedInfo"]["Requests"].empty());
  CHECK_THROWS_AS(manager.remove_request(id), NotFound);  // gone
}
