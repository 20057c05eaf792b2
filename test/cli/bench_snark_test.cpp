// `lotus-bench paramgen` and `lotus-bench simple commit2` in process, over a scratch
// FIL_PROOFS_PARAMETER_CACHE: paramgen writes deterministic devnet files under names that are
// never official ones; commit2 without parameters names the missing file and both remedies.
#include <catch2/catch.hpp>

#include <fstream>
#include <optional>
#include <sstream>

#include "cli/command.hpp"
#include "cli/commands.hpp"
#include "common/error.hpp"
#include "crypto/groth16/mapped_parameters.hpp"
#include "sealing/params/groth16_parameters.hpp"
#include "test/support/env_guard.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;

namespace {

struct Output {
  int code;
  std::string out, err;
};

// Runs lotus-bench with args, with FIL_PROOFS_PARAMETER_CACHE pointing at dir for the call.
Output run(const std::filesystem::path& dir, const std::vector<std::string>& args) {
  test::EnvGuard cache{"FIL_PROOFS_PARAMETER_CACHE", dir.string()};
  std::ostringstream out, err;
  const int code = cli::run_command_line(cli::make_bench_app(), args, out, err);
  return {code, out.str(), err.str()};
}

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("lotus-bench paramgen writes deterministic devnet Window PoSt parameters", "[params]") {
  test::TempDir dir;
  const auto r = run(dir.path(), {"paramgen", "--sector-size", "2KiB", "--circuit", "window"});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  std::optional<test::EnvGuard> cache;
  cache.emplace("FIL_PROOFS_PARAMETER_CACHE", dir.path().string());
  const auto files = params::devnet_parameter_files(params::Circuit::kWindowPoSt, 2048);
  const auto official = params::official_parameter_files(params::Circuit::kWindowPoSt, 2048);
  const auto found = params::find_parameter_files(params::Circuit::kWindowPoSt, 2048);
  cache.reset();
  CHECK(found.devnet);
  CHECK(found.params == files.params);
  CHECK(files.params.filename().string().starts_with("tessera-devnet-v28-proof-of-spacetime-"));
  CHECK_FALSE(std::filesystem::exists(official.params));
  // 868 + 96 × 23: the size of the official 2 KiB Window PoSt .vk (reference/snark.md §1.2).
  CHECK(std::filesystem::file_size(files.vk) == 3076);
  const groth16::MappedParameters mapped(files.params, /*check_subgroup=*/true);
  CHECK(mapped.vk().ic.size() == 23);
  const std::string vk = read_all(files.vk);

  const auto again = run(dir.path(), {"paramgen", "--sector-size", "2KiB", "--circuit", "window"});
  CHECK(again.code == 0);
  CHECK(again.out.find("exists") != std::string::npos);
  const auto forced =
      run(dir.path(), {"paramgen", "--sector-size", "2KiB", "--circuit", "window", "--force"});
  CHECK(forced.code == 0);
  CHECK(read_all(files.vk) == vk);  // same seed, same keys

  const auto bad = run(dir.path(), {"paramgen", "--sector-size", "2KiB", "--circuit", "snap"});
  CHECK(bad.code != 0);
  CHECK(bad.err.find("expected porep, window or winning") != std::string::npos);
  const auto bad_size = run(dir.path(), {"paramgen", "--sector-size", "3KiB"});
  CHECK(bad_size.code != 0);
}

TEST_CASE("lotus-bench simple commit2 refuses bad input and names missing parameters",
          "[params]") {
  test::TempDir dir;
  const auto missing = run(dir.path(), {"simple", "commit2", (dir / "none.json").string()});
  CHECK(missing.code != 0);
  const auto junk_file = dir / "junk.json";
  std::ofstream(junk_file) << "[1, 2]";
  const auto junk = run(dir.path(), {"simple", "commit2", junk_file.string()});
  CHECK(junk.code != 0);
  CHECK(junk.err.find("is not commit1's JSON output") != std::string::npos);
  test::EnvGuard cache{"FIL_PROOFS_PARAMETER_CACHE", dir.path().string()};
  try {
    params::find_parameter_files(params::Circuit::kPoRep, 2048);
    FAIL("parameters found in an empty cache");
  } catch (const NotFound& e) {
    const std::string what = e.what();
    CHECK(what.find("v28-stacked-proof-of-replication-merkletree-poseidon_hasher-8-0-0-"
                    "sha256_hasher-032d3138d22506ec0082ed72b2dcba18df18477904e35bafee82b3793b0683"
                    "2f.params") != std::string::npos);
    CHECK(what.find("lotus-miner fetch-params 2KiB") != std::string::npos);
    CHECK(what.find("lotus-bench paramgen --sector-size 2KiB") != std::string::npos);
  }
}

TEST_CASE("lotus-bench simple window-post proves a sealed 2 KiB sector under devnet parameters",
          "[params][post]") {
  test::TempDir dir;
  // PC1 writes its parent cache here, not in /var/tmp.
  test::EnvGuard parents{"FIL_PROOFS_PARENT_CACHE", (dir / "parents").string()};
  auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  };
  auto step = [&](const std::vector<std::string>& args) {
    const auto r = run(dir.path(), args);
    INFO(args[1] << ": " << r.out << r.err);
    REQUIRE(r.code == 0);
    return lines(r.out);
  };
  {
    std::ofstream data(dir / "data", std::ios::binary);
    for (int i = 0; i < 2032; ++i) data.put(static_cast<char>((i * 5 + 1) & 0xff));
  }
  const auto piece = step({"simple", "addpiece", "--sector-size", "2KiB", (dir / "data").string(),
                           (dir / "unsealed").string()});
  REQUIRE(piece.size() == 2);
  const std::string piece_cid = piece[1].substr(0, piece[1].find(' '));
  const auto pc1 = step({"simple", "precommit1", "--sector-size", "2KiB",
                         (dir / "unsealed").string(), (dir / "sealed").string(),
                         (dir / "cache").string(), piece_cid, "2048"});
  REQUIRE(pc1.size() == 2);
  const auto pc2 = step({"simple", "precommit2", "--sector-size", "2KiB",
                         (dir / "sealed").string(), (dir / "cache").string(), pc1[1]});
  REQUIRE(pc2.size() == 2);
  const std::string comm_r = pc2[1].substr(pc2[1].find(" r:") + 3);
  const std::vector<std::string> post{"simple",
                                      "window-post",
                                      "--sector-size",
                                      "2KiB",
                                      (dir / "sealed").string(),
                                      (dir / "cache").string(),
                                      comm_r,
                                      "1"};

  const auto missing = run(dir.path(), post);
  CHECK(missing.code != 0);
  CHECK(missing.err.find("v28-proof-of-spacetime-fallback-merkletree-poseidon_hasher-8-0-0-") !=
        std::string::npos);
  CHECK(missing.err.find("lotus-bench paramgen --sector-size 2KiB") != std::string::npos);

  REQUIRE(run(dir.path(), {"paramgen", "--sector-size", "2KiB", "--circuit", "window"}).code == 0);
  const auto proved = run(dir.path(), post);
  INFO(proved.out << proved.err);
  REQUIRE(proved.code == 0);  // non-zero when the Groth16 proof does not verify
  const auto out = lines(proved.out);
  REQUIRE(out.size() == 4);
  CHECK(out[0].rfind("Vanilla ", 0) == 0);
  CHECK(out[1].rfind("Proof ", 0) == 0);
  CHECK(out[2].rfind("Verify ", 0) == 0);
  REQUIRE(out[3].rfind("proof: ", 0) == 0);
  const std::string hex = out[3].substr(7);
  CHECK(hex.size() == 384);  // one partition: 192 bytes
  CHECK(hex.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(proved.err.find("using tessera's devnet parameters") != std::string::npos);

  // Another sector's comm R: the vanilla proof is refused before any Groth16 work.
  auto other_comm_r = post;
  other_comm_r[6] = "bagboea4b5abcbrshxgmmpaucffwp2elaofbcrvb7hmcu3653o4lsw2arlor4hn3c";
  const auto wrong = run(dir.path(), other_comm_r);
  CHECK(wrong.code != 0);
  CHECK(wrong.err.find("does not verify against comm R") != std::string::npos);

  std::optional<test::EnvGuard> cache;
  cache.emplace("FIL_PROOFS_PARAMETER_CACHE", dir.path().string());
  const auto devnet = params::devnet_parameter_files(params::Circuit::kWindowPoSt, 2048);
  const auto official = params::official_parameter_files(params::Circuit::kWindowPoSt, 2048);
  cache.reset();
  std::filesystem::remove(devnet.params);
  const auto removed = run(dir.path(), post);
  CHECK(removed.code != 0);
  CHECK(removed.err.find(official.params.filename().string()) != std::string::npos);
  CHECK(removed.err.find("lotus-bench paramgen") != std::string::npos);
}
