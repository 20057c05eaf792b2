// Fixed-base multiplication (FixedBaseTable, fixed_base_mul) on G1 and G2 against Jacobian::mul,
// on one and two cores: random 256-bit scalars over more than one batch, edge scalars (0, 1,
// r − 1, r, 2r, 2^255, 2^256 − 1), scalars whose partial sums meet a table entry (the doubling
// and the inverse cases of the affine addition), the window width chosen, identity bases, empty
// input and mismatched lengths.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "common/error.hpp"
#include "crypto/bls12_381/fixed_base.hpp"

using namespace tessera;
using namespace tessera::bls12_381;

namespace {

constexpr Scalar kAllOnes = {~0ULL, ~0ULL, ~0ULL, ~0ULL};  // 2^256 − 1
constexpr Scalar kRMinus1 = {kGroupOrder[0] - 1, kGroupOrder[1], kGroupOrder[2], kGroupOrder[3]};
constexpr Scalar kTopBit = {0, 0, 0, 1ULL << 63};  // 2^255

// a − b for a ≥ b.
Scalar minus(const Scalar& a, const Scalar& b) {
  Scalar out{};
  unsigned borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const unsigned __int128 d =
        static_cast<unsigned __int128>(a[i]) - b[i] - static_cast<unsigned __int128>(borrow);
    out[i] = static_cast<std::uint64_t>(d);
    borrow = static_cast<unsigned>(d >> 127);
  }
  return out;
}

// 2a for a < 2^255.
Scalar doubled(const Scalar& a) {
  return {a[0] << 1, (a[1] << 1) | (a[0] >> 63), (a[2] << 1) | (a[1] >> 63),
          (a[3] << 1) | (a[2] >> 63)};
}

// With 16-bit windows, r = 0x73ed·2^240 + r_low with r_low > 2^239: the low windows of r hold
// r_low − 2^240 < 0 and its window 15 is 0x73ee, so the sum before window 15, (r_low − 2^240)·P,
// is minus that window's entry 0x73ee·2^240·P (the inverse case). For k = 0xe7dc·2^240 − r the low
// windows hold L = 2^240 − r_low < 2^239 and window 15 is 0x73ee again, with L ≡ 0x73ee·2^240
// (mod r): the sum before window 15 equals the entry (the doubling case). For 2r the top window
// carries: the sum before window 16 is (2r − 2^256)·P = −2^256·P, minus its entry.
std::vector<Scalar> edge_scalars() {
  const Scalar r = kGroupOrder;
  const Scalar two_r = doubled(r);
  const Scalar doubling = minus({0, 0, 0, 0xe7dcULL << 48}, r);
  return {{0, 0, 0, 0}, {1, 0, 0, 0}, kRMinus1, r, two_r, kTopBit, kAllOnes, doubling};
}

std::vector<Scalar> random_scalars(std::size_t n, std::mt19937_64& rng) {
  std::vector<Scalar> scalars(n);
  for (Scalar& s : scalars) s = {rng(), rng(), rng(), rng()};
  return scalars;
}

// out[i] == scalars[i]·base by Jacobian::mul, with the table on `cores` cores.
template <class Curve>
void check_table(const Affine<Curve>& base, std::size_t table_products,
                 const std::vector<Scalar>& scalars, unsigned cores) {
  CoreBudget budget(cores);
  StageContext ctx(budget, cores);
  const FixedBaseTable<Curve> table(base, table_products, ctx);
  std::vector<Affine<Curve>> out(scalars.size());
  table.mul(scalars, out, ctx);
  for (std::size_t i = 0; i < scalars.size(); ++i) {
    INFO("product " << i << " of " << scalars.size() << ", " << table.window_bits()
                    << "-bit windows, " << cores << " cores");
    REQUIRE(out[i] == Jacobian<Curve>::from_affine(base).mul(scalars[i]).to_affine());
  }
}

}  // namespace

TEST_CASE("fixed-base G1 products equal Jacobian::mul over several batches",
          "[fixed_base][bls12_381]") {
  std::mt19937_64 rng(7);
  auto scalars = random_scalars(2500, rng);  // more than one batch of 2048
  for (const Scalar& s : edge_scalars()) scalars.push_back(s);
  check_table(g1_generator(), scalars.size(), scalars, 1);
  check_table(g1_generator(), scalars.size(), scalars, 2);
}

TEST_CASE("fixed-base G2 products equal Jacobian::mul", "[fixed_base][bls12_381]") {
  std::mt19937_64 rng(8);
  auto scalars = random_scalars(150, rng);
  for (const Scalar& s : edge_scalars()) scalars.push_back(s);
  check_table(g2_generator(), scalars.size(), scalars, 2);
}

TEST_CASE("fixed-base 16-bit windows: partial sums meeting a table entry",
          "[fixed_base][bls12_381]") {
  std::mt19937_64 rng(9);
  auto scalars = edge_scalars();
  for (const Scalar& s : random_scalars(40, rng)) scalars.push_back(s);
  CoreBudget budget(2);
  StageContext ctx(budget, 2);
  REQUIRE(FixedBaseTable<G1Curve>(g1_generator(), 1, ctx).window_bits() < 16);
  REQUIRE(FixedBaseTable<G1Curve>(g1_generator(), 1 << 20, ctx).window_bits() == 16);
  check_table(g1_generator(), 1 << 20, scalars, 2);
  check_table(g2_generator(), 1 << 20, scalars, 2);
  // The cases the edge scalars were built for: r·P is the identity, (2r)·P too.
  std::vector<G1Affine> out(2);
  fixed_base_mul(g1_generator(), std::vector<Scalar>{kGroupOrder, edge_scalars()[4]}, out, ctx);
  CHECK(out[0].infinity);
  CHECK(out[1].infinity);
}

TEST_CASE("fixed-base multiples of the identity are the identity", "[fixed_base][bls12_381]") {
  CoreBudget budget(2);
  StageContext ctx(budget, 2);
  const auto scalars = edge_scalars();
  std::vector<G1Affine> g1(scalars.size(), g1_generator());
  std::vector<G2Affine> g2(scalars.size(), g2_generator());
  fixed_base_mul(G1Affine::identity(), scalars, g1, ctx);
  fixed_base_mul(G2Affine::identity(), scalars, g2, ctx);
  for (std::size_t i = 0; i < scalars.size(); ++i) {
    CHECK(g1[i].infinity);
    CHECK(g2[i].infinity);
  }
}

TEST_CASE("fixed-base: empty input, mismatched lengths", "[fixed_base][bls12_381]") {
  CoreBudget budget(1);
  StageContext ctx(budget, 1);
  std::vector<G1Affine> none;
  CHECK_NOTHROW(fixed_base_mul(g1_generator(), std::vector<Scalar>{}, none, ctx));
  std::vector<G1Affine> one(1);
  CHECK_THROWS_AS(
      fixed_base_mul(g1_generator(), std::vector<Scalar>{{1, 0, 0, 0}, {2, 0, 0, 0}}, one, ctx),
      InvalidInput);
  std::vector<G2Affine> three(3);
  const FixedBaseTable<G2Curve> table(g2_generator(), 2, ctx);
  CHECK_THROWS_AS(table.mul(std::vector<Scalar>{{1, 0, 0, 0}}, three, ctx), InvalidInput);
}
