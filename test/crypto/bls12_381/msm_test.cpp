// Multi-scalar multiplication on G1 and G2 against the naive Σ k_i·P_i (Jacobian::mul), on one and
// two cores: random points and scalars of many sizes, edge scalars (0, 1, r − 1, r, 2^256 − 1,
// bit 255 alone), repeated points, P with −P, identity bases, and mismatched lengths.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "common/error.hpp"
#include "crypto/bls12_381/msm.hpp"
#include "crypto/bls12_381/msm_buckets.hpp"
#include "crypto/fr.hpp"

using namespace tessera;
using namespace tessera::bls12_381;

namespace {

constexpr Scalar kAllOnes = {~0ULL, ~0ULL, ~0ULL, ~0ULL};  // 2^256 − 1
constexpr Scalar kRMinus1 = {kGroupOrder[0] - 1, kGroupOrder[1], kGroupOrder[2], kGroupOrder[3]};
constexpr Scalar kTopBit = {0, 0, 0, 1ULL << 63};  // 2^255

// Full 256-bit random scalars, some of them above r.
Scalar random_scalar(std::mt19937_64& rng) {
  return {rng(), rng(), rng(), rng()};
}

// n distinct random points: a·g + i·b·g for random a, b.
template <class Curve>
std::vector<Affine<Curve>> random_points(const Affine<Curve>& g, std::size_t n,
                                         std::mt19937_64& rng) {
  auto p = Jacobian<Curve>::from_affine(g).mul(random_scalar(rng));
  const auto step = Jacobian<Curve>::from_affine(g).mul(random_scalar(rng)).to_affine();
  std::vector<Affine<Curve>> points;
  for (std::size_t i = 0; i < n; ++i, p = p + step) points.push_back(p.to_affine());
  return points;
}

template <class Curve>
Jacobian<Curve> naive_msm(const std::vector<Affine<Curve>>& bases,
                          const std::vector<Scalar>& scalars) {
  auto sum = Jacobian<Curve>::identity();
  for (std::size_t i = 0; i < bases.size(); ++i) {
    sum += Jacobian<Curve>::from_affine(bases[i]).mul(scalars[i]);
  }
  return sum;
}

// msm on a fresh budget of `cores` cores.
template <class Curve>
Jacobian<Curve> msm_on(unsigned cores, const std::vector<Affine<Curve>>& bases,
                       const std::vector<Scalar>& scalars) {
  CoreBudget budget(cores);
  StageContext ctx(budget, cores);
  return msm(std::span(bases), std::span(scalars), ctx);
}

// msm on one and on two cores equals the naive sum.
template <class Curve>
void check_against_naive(const std::vector<Affine<Curve>>& bases,
                         const std::vector<Scalar>& scalars) {
  const auto expected = naive_msm(bases, scalars);
  CHECK(msm_on(1, bases, scalars) == expected);
  CHECK(msm_on(2, bases, scalars) == expected);
}

template <class Curve>
void check_random_sizes(const Affine<Curve>& g, std::initializer_list<std::size_t> sizes) {
  std::mt19937_64 rng(sizeof(typename Curve::Field));
  for (std::size_t n : sizes) {
    INFO("n = " << n);
    const auto bases = random_points(g, n, rng);
    std::vector<Scalar> scalars(n);
    for (Scalar& s : scalars) s = random_scalar(rng);
    check_against_naive(bases, scalars);
  }
}

template <class Curve>
void check_edge_cases(const Affine<Curve>& g) {
  using JacobianPoint = Jacobian<Curve>;
  std::mt19937_64 rng(7);
  const auto p = random_points(g, 4, rng);
  const auto identity = Affine<Curve>::identity();
  const std::vector<Scalar> edge = {Scalar{},    Scalar{1, 0, 0, 0}, kRMinus1,
                                    kGroupOrder, kAllOnes,           kTopBit};

  SECTION("each edge scalar alone equals Jacobian::mul") {
    for (const Scalar& k : edge) {
      check_against_naive<Curve>({p[0]}, {k});
    }
  }
  SECTION("r − 1 gives −P, r gives the identity") {
    CHECK(msm_on<Curve>(1, {p[0]}, {kRMinus1}) == -JacobianPoint::from_affine(p[0]));
    CHECK(msm_on<Curve>(2, {p[0]}, {kGroupOrder}).is_identity());
  }
  SECTION("all edge scalars together, on distinct points") {
    check_against_naive(random_points(g, edge.size(), rng), edge);
  }
  SECTION("zero scalars and identity bases contribute nothing") {
    CHECK(msm_on<Curve>(1, {p[0], p[1]}, {Scalar{}, Scalar{}}).is_identity());
    CHECK(msm_on<Curve>(2, {identity, identity}, {kAllOnes, Scalar{5, 0, 0, 0}}).is_identity());
    check_against_naive<Curve>({identity, p[1], identity}, {kAllOnes, Scalar{9, 0, 0, 0}, kTopBit});
  }
  SECTION("empty input gives the identity") {
    CHECK(msm_on<Curve>(1, {}, {}).is_identity());
    CHECK(msm_on<Curve>(2, {}, {}).is_identity());
  }
  SECTION("P and −P with equal scalars cancel") {
    const Scalar k = random_scalar(rng);
    CHECK(msm_on<Curve>(1, {p[0], -p[0]}, {k, k}).is_identity());
    check_against_naive<Curve>({p[0], -p[0], p[1]}, {k, random_scalar(rng), k});
  }
  SECTION("many copies of one point, with equal and random scalars") {
    // Equal points with equal scalars land in the same buckets.
    const std::vector<Affine<Curve>> same(1000, p[2]);
    const Scalar k = random_scalar(rng);
    CHECK(msm_on<Curve>(2, same, std::vector<Scalar>(1000, k)) ==
          JacobianPoint::from_affine(p[2]).mul(k).mul(1000));
    std::vector<Affine<Curve>> mixed;
    std::vector<Scalar> scalars;
    for (int i = 0; i < 1000; ++i) {
      mixed.push_back(i % 3 == 0 ? -p[3] : p[3]);
      scalars.push_back(i % 2 == 0 ? k : random_scalar(rng));
    }
    check_against_naive(mixed, scalars);
  }
  SECTION("mismatched lengths throw InvalidInput") {
    CHECK_THROWS_AS(msm_on<Curve>(1, {p[0], p[1]}, {Scalar{1, 0, 0, 0}}), InvalidInput);
    CHECK_THROWS_AS(msm_on<Curve>(2, {}, {Scalar{1, 0, 0, 0}}), InvalidInput);
  }
}

// Σ digit_w(k_i)·P_i the slow way.
template <class Curve>
Jacobian<Curve> naive_window_sum(const std::vector<Affine<Curve>>& bases,
                                 const std::vector<Scalar>& scalars, unsigned c, unsigned w) {
  auto sum = Jacobian<Curve>::identity();
  for (std::size_t i = 0; i < bases.size(); ++i) {
    const std::int64_t d = msm_detail::booth_digit(scalars[i], c, w);
    const auto p =
        Jacobian<Curve>::from_affine(bases[i]).mul(static_cast<std::uint64_t>(d < 0 ? -d : d));
    sum += d < 0 ? -p : p;
  }
  return sum;
}

// Window sums with batched affine additions (c ≥ 11), on inputs that make batches meet every
// case: plain additions, collisions within a batch, doublings (the same point twice in a bucket)
// and cancellations (P then −P in a bucket). (Counted with an instrumented copy: each of the
// three kinds and the collisions occur hundreds of times for w = 0 and 5.)
template <class Curve>
void check_window_sums(const Affine<Curve>& g) {
  std::mt19937_64 rng(3);
  const auto distinct = random_points(g, 1500, rng);
  std::vector<Affine<Curve>> bases;
  std::vector<Scalar> scalars;
  for (std::size_t i = 0; i < 4000; ++i) {
    const Scalar k = random_scalar(rng);
    switch (i % 4) {
      case 0:  // a fresh point
      case 1:
        bases.push_back(distinct[i % distinct.size()]);
        scalars.push_back(k);
        break;
      case 2:  // the previous point again with the same scalar: a doubling
        bases.push_back(bases.back());
        scalars.push_back(scalars.back());
        break;
      default:  // −(three back) with its scalar: cancels it
        bases.push_back(-bases[i - 3]);
        scalars.push_back(scalars[i - 3]);
    }
  }
  for (unsigned c : {11u, 13u}) {
    REQUIRE(msm_detail::batch_capacity(c) > 0);
    msm_detail::WindowBuckets<Curve> buckets(c);
    for (unsigned w : {0u, 5u, msm_detail::window_count(256, c) - 1}) {
      INFO("c = " << c << ", w = " << w);
      CHECK(buckets.window_sum(bases, scalars, w) == naive_window_sum(bases, scalars, c, w));
    }
  }
}

// k mod r from its limbs.
crypto::Fr fr_of(const Scalar& k) {
  std::array<std::uint8_t, 32> le{};
  for (int j = 0; j < 32; ++j) le[j] = static_cast<std::uint8_t>(k[j / 8] >> (8 * (j % 8)));
  return crypto::Fr::from_bytes_reduce(le.data());
}

}  // namespace

TEST_CASE("Booth digits recompose the scalar and stay within half a window", "[msm]") {
  std::mt19937_64 rng(5);
  std::vector<Scalar> scalars = {Scalar{},    Scalar{1, 0, 0, 0}, kRMinus1,
                                 kGroupOrder, kAllOnes,           kTopBit};
  for (int i = 0; i < 20; ++i) scalars.push_back(random_scalar(rng));
  for (const Scalar& k : scalars) {
    for (unsigned c = 1; c <= 20; ++c) {
      crypto::Fr sum = crypto::Fr::zero(), weight = crypto::Fr::one();
      const crypto::Fr radix = fr_of(Scalar{1ULL << c, 0, 0, 0});
      bool in_range = true;
      for (unsigned w = 0; w < msm_detail::window_count(256, c); ++w, weight *= radix) {
        const std::int64_t d = msm_detail::booth_digit(k, c, w);
        in_range =
            in_range && d >= -(std::int64_t{1} << (c - 1)) && d <= (std::int64_t{1} << (c - 1));
        const crypto::Fr magnitude =
            crypto::Fr::from_uint(static_cast<std::uint64_t>(d < 0 ? -d : d));
        sum = d < 0 ? sum - magnitude * weight : sum + magnitude * weight;
      }
      INFO("c = " << c);
      CHECK(in_range);
      CHECK(sum == fr_of(k));
    }
  }
}

TEST_CASE("G1 window sums with batched affine additions", "[msm]") {
  check_window_sums(g1_generator());
}

TEST_CASE("G2 window sums with batched affine additions", "[msm]") {
  check_window_sums(g2_generator());
}

TEST_CASE("G1 msm equals the naive sum for random points and scalars", "[msm]") {
  check_random_sizes(g1_generator(), {0, 1, 2, 3, 7, 64, 255, 1000, 5000});
}

TEST_CASE("G2 msm equals the naive sum for random points and scalars", "[msm]") {
  check_random_sizes(g2_generator(), {0, 1, 2, 3, 7, 64, 255, 1000});
}

TEST_CASE("G2 msm of 5000 points equals the sum computed in Fr", "[msm]") {
  // Bases a·g + i·b·g with known a, b: Σ k_i·P_i = (Σ k_i·(a + i·b) mod r)·g, an independent
  // route to the answer (the naive sum would take seconds on G2).
  std::mt19937_64 rng(11);
  const std::uint64_t a = rng(), b = rng();
  const auto g = G2::from_affine(g2_generator());
  const G2Affine step = g.mul(b).to_affine();
  std::vector<G2Affine> bases;
  std::vector<Scalar> scalars;
  crypto::Fr exponent = crypto::Fr::zero();
  G2 p = g.mul(a);
  for (std::uint64_t i = 0; i < 5000; ++i, p = p + step) {
    bases.push_back(p.to_affine());
    scalars.push_back(random_scalar(rng));
    exponent += fr_of(scalars.back()) *
                (crypto::Fr::from_uint(a) + crypto::Fr::from_uint(i) * crypto::Fr::from_uint(b));
  }
  const G2 expected = g.mul(scalar_from_fr(exponent));
  CHECK(msm_on(1, bases, scalars) == expected);
  CHECK(msm_on(2, bases, scalars) == expected);
}

TEST_CASE("G1 msm edge cases", "[msm]") {
  check_edge_cases(g1_generator());
}

TEST_CASE("G2 msm edge cases", "[msm]") {
  check_edge_cases(g2_generator());
}
