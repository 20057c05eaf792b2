// lotus's resource table (storiface/resources.go, v1.23.3) and its env overrides. The whole
// default table is checked against the Info example of lotus's api-v0-methods-worker.md, which
// lotus's docgen fills with storiface.ResourceTable (test/fixtures/lotus-worker-info-example.json);
// single rows against reference/gpu-and-workers.md §B4 and lotus-docs' workers.md.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "sealing/workers/resource_table.hpp"

using namespace tessera;
using namespace tessera::workers;
using nlohmann::json;

namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace

TEST_CASE("the default table is lotus's, row for row", "[workers]") {
  std::ifstream in(std::filesystem::path(TESSERA_TEST_FIXTURES) / "lotus-worker-info-example.json");
  REQUIRE(in);
  const json lotus = json::parse(in).at("example").at("Resources").at("Resources");
  const ResourceTable from_docs = resource_table_from_json(lotus);
  REQUIRE(from_docs.size() == 14);
  CHECK(from_docs == default_resource_table());
  CHECK(resource_table_to_json(default_resource_table()) == lotus);
}

TEST_CASE("resource rows", "[workers]") {
  const auto& t = default_resource_table();
  // gpu-and-workers.md §B4 / lotus-docs workers.md: C2 32GiB 30G/150G, base 32G, par -1/6, GPU 1.
  const Resources c2 = resources_for(t, TaskType::kCommit2, 8);
  CHECK(c2.min_memory == 30ull << 30);
  CHECK(c2.max_memory == 161061273600);  // C2_32G_MAX_MEMORY=161061273600 (lotus-docs)
  CHECK(c2.base_min_memory == 32ull << 30);
  CHECK(c2.max_parallelism == -1);
  CHECK(c2.max_parallelism_gpu == 6);
  CHECK(c2.gpu_utilization == 1.0);
  // UNS = PC1, GSK = RU, DC = AP's 32GiB row at 2KiB, V1_1 = V1.
  CHECK(resources_for(t, TaskType::kUnseal, 3) == resources_for(t, TaskType::kPreCommit1, 3));
  CHECK(resources_for(t, TaskType::kRegenSectorKey, 4) ==
        resources_for(t, TaskType::kReplicaUpdate, 4));
  CHECK(resources_for(t, TaskType::kDataCid, 0) == resources_for(t, TaskType::kAddPiece, 3));
  CHECK(resources_for(t, TaskType::kPreCommit2, 7) == resources_for(t, TaskType::kPreCommit2, 2));
  CHECK(resources_for(t, TaskType::kPreCommit2, 7).max_memory == 3ull << 29);
  // Tasks without a row need nothing.
  CHECK(resources_for(t, TaskType::kFinalize, 8) == Resources{});
  CHECK(resources_for(t, TaskType::kDownloadSector, 8) == Resources{});
  CHECK(resources_for(t, TaskType::kPreCommit1, 42) == Resources{});
}

TEST_CASE("threads: MaxParallelism, -1 = 92% of CPUs, GPU variant", "[workers]") {
  const auto& t = default_resource_table();
  const Resources pc2 = resources_for(t, TaskType::kPreCommit2, 8);
  // resources.go's comment: 12*0.92 = 11, 16 -> 14, 24 -> 22, 32 -> 29, 64 -> 58, 128 -> 117.
  CHECK(pc2.threads(12, 0) == 11);
  CHECK(pc2.threads(16, 0) == 14);
  CHECK(pc2.threads(24, 0) == 22);
  CHECK(pc2.threads(32, 0) == 29);
  CHECK(pc2.threads(64, 0) == 58);
  CHECK(pc2.threads(128, 0) == 117);
  CHECK(pc2.threads(1, 0) == 1);  // 0.92 rounds to 0: all CPUs
  // With a GPU: MaxParallelismGPU.
  CHECK(pc2.threads(128, 1) == 6);
  // 512MiB PC2 has no GPU use, so a GPU changes nothing.
  CHECK(resources_for(t, TaskType::kPreCommit2, 7).threads(32, 2) == 29);
  // C2 512MiB uses a GPU but has MaxParallelismGPU 0: MaxParallelism applies.
  CHECK(resources_for(t, TaskType::kCommit2, 7).threads(32, 1) == 1);
  CHECK(resources_for(t, TaskType::kCommit1, 8).threads(32, 0) == 0);
}

TEST_CASE("env overrides", "[workers]") {
  SECTION("no variables: the default table, PC1/UNS at one thread") {
    CHECK(parse_resource_env(env_of({})) == default_resource_table());
  }
  SECTION("size-specific beats generic; other sizes take the generic one") {
    const auto t = parse_resource_env(env_of({{"PC1_32G_MAX_CONCURRENT", "4"},
                                              {"PC1_MAX_CONCURRENT", "2"},
                                              {"C2_32G_GPU_UTILIZATION", "0.5"},
                                              {"AP_64G_MIN_MEMORY", "123"}}));
    CHECK(resources_for(t, TaskType::kPreCommit1, 8).max_concurrent == 4);
    CHECK(resources_for(t, TaskType::kPreCommit1, 3).max_concurrent == 4);
    CHECK(resources_for(t, TaskType::kPreCommit1, 9).max_concurrent == 2);
    CHECK(resources_for(t, TaskType::kUnseal, 8).max_concurrent == 0);  // UNS has its own name
    CHECK(resources_for(t, TaskType::kCommit2, 8).gpu_utilization == 0.5);
    CHECK(resources_for(t, TaskType::kCommit2, 9).gpu_utilization == 1.0);
    CHECK(resources_for(t, TaskType::kAddPiece, 9).min_memory == 123);
    CHECK(resources_for(t, TaskType::kAddPiece, 9).max_memory == 8ull << 30);
  }
  SECTION("every field has its variable") {
    const auto t = parse_resource_env(env_of({{"PC2_2K_MIN_MEMORY", "1"},
                                              {"PC2_2K_MAX_MEMORY", "2"},
                                              {"PC2_2K_GPU_UTILIZATION", "3.5"},
                                              {"PC2_2K_MAX_PARALLELISM", "4"},
                                              {"PC2_2K_MAX_PARALLELISM_GPU", "5"},
                                              {"PC2_2K_BASE_MIN_MEMORY", "6"},
                                              {"PC2_2K_MAX_CONCURRENT", "7"}}));
    Resources expected;
    expected.min_memory = 1;
    expected.max_memory = 2;
    expected.gpu_utilization = 3.5;
    expected.max_parallelism = 4;
    expected.max_parallelism_gpu = 5;
    expected.base_min_memory = 6;
    expected.max_concurrent = 7;
    CHECK(resources_for(t, TaskType::kPreCommit2, 5) == expected);
    CHECK(resources_for(t, TaskType::kPreCommit2, 0) == expected);
    CHECK(resources_for(t, TaskType::kPreCommit2, 6).min_memory == 8ull << 20);
  }
  SECTION("multicore SDR: PC1/UNS threads = producers + 1 unless set") {
    auto t = parse_resource_env(env_of({{"FIL_PROOFS_USE_MULTICORE_SDR", "1"}}));
    CHECK(resources_for(t, TaskType::kPreCommit1, 8).max_parallelism == 4);
    CHECK(resources_for(t, TaskType::kUnseal, 3).max_parallelism == 4);
    CHECK(resources_for(t, TaskType::kPreCommit2, 8).max_parallelism == -1);
    t = parse_resource_env(env_of({{"FIL_PROOFS_USE_MULTICORE_SDR", "1"},
                                   {"FIL_PROOFS_MULTICORE_SDR_PRODUCERS", "7"},
                                   {"PC1_64G_MAX_PARALLELISM", "2"}}));
    CHECK(resources_for(t, TaskType::kPreCommit1, 8).max_parallelism == 8);
    CHECK(resources_for(t, TaskType::kPreCommit1, 9).max_parallelism == 2);
    // Producers count only with FIL_PROOFS_USE_MULTICORE_SDR=1.
    t = parse_resource_env(env_of({{"FIL_PROOFS_MULTICORE_SDR_PRODUCERS", "7"}}));
    CHECK(resources_for(t, TaskType::kPreCommit1, 8).max_parallelism == 1);
  }
  SECTION("bad values are InvalidInput naming the variable") {
    CHECK_THROWS_WITH(parse_resource_env(env_of({{"PC1_32G_MAX_MEMORY", "64GiB"}})),
                      Catch::Contains("PC1_32G_MAX_MEMORY"));
    CHECK_THROWS_WITH(parse_resource_env(env_of({{"C2_MIN_MEMORY", "-1"}})),
                      Catch::Contains("C2_MIN_MEMORY"));
    CHECK_THROWS_WITH(parse_resource_env(env_of({{"C2_GPU_UTILIZATION", "half"}})),
                      Catch::Contains("C2_GPU_UTILIZATION"));
    CHECK_THROWS_WITH(parse_resource_env(env_of({{"C2_GPU_UTILIZATION", "-1"}})),
                      Catch::Contains("C2_GPU_UTILIZATION"));
    CHECK_THROWS_WITH(parse_resource_env(env_of({{"PC2_MAX_PARALLELISM", "1.5"}})),
                      Catch::Contains("PC2_MAX_PARALLELISM"));
    CHECK_THROWS_WITH(parse_resource_env(env_of({{"FIL_PROOFS_USE_MULTICORE_SDR", "1"},
                                                 {"FIL_PROOFS_MULTICORE_SDR_PRODUCERS", "x"}})),
                      Catch::Contains("FIL_PROOFS_MULTICORE_SDR_PRODUCERS"));
  }
}

TEST_CASE("sector size env names", "[workers]") {
  CHECK(sector_size_env_name(0) == "2K");
  CHECK(sector_size_env_name(6) == "8M");
  CHECK(sector_size_env_name(2) == "512M");
  CHECK(sector_size_env_name(8) == "32G");
  CHECK(sector_size_env_name(9) == "64G");
  CHECK_THROWS_AS(sector_size_env_name(10), InvalidInput);
  CHECK_THROWS_AS(sector_size_env_name(-1), InvalidInput);
}

TEST_CASE("Resources JSON", "[workers]") {
  // api-v0-methods-worker.md, Info: Resources["post/v0/windowproof"]["3"].
  const json row = json::parse(R"({
    "MinMemory": 32212254720,
    "MaxMemory": 103079215104,
    "GPUUtilization": 1,
    "MaxParallelism": -1,
    "MaxParallelismGPU": 6,
    "BaseMinMemory": 34359738368,
    "MaxConcurrent": 0
  })");
  const Resources r = api::Codec<Resources>::decode(row);
  CHECK(r == resources_for(default_resource_table(), TaskType::kWindowPost, 3));
  CHECK(api::Codec<Resources>::encode(r) == row);
  json bad = row;
  bad["GPUUtilization"] = "1";
  CHECK_THROWS_WITH(resources_from_json(bad), Catch::Contains("GPUUtilization"));
  bad = row;
  bad.erase("MaxConcurrent");
  CHECK_THROWS_WITH(resources_from_json(bad), Catch::Contains("MaxConcurrent"));
  CHECK_THROWS_AS(resource_table_from_json(json::array()), InvalidInput);
  CHECK_THROWS_WITH(resource_table_from_json(json::parse(R"({"seal/v0/x": {}})")),
                    Catch::Contains("seal/v0/x"));
}
