// `lotus-miner fetch-params` and `lotus-worker fetch-params` in process, over a scratch
// FIL_PROOFS_PARAMETER_CACHE: missing and corrupt files give a non-zero exit naming the
// parameter gateway and the CIDs to fetch; bad sizes are refused with lotus's messages.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/commands.hpp"
#include "sealing/params/parameter_catalog.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;

namespace {

struct Output {
  int code;
  std::string out, err;
};

// Runs app with args, with FIL_PROOFS_PARAMETER_CACHE pointing at dir for the call.
Output run(const cli::Command& app, const std::filesystem::path& dir,
           const std::vector<std::string>& args) {
  std::optional<std::string> old;
  if (const char* v = std::getenv("FIL_PROOFS_PARAMETER_CACHE")) old = v;
  ::setenv("FIL_PROOFS_PARAMETER_CACHE", dir.c_str(), 1);
  std::ostringstream out, err;
  const int code = cli::run_command_line(app, args, out, err);
  if (old)
    ::setenv("FIL_PROOFS_PARAMETER_CACHE", old->c_str(), 1);
  else
    ::unsetenv("FIL_PROOFS_PARAMETER_CACHE");
  return {code, out.str(), err.str()};
}

std::size_t count_lines_starting(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n += line.starts_with(prefix) ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("fetch-params with an empty cache lists every file missing and fails", "[params]") {
  test::TempDir dir;
  const auto app = cli::make_miner_app();
  const auto r = run(app, dir.path(), {"fetch-params", "2KiB"});
  INFO(r.out << r.err);
  CHECK(r.code != 0);
  CHECK(count_lines_starting(r.out, "missing  v28-") == 25);
  CHECK(count_lines_starting(r.out, "intact") == 0);
  CHECK(r.out.find("25 of 25 proof parameter files for 2KiB sectors are missing or corrupt in " +
                   dir.path().string()) != std::string::npos);
  CHECK(r.out.find("Filecoin parameter gateway (https://proofs.filecoin.io/ipfs/<cid>) or IPFS, "
                   "which this machine cannot reach") != std::string::npos);
  // Each missing file with its CID, e.g. the 2 KiB PoRep .params and the SRS.
  CHECK(r.out.find("  v28-stacked-proof-of-replication-merkletree-poseidon_hasher-8-0-0-"
                   "sha256_hasher-032d3138d22506ec0082ed72b2dcba18df18477904e35bafee82b3793b06832f"
                   ".params  QmWceMgnWYLopMuM4AoGMvGEau7tNe5UK83XFjH5V9B17h\n") !=
        std::string::npos);
  CHECK(r.out.find(
            "  v28-fil-inner-product-v1.srs  Qmdq44DjcQnFfU3PJcdX7J49GCqcUYszr1TxMbHtAkvQ3g") !=
        std::string::npos);
  // Not the 32 GiB .params.
  CHECK(r.out.find("82a357d2f2ca81dc61bb45f4a762807aedee1b0a53fd6c4e77b46a01bfef7820.params") ==
        std::string::npos);
  CHECK(r.err.find("ERROR: fetching proof parameters: 25 of 25 files missing or corrupt") !=
        std::string::npos);
}

TEST_CASE("fetch-params reports a corrupt file and takes byte counts", "[params]") {
  test::TempDir dir;
  const auto vk = params::required_files(2048).front();  // a .vk (the catalog is sorted)
  REQUIRE(vk.name.ends_with(".vk"));
  std::ofstream(dir / std::string(vk.name)) << "not a verifying key";
  const auto app = cli::make_worker_app();
  const auto r = run(app, dir.path(), {"fetch-params", "2048"});
  INFO(r.out << r.err);
  CHECK(r.code != 0);
  CHECK(count_lines_starting(r.out, "corrupt  " + std::string(vk.name) + "  (digest ") == 1);
  CHECK(count_lines_starting(r.out, "missing  ") == 24);
  CHECK(r.out.find("  " + std::string(vk.name) + "  " + std::string(vk.cid)) != std::string::npos);
  CHECK(r.err.find("[params] verifying digests 100%") != std::string::npos);
}

TEST_CASE("fetch-params refuses a missing, malformed or unpublished size", "[params]") {
  test::TempDir dir;
  const auto app = cli::make_miner_app();
  const auto none = run(app, dir.path(), {"fetch-params"});
  CHECK(none.code == 1);
  CHECK(none.err.find("must pass sector size to fetch params for") != std::string::npos);
  const auto bad = run(app, dir.path(), {"fetch-params", "32Gibbons"});
  CHECK(bad.code == 1);
  CHECK(bad.err.find("error parsing sector size (specify as \"32GiB\", for instance)") !=
        std::string::npos);
  const auto unpublished = run(app, dir.path(), {"fetch-params", "1GiB"});
  CHECK(unpublished.code == 1);
  CHECK(unpublished.err.find("no proof parameters are published for sector size 1GiB") !=
        std::string::npos);
  CHECK(unpublished.out.empty());
}
