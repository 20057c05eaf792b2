// [Sealing]'s batching keys as SealingConfig reads them: lotus's defaults, and batch sizes the
// actor would refuse are refused with the key named.
#include <catch2/catch.hpp>

#include <chrono>

#include "common/error.hpp"
#include "miner/subsystems/sealing.hpp"
#include "storage/repo/config.hpp"

using namespace tessera;
using namespace std::chrono_literals;

namespace {

miner::SealingConfig from_toml(const std::string& text) {
  return miner::SealingConfig::from(repo::Config::parse(text, "config.toml", nullptr, false),
                                    std::nullopt, 1000);
}

}  // namespace

TEST_CASE("SealingConfig: lotus's batching defaults, and bad batch sizes refused",
          "[miner][sealing][batch]") {
  const auto defaults = from_toml("");
  CHECK(defaults.batch_precommits);
  CHECK(defaults.precommit_batch.max_batch == 256);
  CHECK(defaults.precommit_batch.wait == 24h);
  CHECK(defaults.precommit_batch.slack == 3h);
  CHECK(defaults.batch_commits);
  CHECK(defaults.commit_batch.max_batch == 819);
  CHECK(defaults.commit_batch.wait == 24h);
  CHECK(defaults.commit_batch.slack == 1h);

  const auto set = from_toml(
      "[Sealing]\nBatchPreCommits = false\nMaxPreCommitBatch = 4\nPreCommitBatchWait = \"30s\"\n"
      "AggregateCommits = false\nMaxCommitBatch = 8\nCommitBatchSlack = \"10m0s\"\n");
  CHECK_FALSE(set.batch_precommits);
  CHECK(set.precommit_batch.max_batch == 4);
  CHECK(set.precommit_batch.wait == 30s);
  CHECK_FALSE(set.batch_commits);
  CHECK(set.commit_batch.max_batch == 8);
  CHECK(set.commit_batch.slack == 10min);

  CHECK_THROWS_WITH(from_toml("[Sealing]\nMaxPreCommitBatch = 0\n"),
                    Catch::Contains("MaxPreCommitBatch must be 1 to 256, not 0"));
  CHECK_THROWS_WITH(from_toml("[Sealing]\nMaxPreCommitBatch = 257\n"),
                    Catch::Contains("MaxPreCommitBatch"));
  CHECK_THROWS_WITH(from_toml("[Sealing]\nMaxCommitBatch = 820\n"),
                    Catch::Contains("MaxCommitBatch must be 1 to 819, not 820"));
  CHECK_THROWS_AS(from_toml("[Sealing]\nMaxCommitBatch = -1\n"), InvalidInput);
}
