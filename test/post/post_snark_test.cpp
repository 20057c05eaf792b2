// Window and Winning PoSt SNARKs of real 2 KiB sectors sealed in memory, proved and verified
// under tessera's own seeded setup of each circuit: a multi-partition Window proof, the Winning
// proof of one sector, and the statements, keys and bytes they must reject.
#include <catch2/catch.hpp>

#include <random>
#include <utility>

#include "common/error.hpp"
#include "crypto/groth16/local_setup.hpp"
#include "crypto/groth16/verifier.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/seal_in_memory.hpp"

using namespace tessera;
using namespace tessera::post;
using namespace tessera::post::circuit;

namespace {

constexpr std::uint64_t kSize = 2048;

struct Context {
  CoreBudget budget{2};
  StageContext ctx{budget, 2};
};

porep::SealOutput seal_random_sector(std::uint64_t sector_number) {
  std::mt19937 rng(static_cast<unsigned>(sector_number));
  Bytes unpadded(2032), padded(kSize);
  for (auto& b : unpadded) b = static_cast<std::uint8_t>(rng());
  porep::fr32_pad(unpadded.data(), padded.data(), 16);
  porep::SealInputs seal;
  seal.sector_number = sector_number;
  return porep::seal_in_memory(seal, padded);
}

std::array<std::uint8_t, 32> seed(std::uint8_t b) {
  std::array<std::uint8_t, 32> s{};
  s.fill(b);
  return s;
}

// Three sealed sectors and the seeded setups of both 2 KiB PoSt circuits, made once.
struct Fixture {
  std::vector<porep::SealOutput> sealed;
  groth16::Parameters window, winning;
  groth16::PreparedVerifyingKey window_vk, winning_vk;

  Fixture() {
    for (std::uint64_t number = 7; number <= 9; ++number) {
      sealed.push_back(seal_random_sector(number));
    }
    Context c;
    window =
        groth16::generate_parameters(blank_post_synthesizer(params::Circuit::kWindowPoSt, kSize),
                                     groth16::ToxicWaste::from_seed(seed(0x51)), c.ctx);
    winning =
        groth16::generate_parameters(blank_post_synthesizer(params::Circuit::kWinningPoSt, kSize),
                                     groth16::ToxicWaste::from_seed(seed(0x52)), c.ctx);
    window_vk = groth16::prepare_verifying_key(window.vk);
    winning_vk = groth16::prepare_verifying_key(winning.vk);
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

PostChallengeParams window_params() {
  PostChallengeParams params{.api = PostApi::kV1_2, .challenge_count = 10, .sector_size = kSize};
  params.randomness.fill(0x5a);
  return params;
}

PostChallengeParams winning_params() {
  PostChallengeParams params{.api = PostApi::kV1_0, .challenge_count = 66, .sector_size = kSize};
  params.randomness.fill(0x3c);
  return params;
}

// False, or InvalidInput because a changed point no longer decodes: either way not accepted.
template <typename Verify>
bool rejected(Verify verify) {
  try {
    return !verify();
  } catch (const InvalidInput&) {
    return true;
  }
}

}  // namespace

TEST_CASE("Window PoSt partitions: ceil(sectors / 2) at 2 KiB, none for an empty set",
          "[post][groth16]") {
  CHECK(window_post_partitions(kSize, 1) == 1);
  CHECK(window_post_partitions(kSize, 2) == 1);
  CHECK(window_post_partitions(kSize, 3) == 2);
  CHECK(window_post_partitions(kSize, 4) == 2);
  CHECK_THROWS_AS(window_post_partitions(kSize, 0), InvalidInput);
  CHECK_THROWS_AS(window_post_partitions(3072, 1), InvalidInput);
}

TEST_CASE("Window PoSt SNARK: three 2 KiB sectors prove in two partitions and verify",
          "[post][groth16]") {
  const Fixture& f = fixture();
  const PostChallengeParams params = window_params();
  std::vector<PostPublicSector> sectors;
  std::vector<SectorPostProof> vanilla;
  for (std::size_t i = 0; i < f.sealed.size(); ++i) {
    const std::uint64_t number = 7 + i;
    sectors.push_back({number, f.sealed[i].comm_r});
    vanilla.push_back(prove_sector(params, i, number, f.sealed[i].tree_r, f.sealed[i].comm_c));
  }

  CoreBudget budget(2);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> reports;
  StageContext ctx(budget, 2, 0, {}, [&](std::uint64_t done, std::uint64_t total) {
    reports.emplace_back(done, total);
  });
  const Bytes proof =
      prove_window_post_snark(params, sectors, vanilla, groth16::ParametersView(f.window), ctx);
  REQUIRE(proof.size() == 2 * 192);
  CHECK(reports == std::vector<std::pair<std::uint64_t, std::uint64_t>>{{1, 2}, {2, 2}});
  CHECK(verify_window_post_snark(params, sectors, proof, f.window_vk));

  // Another randomness is rejected.
  PostChallengeParams other = params;
  other.randomness[0] ^= 1;
  CHECK_FALSE(verify_window_post_snark(other, sectors, proof, f.window_vk));
  // Another comm_r in the second partition is rejected.
  auto changed = sectors;
  changed[2].comm_r[0] ^= 1;
  CHECK_FALSE(verify_window_post_snark(params, changed, proof, f.window_vk));
  // The partitions' proofs swapped are rejected.
  Bytes swapped(proof.begin() + 192, proof.end());
  swapped.insert(swapped.end(), proof.begin(), proof.begin() + 192);
  CHECK_FALSE(verify_window_post_snark(params, sectors, swapped, f.window_vk));
  // A flipped bit is rejected.
  Bytes flipped = proof;
  flipped[192 + 100] ^= 0x10;
  CHECK(rejected([&] { return verify_window_post_snark(params, sectors, flipped, f.window_vk); }));
  // The Winning key does not fit a Window proof.
  CHECK_THROWS_AS(verify_window_post_snark(params, sectors, proof, f.winning_vk), InvalidInput);
  // A length other than 192 × partitions is refused.
  CHECK_THROWS_AS(
      verify_window_post_snark(params, sectors, std::span(proof).first(192), f.window_vk),
      InvalidInput);
  CHECK_THROWS_AS(
      verify_window_post_snark(params, sectors, std::span(proof).first(383), f.window_vk),
      InvalidInput);
  // Two sectors make one partition, so the three sectors' two proofs do not fit.
  const std::vector<PostPublicSector> two(sectors.begin(), sectors.begin() + 2);
  CHECK_THROWS_AS(verify_window_post_snark(params, two, proof, f.window_vk), InvalidInput);
}

TEST_CASE("Window PoSt SNARK: mismatched inputs are refused before proving", "[post][groth16]") {
  const Fixture& f = fixture();
  const PostChallengeParams params = window_params();
  const std::vector<PostPublicSector> sectors{{7, f.sealed[0].comm_r}, {8, f.sealed[1].comm_r}};
  const std::vector<SectorPostProof> vanilla{
      prove_sector(params, 0, 7, f.sealed[0].tree_r, f.sealed[0].comm_c),
      prove_sector(params, 1, 8, f.sealed[1].tree_r, f.sealed[1].comm_c)};
  const groth16::ParametersView view(f.window);
  Context c;
  CHECK_THROWS_AS(prove_window_post_snark(params, {}, {}, view, c.ctx), InvalidInput);
  CHECK_THROWS_AS(prove_window_post_snark(params, sectors, {vanilla[0]}, view, c.ctx),
                  InvalidInput);
  CHECK_THROWS_WITH(prove_window_post_snark(params, sectors, {vanilla[1], vanilla[0]}, view, c.ctx),
                    Catch::Contains("is of sector 8"));
  PostChallengeParams winning_counts = params;
  winning_counts.challenge_count = 66;
  CHECK_THROWS_AS(prove_window_post_snark(winning_counts, sectors, vanilla, view, c.ctx),
                  InvalidInput);
  const Bytes proof(192, 0);
  CHECK_THROWS_AS(verify_window_post_snark(params, {}, proof, f.window_vk), InvalidInput);
  CHECK_THROWS_AS(verify_window_post_snark(winning_counts, sectors, proof, f.window_vk),
                  InvalidInput);
}

TEST_CASE("Winning PoSt SNARK: one 2 KiB sector proves and verifies; changes are rejected",
          "[post][groth16]") {
  const Fixture& f = fixture();
  const PostChallengeParams params = winning_params();
  const PostPublicSector sector{8, f.sealed[1].comm_r};
  const SectorPostProof vanilla =
      prove_sector(params, 0, 8, f.sealed[1].tree_r, f.sealed[1].comm_c);
  Context c;
  const Bytes proof =
      prove_winning_post_snark(params, sector, vanilla, groth16::ParametersView(f.winning), c.ctx);
  REQUIRE(proof.size() == 192);
  CHECK(verify_winning_post_snark(params, sector, proof, f.winning_vk));

  PostChallengeParams other_randomness = params;
  other_randomness.randomness[31] ^= 1;
  CHECK_FALSE(verify_winning_post_snark(other_randomness, sector, proof, f.winning_vk));
  PostPublicSector other_comm_r = sector;
  other_comm_r.comm_r[5] ^= 1;
  CHECK_FALSE(verify_winning_post_snark(params, other_comm_r, proof, f.winning_vk));
  PostPublicSector other_number = sector;
  other_number.sector_number = 9;
  CHECK_FALSE(verify_winning_post_snark(params, other_number, proof, f.winning_vk));
  Bytes flipped = proof;
  flipped[60] ^= 0x02;
  CHECK(rejected([&] { return verify_winning_post_snark(params, sector, flipped, f.winning_vk); }));
  CHECK_THROWS_AS(verify_winning_post_snark(params, sector, proof, f.window_vk), InvalidInput);
  CHECK_THROWS_AS(
      verify_winning_post_snark(params, sector, std::span(proof).first(191), f.winning_vk),
      InvalidInput);
  Bytes twice = proof;
  twice.insert(twice.end(), proof.begin(), proof.end());
  CHECK_THROWS_AS(verify_winning_post_snark(params, sector, twice, f.winning_vk), InvalidInput);
}

TEST_CASE("Winning PoSt SNARK: other APIs, counts and sectors are refused", "[post][groth16]") {
  const Fixture& f = fixture();
  const PostChallengeParams params = winning_params();
  const PostPublicSector sector{8, f.sealed[1].comm_r};
  const SectorPostProof vanilla =
      prove_sector(params, 0, 8, f.sealed[1].tree_r, f.sealed[1].comm_c);
  const groth16::ParametersView view(f.winning);
  Context c;
  PostChallengeParams api_1_2 = params;
  api_1_2.api = PostApi::kV1_2;
  CHECK_THROWS_WITH(prove_winning_post_snark(api_1_2, sector, vanilla, view, c.ctx),
                    Catch::Contains("API 1.0"));
  PostChallengeParams window_counts = params;
  window_counts.challenge_count = 10;
  CHECK_THROWS_AS(prove_winning_post_snark(window_counts, sector, vanilla, view, c.ctx),
                  InvalidInput);
  CHECK_THROWS_AS(verify_winning_post_snark(window_counts, sector, Bytes(192, 0), f.winning_vk),
                  InvalidInput);
  CHECK_THROWS_WITH(prove_winning_post_snark(params, {9, sector.comm_r}, vanilla, view, c.ctx),
                    Catch::Contains("vanilla proof is of sector 8"));
  // A Window-shaped vanilla proof (10 openings) does not fit the 66 circuit sectors.
  const SectorPostProof short_vanilla =
      prove_sector(window_params(), 0, 8, f.sealed[1].tree_r, f.sealed[1].comm_c);
  CHECK_THROWS_AS(prove_winning_post_snark(params, sector, short_vanilla, view, c.ctx),
                  InvalidInput);
}
