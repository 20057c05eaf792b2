// lotus's sealing state names, stat buckets and info's display order
// (sealing/pipeline/sector_states.hpp), checked against lotus v1.23.3
// storage/pipeline/sector_state.go (ExistSectorStateList: 63 names; toStatState) and
// cmd/lotus-miner/info.go (stateList).
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "sealing/pipeline/sector_states.hpp"

using namespace tessera::pipeline;

TEST_CASE("every lotus state name is known, once", "[sectors-api]") {
  const auto& all = all_states();
  CHECK(all.size() == 63);
  CHECK(std::set<std::string_view>(all.begin(), all.end()).size() == all.size());
  for (const char* name : {"Empty", "WaitDeals", "PreCommit1", "SubmitCommitAggregate", "Proving",
                           "Available", "ReceiveSector", "SnapDealsRecoverDealIDs", "Removed",
                           "FinalizeReplicaUpdateFailed", "TerminateFailed"}) {
    INFO(name);
    CHECK(is_known_state(name));
  }
  CHECK_FALSE(is_known_state(""));  // UndefinedSectorState is not a target state
  CHECK_FALSE(is_known_state("proving"));
  CHECK_FALSE(is_known_state("Bogus"));
}

TEST_CASE("stat buckets follow lotus's toStatState", "[sectors-api]") {
  CHECK(stat_bucket("") == StatBucket::kStaging);
  CHECK(stat_bucket("WaitDeals") == StatBucket::kStaging);
  CHECK(stat_bucket("AddPieceFailed") == StatBucket::kStaging);
  CHECK(stat_bucket("Packing") == StatBucket::kSealing);
  CHECK(stat_bucket("ReceiveSector") == StatBucket::kSealing);
  CHECK(stat_bucket("CommitWait") == StatBucket::kSealing);
  CHECK(stat_bucket("CommitWait", /*finalize_early=*/true) == StatBucket::kProving);
  CHECK(stat_bucket("Committing", true) == StatBucket::kSealing);
  CHECK(stat_bucket("Proving") == StatBucket::kProving);
  CHECK(stat_bucket("Removed") == StatBucket::kProving);
  CHECK(stat_bucket("TerminateFailed") == StatBucket::kProving);
  CHECK(stat_bucket("SealPreCommit1Failed") == StatBucket::kFailed);
  CHECK(stat_bucket("Faulty") == StatBucket::kFailed);
  CHECK(stat_bucket("NoSuchState") == StatBucket::kFailed);
  CHECK(stat_bucket_name(StatBucket::kSealing) == "sealing");
  CHECK(is_upgrade_state("SnapDealsPacking"));
  CHECK_FALSE(is_upgrade_state("Packing"));
}

TEST_CASE("info's display order is lotus's stateList", "[sectors-api]") {
  const auto& order = info_display_order();
  REQUIRE(order.size() == 64);  // "Total" + 63 entries of stateList
  CHECK(order[0] == "Total");
  CHECK(order[1] == "Proving");
  CHECK(order[10] == "");  // UndefinedSectorState, red, before Packing
  CHECK(order[11] == "Packing");
  CHECK(order.back() == "FinalizeReplicaUpdateFailed");
  CHECK(info_display_rank("Proving") < info_display_rank("PreCommit1"));
  CHECK(info_display_rank("Removed") < info_display_rank("CommitFailed"));
  // SnapDealsRecoverDealIDs is not in lotus's stateList: it ranks after every listed state.
  CHECK(info_display_rank("SnapDealsRecoverDealIDs") == order.size());
  CHECK(info_display_rank("Bogus") == order.size());
}
