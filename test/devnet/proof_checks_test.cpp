// The devnet's Groth16 PoSt checks (ProofMode::kSnark): a real 2 KiB sector's WindowPoSt and
// WinningPoSt SNARKs, proved with tessera's seeded setup written into a scratch parameter cache
// under the devnet file names, are accepted; a flipped proof bit, other randomness, another
// sector's CommR or a vanilla proof are refused; with no verifying key the message fails with
// kErrIllegalState naming what to run. (The PoRep SNARK check runs end to end in the
// integration test "a pledged sector is proved with Groth16".)
#include <catch2/catch.hpp>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>

#include "common/cid/cid.hpp"
#include "common/file_util.hpp"
#include "crypto/groth16/local_setup.hpp"
#include "crypto/groth16/mapped_parameters.hpp"
#include "crypto/groth16/verifying_key.hpp"
#include "devnet/proof_checks.hpp"
#include "devnet/state.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "post/fallback/vanilla_post_json.hpp"
#include "sealing/params/groth16_parameters.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/seal_in_memory.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::chain;
using namespace tessera::chain::devnet;

namespace {

constexpr std::uint64_t kSize = 2048;
constexpr std::uint64_t kMiner = 1000;

// A parameter cache holding tessera's devnet Window and Winning PoSt parameters for 2 KiB;
// FIL_PROOFS_PARAMETER_CACHE points at it (each test case runs in its own process under ctest).
struct ParameterCache {
  test::TempDir dir;
  ParameterCache() {
    ::setenv("FIL_PROOFS_PARAMETER_CACHE", dir.path().c_str(), 1);
    for (const auto circuit : {params::Circuit::kWindowPoSt, params::Circuit::kWinningPoSt}) {
      CoreBudget budget{2};
      StageContext ctx{budget, 2};
      const auto files = params::devnet_parameter_files(circuit, kSize);
      const auto generated = groth16::generate_parameters(
          post::circuit::blank_post_synthesizer(circuit, kSize),
          groth16::ToxicWaste::from_seed(params::devnet_setup_seed(circuit, kSize)), ctx);
      groth16::write_parameters(generated, files.params);
      const auto vk = groth16::write_verifying_key(generated.vk);
      write_file_atomic(files.vk, std::string_view(reinterpret_cast<const char*>(vk.data()),
                                                   vk.size()),
                        0644);
    }
  }
};

struct SealedSector {
  porep::SealOutput sealed;
  SectorOnChainInfo info;
};

SealedSector seal_sector(std::uint64_t number, unsigned seed) {
  std::mt19937 rng(seed);
  Bytes unpadded(2032), padded(2048);
  for (auto& b : unpadded) b = static_cast<std::uint8_t>(rng());
  porep::fr32_pad(unpadded.data(), padded.data(), 16);
  porep::SealInputs inputs;
  inputs.sector_number = number;
  SealedSector s{porep::seal_in_memory(inputs, padded), {}};
  s.info.sector_number = number;
  s.info.sealed_cid =
      cid::commitment_sealed_cid(Bytes(s.sealed.comm_r.begin(), s.sealed.comm_r.end()));
  return s;
}

Bytes randomness_bytes(std::uint8_t fill) { return Bytes(32, fill); }

crypto::Digest32 digest(const Bytes& b) {
  crypto::Digest32 d{};
  std::copy(b.begin(), b.end(), d.begin());
  return d;
}

Bytes flip_bit(Bytes proof) {
  proof[7] ^= 0x01;
  return proof;
}

}  // namespace

TEST_CASE("devnet: Groth16 WindowPoSt and WinningPoSt proofs are checked with the devnet keys",
          "[devnet][snark]") {
  ParameterCache cache;
  const auto a = seal_sector(3, 1);
  const auto b = seal_sector(4, 2);
  DevnetParams devnet_params;  // ProofMode::kSnark
  ApplyContext ctx;
  ctx.params = &devnet_params;
  std::uint8_t beacon = 0x21;
  ctx.beacon_randomness = [&](DomainSeparationTag, ChainEpoch, const Bytes&) {
    return randomness_bytes(beacon);
  };
  CoreBudget budget{2};
  StageContext stage{budget, 2};

  SECTION("WindowPoSt over two sectors") {
    const post::PostChallengeParams challenge{.randomness = digest(randomness_bytes(beacon)),
                                              .api = post::PostApi::kV1_2,
                                              .challenge_count = 10,
                                              .sector_size = kSize};
    const std::vector<post::SectorPostProof> vanilla = {
        post::prove_sector(challenge, 0, 3, a.sealed.tree_r, a.sealed.comm_c),
        post::prove_sector(challenge, 1, 4, b.sealed.tree_r, b.sealed.comm_c)};
    const groth16::MappedParameters mapped(
        params::devnet_parameter_files(params::Circuit::kWindowPoSt, kSize).params);
    const Bytes proof = post::circuit::prove_window_post_snark(
        challenge, {{3, a.sealed.comm_r}, {4, b.sealed.comm_r}}, vanilla, mapped, stage);
    CHECK(verify_window_post(kMiner, kSize, {a.info, b.info}, 10, proof, ctx));
    CHECK_FALSE(verify_window_post(kMiner, kSize, {a.info, b.info}, 10, flip_bit(proof), ctx));
    CHECK_FALSE(verify_window_post(kMiner, kSize, {b.info, a.info}, 10, proof, ctx));
    CHECK_FALSE(verify_window_post(kMiner, kSize, {a.info}, 10, proof, ctx));
    const auto text = post::post_proofs_to_json(vanilla).dump();
    CHECK_FALSE(verify_window_post(kMiner, kSize, {a.info, b.info}, 10,
                                   Bytes(text.begin(), text.end()), ctx));
    beacon = 0x22;  // the chain's randomness differs from the proof's
    CHECK_FALSE(verify_window_post(kMiner, kSize, {a.info, b.info}, 10, proof, ctx));
  }

  SECTION("WinningPoSt of the elected sector") {
    const Bytes randomness = randomness_bytes(0x33);
    const post::PostChallengeParams challenge{.randomness = digest(randomness),
                                              .api = post::PostApi::kV1_0,
                                              .challenge_count = 66,
                                              .sector_size = kSize};
    const auto vanilla = post::prove_sector(challenge, 0, 3, a.sealed.tree_r, a.sealed.comm_c);
    const groth16::MappedParameters mapped(
        params::devnet_parameter_files(params::Circuit::kWinningPoSt, kSize).params);
    const Bytes proof = post::circuit::prove_winning_post_snark(challenge, {3, a.sealed.comm_r},
                                                                vanilla, mapped, stage);
    const auto mode = params::ProofMode::kSnark;
    CHECK(verify_winning_post(mode, randomness, kSize, {a.info}, proof));
    CHECK_FALSE(verify_winning_post(mode, randomness, kSize, {a.info}, flip_bit(proof)));
    CHECK_FALSE(verify_winning_post(mode, randomness, kSize, {b.info}, proof));
    CHECK_FALSE(verify_winning_post(mode, randomness_bytes(0x34), kSize, {a.info}, proof));
    const auto text = post::post_proofs_to_json({vanilla}).dump();
    CHECK_FALSE(verify_winning_post(mode, randomness, kSize, {a.info},
                                    Bytes(text.begin(), text.end())));
    // The vanilla proof is what the test tool's mode accepts.
    CHECK(verify_winning_post(params::ProofMode::kVanilla, randomness, kSize, {a.info},
                              Bytes(text.begin(), text.end())));
  }
}

TEST_CASE("devnet: without verifying keys a SNARK check fails naming what to run",
          "[devnet][snark]") {
  test::TempDir empty;
  ::setenv("FIL_PROOFS_PARAMETER_CACHE", empty.path().c_str(), 1);
  DevnetParams devnet_params;
  ApplyContext ctx;
  ctx.params = &devnet_params;
  ctx.beacon_randomness = [](DomainSeparationTag, ChainEpoch, const Bytes&) {
    return randomness_bytes(1);
  };
  const auto a = seal_sector(3, 1);
  try {
    verify_window_post(kMiner, kSize, {a.info}, 10, Bytes(192, 0), ctx);
    FAIL("no error without a verifying key");
  } catch (const ActorError& e) {
    CHECK(e.code() == exit_code::kErrIllegalState);
    CHECK_THAT(e.what(), Catch::Contains("lotus-bench paramgen --sector-size 2KiB"));
  }
  CHECK_THROWS_WITH(
      verify_winning_post(params::ProofMode::kSnark, randomness_bytes(1), kSize, {a.info},
                          Bytes(192, 0)),
      Catch::Contains("proof parameters missing"));
}
