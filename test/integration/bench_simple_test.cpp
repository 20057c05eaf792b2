// Runs the real binary as `lotus-bench simple` on a 2 KiB sector: addpiece, precommit1,
// precommit2, commit1 (vanilla proof file), window-post and winning-post (Groth16 under devnet
// parameters from `lotus-bench paramgen`); plus bad input.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sealing/porep/vanilla_proof_json.hpp"
#include "test/support/process.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;

namespace {

// The lotus-bench name of the binary: a symlink next to lotus-miner, made by the build.
const std::string kBench =
    (std::filesystem::path(TESSERA_BINARY).parent_path() / "lotus-bench").string();

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A scratch directory with its own parent and parameter caches, where lotus-bench simple runs.
struct Bench {
  test::TempDir dir;
  test::EnvOverrides env{{"FIL_PROOFS_PARENT_CACHE", (dir / "parents").string()},
                         {"FIL_PROOFS_PARAMETER_CACHE", (dir / "params").string()},
                         {"GOLOG_LOG_LEVEL", ""}};

  std::string path(const std::string& name) const { return (dir / name).string(); }

  test::ProcessResult simple(std::vector<std::string> args) const {
    args.insert(args.begin(), "simple");
    return test::run_process(kBench, args, env, std::chrono::seconds(30));
  }
  // Runs a step that must succeed and returns its stdout lines.
  std::vector<std::string> step(const std::vector<std::string>& args) const {
    auto result = simple(args);
    INFO(args[0] << " stdout: " << result.out << "\nstderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    return lines_of(result.out);
  }
  // Writes 2032 bytes of data and adds them as one piece; returns "<piece cid>".
  std::string add_piece() const {
    std::ofstream data(dir / "data", std::ios::binary);
    for (int i = 0; i < 2032; ++i) data.put(static_cast<char>((i * 7 + 3) & 0xff));
    data.close();
    auto out = step({"addpiece", "--sector-size", "2KiB", path("data"), path("unsealed")});
    REQUIRE(out.size() == 2);
    CHECK(out[0].rfind("AddPiece ", 0) == 0);
    REQUIRE(out[1].size() > 5);
    CHECK(out[1].substr(out[1].size() - 5) == " 2048");
    return out[1].substr(0, out[1].size() - 5);
  }
};

}  // namespace

TEST_CASE("lotus-bench simple: addpiece to winning-post on 2 KiB", "[integration][bench]") {
  Bench bench;
  const auto piece = bench.add_piece();
  CHECK(piece.rfind("baga6ea4seaq", 0) == 0);

  auto pc1 = bench.step({"precommit1", "--sector-size", "2KiB", bench.path("unsealed"),
                         bench.path("sealed"), bench.path("cache"), piece, "2048"});
  REQUIRE(pc1.size() == 2);
  CHECK(pc1[0].rfind("PreCommit1 ", 0) == 0);
  CHECK_FALSE(std::filesystem::exists(bench.dir / "sealed.staged"));

  auto pc2 = bench.step(
      {"precommit2", "--sector-size", "2KiB", bench.path("sealed"), bench.path("cache"), pc1[1]});
  REQUIRE(pc2.size() == 2);
  CHECK(pc2[0].rfind("PreCommit2 ", 0) == 0);
  REQUIRE(pc2[1].rfind("d:" + piece + " r:bagboea4b5abc", 0) ==
          0);  // one full piece: CommD = CommP
  const std::string comm_r = pc2[1].substr(pc2[1].find(" r:") + 3);

  auto c1 = bench.step({"commit1", "--sector-size", "2KiB", bench.path("sealed"),
                        bench.path("cache"), piece, comm_r, bench.path("c1.json")});
  REQUIRE(c1.size() == 2);
  CHECK(c1[0].rfind("Commit1 ", 0) == 0);
  CHECK_THAT(c1[1], Catch::Contains("vanilla PoRep proof verified in"));
  auto c1_file = nlohmann::json::parse(test::read_file(bench.dir / "c1.json"));
  CHECK(c1_file["sector_number"] == 1);
  CHECK(c1_file["sector_size"] == 2048);
  CHECK(porep::verify_porep(porep::public_inputs_from_json(c1_file["public_inputs"]),
                            porep::vanilla_proof_from_json(c1_file["vanilla_proof"])));

  auto paramgen = test::run_process(
      kBench, {"paramgen", "--sector-size", "2KiB", "--circuit", "window", "--circuit", "winning"},
      bench.env, std::chrono::seconds(120));
  INFO("paramgen: " << paramgen.out << paramgen.err);
  REQUIRE(paramgen.exit_code == 0);
  for (const std::string kind : {"window-post", "winning-post"}) {
    auto post = bench.step(
        {kind, "--sector-size", "2KiB", bench.path("sealed"), bench.path("cache"), comm_r, "1"});
    REQUIRE(post.size() == 4);
    CHECK(post[0].rfind("Vanilla ", 0) == 0);
    CHECK(post[1].rfind("Proof ", 0) == 0);
    CHECK(post[2].rfind("Verify ", 0) == 0);
    CHECK_THAT(post[3], Catch::StartsWith("proof: "));
    CHECK(post[3].size() == 7 + 384);  // one verified 192-byte Groth16 proof
  }

  // The wrong CommR: the proof is computed but does not verify.
  auto wrong = bench.simple(
      {"window-post", "--sector-size", "2KiB", bench.path("sealed"), bench.path("cache"),
       "bagboea4b5abcbrshxgmmpaucffwp2elaofbcrvb7hmcu3653o4lsw2arlor4hn3c", "1"});
  CHECK(wrong.exit_code != 0);
  CHECK_THAT(wrong.err, Catch::Contains("does not verify against comm R"));
}

TEST_CASE("lotus-bench simple: bad input fails with a clear message", "[integration][bench]") {
  Bench bench;
  const auto piece = bench.add_piece();

  auto wrong_size = bench.simple({"precommit1", "--sector-size", "8MiB", bench.path("unsealed"),
                                  bench.path("sealed"), bench.path("cache"), piece, "2048"});
  CHECK(wrong_size.exit_code != 0);
  CHECK_THAT(wrong_size.err, Catch::Contains("unsealed file") &&
                                 Catch::Contains("8388608-byte sector") &&
                                 Catch::Contains("--sector-size is 8MiB"));
  CHECK_FALSE(std::filesystem::exists(bench.dir / "sealed"));

  auto synthetic =
      bench.simple({"precommit1", "--sector-size", "2KiB", "--synthetic", bench.path("unsealed"),
                    bench.path("sealed"), bench.path("cache"), piece, "2048"});
  CHECK(synthetic.exit_code != 0);
  CHECK_THAT(synthetic.err, Catch::Contains("not implemented"));

  auto garbage_pc1 = bench.simple({"precommit2", "--sector-size", "2KiB", bench.path("sealed"),
                                   bench.path("cache"), "bm90IGEgcmVjb3Jk"});
  CHECK(garbage_pc1.exit_code != 0);
  CHECK_THAT(garbage_pc1.err, Catch::Contains("PreCommit1 output"));

  auto help = bench.simple({"--help"});
  CHECK(help.exit_code == 0);
  for (const char* command :
       {"addpiece", "precommit1", "precommit2", "commit1", "window-post", "winning-post"}) {
    CHECK_THAT(help.out, Catch::Contains(std::string("   ") + command + " "));
  }
}
