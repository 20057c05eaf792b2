// The parameter-cache checker over a scratch FIL_PROOFS_PARAMETER_CACHE: intact, corrupt, empty
// and missing files against a small catalog-like table, the progress report, the prover's error,
// and tessera's devnet file names.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "common/error.hpp"
#include "sealing/params/parameter_cache.hpp"
#include "sealing/params/parameter_catalog.hpp"
#include "test/support/env_guard.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::params;

namespace {

using test::EnvGuard;

// 2.5 MiB + 3 bytes, byte i = (31 i + 7) mod 251: more than two of the checker's 1 MiB chunks.
constexpr std::size_t kFakeSize = (std::size_t{5} << 19) + 3;
// python3: n=(5<<19)+3; hashlib.blake2b(bytes(((i*31+7)%251) for i in range(n)),
//          digest_size=64).hexdigest()[:32]
constexpr std::string_view kFakeDigest = "27e066d978c9ee9a8572b396c00c7e90";
// python3: hashlib.blake2b(b'not the parameters\n', digest_size=64).hexdigest()[:32]
constexpr std::string_view kOtherDigest = "764bf77b9cc7c63016409f72fac05c45";

void write_fake_params(const std::filesystem::path& file) {
  std::string data(kFakeSize, '\0');
  for (std::size_t i = 0; i < kFakeSize; ++i) data[i] = static_cast<char>((i * 31 + 7) % 251);
  std::ofstream(file, std::ios::binary) << data;
}

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("parameter cache directory follows FIL_PROOFS_PARAMETER_CACHE", "[params]") {
  {
    EnvGuard env("FIL_PROOFS_PARAMETER_CACHE", "/some/where");
    CHECK(parameter_cache_dir() == "/some/where");
  }
  {
    EnvGuard env("FIL_PROOFS_PARAMETER_CACHE", "");
    CHECK(parameter_cache_dir() == "/var/tmp/filecoin-proof-parameters");
  }
}

TEST_CASE("a file's digest is the first 16 bytes of its BLAKE2b-512", "[params]") {
  test::TempDir dir;
  write_fake_params(dir / "big");
  std::uint64_t last = 0;
  int calls = 0;
  CHECK(parameter_file_digest(dir / "big", [&](std::uint64_t done) {
          CHECK(done > last);
          last = done;
          ++calls;
        }) == kFakeDigest);
  CHECK(last == kFakeSize);
  CHECK(calls == 3);  // 1 MiB, 1 MiB, 0.5 MiB + 3
  write_text(dir / "small", "not the parameters\n");
  CHECK(parameter_file_digest(dir / "small") == kOtherDigest);
  CHECK_THROWS_AS(parameter_file_digest(dir / "absent"), NotFound);
}

TEST_CASE("checker reports intact, corrupt, empty and missing files", "[params]") {
  test::TempDir dir;
  EnvGuard env("FIL_PROOFS_PARAMETER_CACHE", dir.path().string());
  const ParameterFile table[] = {
      {"fake-intact.params", "QmIntact", kFakeDigest, 2048},
      {"fake-corrupt.vk", "QmCorrupt", kFakeDigest, 2048},
      {"fake-empty.vk", "QmEmpty", kOtherDigest, 2048},
      {"fake-missing.vk", "QmMissing", kOtherDigest, 2048},
  };
  write_fake_params(dir / "fake-intact.params");
  write_text(dir / "fake-corrupt.vk", "not the parameters\n");
  write_text(dir / "fake-empty.vk", "");
  // A devnet file named after a catalog entry is not that entry.
  write_fake_params(dir / "tessera-devnet-fake-missing.vk");

  std::ostringstream progress;
  const auto checks = check_parameter_files(table, parameter_cache_dir(), &progress);
  REQUIRE(checks.size() == 4);
  CHECK(checks[0].state == FileState::kIntact);
  CHECK(checks[0].detail.empty());
  CHECK(checks[0].path == dir / "fake-intact.params");
  CHECK(checks[1].state == FileState::kCorrupt);
  CHECK(checks[1].detail ==
        "digest " + std::string(kOtherDigest) + ", expected " + std::string(kFakeDigest));
  CHECK(checks[2].state == FileState::kCorrupt);
  CHECK(checks[2].detail == "empty file");
  CHECK(checks[3].state == FileState::kMissing);
  CHECK(checks[3].entry.cid == "QmMissing");
  CHECK(file_state_name(checks[3].state) == "missing");

  // Non-terminal progress: whole lines, the last one at 100%.
  const auto text = progress.str();
  CHECK(text.find("[params] verifying digests") != std::string::npos);
  CHECK(text.find("100%") != std::string::npos);
  CHECK(text.find('\r') == std::string::npos);

  // Nothing present: nothing hashed, no progress printed.
  std::ostringstream quiet;
  const ParameterFile only_missing[] = {table[3]};
  CHECK(check_parameter_files(only_missing, dir.path(), &quiet)[0].state == FileState::kMissing);
  CHECK(quiet.str().empty());
}

TEST_CASE("the official files of a sector size in an empty cache are all missing", "[params]") {
  test::TempDir dir;
  EnvGuard env("FIL_PROOFS_PARAMETER_CACHE", dir.path().string());
  const auto checks = check_sector_size_files(2048);
  CHECK(checks.size() == 25);
  for (const auto& c : checks) CHECK(c.state == FileState::kMissing);
  CHECK_THROWS_AS(check_sector_size_files(4096), InvalidInput);
}

TEST_CASE("provers get a clear error for missing parameters", "[params]") {
  test::TempDir dir;
  EnvGuard env("FIL_PROOFS_PARAMETER_CACHE", dir.path().string());
  const std::string name = "v28-fake.params";
  CHECK_THROWS_MATCHES(require_parameter_file(name, 32ull << 30), NotFound,
                       Catch::Message("proof parameters missing: " + (dir / name).string() +
                                      " (run `lotus-miner fetch-params 32GiB`)"));
  write_text(dir / name, "");
  CHECK_THROWS_AS(require_parameter_file(name, 2048), NotFound);  // empty counts as missing
  write_text(dir / name, "x");
  CHECK(require_parameter_file(name, 2048) == dir / name);
}

TEST_CASE("devnet parameter files never take an official name", "[params]") {
  test::TempDir dir;
  EnvGuard env("FIL_PROOFS_PARAMETER_CACHE", dir.path().string());
  const std::string stem =
      "v28-stacked-proof-of-replication-merkletree-poseidon_hasher-8-0-0-sha256_hasher-"
      "032d3138d22506ec0082ed72b2dcba18df18477904e35bafee82b3793b06832f";
  CHECK(devnet_parameter_file(stem, ".vk") == dir / ("tessera-devnet-" + stem + ".vk"));

  for (const auto table : {official_parameters(), official_srs()}) {
    for (const auto& f : table) {
      const auto dot = f.name.rfind('.');
      const auto ext = f.name.substr(dot);
      if (ext != kParamsExtension && ext != kVerifyingKeyExtension) continue;
      const auto devnet = devnet_parameter_file(f.name.substr(0, dot), ext);
      INFO(devnet);
      CHECK(devnet.parent_path() == dir.path());
      CHECK_FALSE(find_parameter_file(devnet.filename().string()));
    }
  }
  CHECK_THROWS_AS(devnet_parameter_file("", ".vk"), InvalidInput);
  CHECK_THROWS_AS(devnet_parameter_file("../escape", ".vk"), InvalidInput);
  CHECK_THROWS_AS(devnet_parameter_file(stem, ".srs"), InvalidInput);
  CHECK_THROWS_AS(devnet_parameter_file(stem, "vk"), InvalidInput);
}
