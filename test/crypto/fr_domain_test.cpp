#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "common/executor/core_budget.hpp"
#include "common/executor/stage_context.hpp"
#include "crypto/fr.hpp"
#include "crypto/fr_domain.hpp"

using namespace tessera;
using crypto::Fr;
using crypto::FrDomain;

namespace {

Fr random_fr(std::mt19937_64& rng) {
  std::uint8_t bytes[32];
  for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
  return Fr::from_bytes_reduce(bytes);
}

std::vector<Fr> random_vector(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Fr> v(n);
  for (auto& x : v) x = random_fr(rng);
  return v;
}

// Horner evaluation of the polynomial with coefficients c at x.
Fr evaluate(const std::vector<Fr>& c, const Fr& x) {
  Fr result;
  for (auto it = c.rbegin(); it != c.rend(); ++it) result = result * x + *it;
  return result;
}

// x^(2^k) by k squarings.
Fr square_times(Fr x, unsigned k) {
  for (unsigned i = 0; i < k; ++i) x = x.square();
  return x;
}

// x^e for a 4-limb little-endian exponent, as Σ limb_i·2^(64i) with x^(2^64) by squarings.
Fr pow_wide(const Fr& x, const Fr::Limbs& e) {
  Fr result = Fr::one(), base = x;
  for (std::uint64_t limb : e) {
    result *= base.pow(limb);
    base = square_times(base, 64);
  }
  return result;
}

// A satisfied toy R1CS over m constraints, written as the values A·w, B·w, C·w per constraint:
// witness w = (1, x, x^2, ..., x^m), constraint j < m−1: (x^(j+1) + 1)·x = x^(j+2) + x, and the
// last one x·x = x^2.
struct ToyR1cs {
  std::vector<Fr> a, b, c;
};

ToyR1cs toy_r1cs(std::uint64_t m, const Fr& x) {
  std::vector<Fr> w(m + 1);
  w[0] = Fr::one();
  for (std::uint64_t i = 1; i <= m; ++i) w[i] = w[i - 1] * x;
  ToyR1cs r;
  for (std::uint64_t j = 0; j + 1 < m; ++j) {
    r.a.push_back(w[j + 1] + w[0]);
    r.b.push_back(w[1]);
    r.c.push_back(w[j + 2] + w[1]);
  }
  r.a.push_back(w[1]);
  r.b.push_back(w[1]);
  r.c.push_back(w[2]);
  return r;
}

// The Groth16 quotient H = (A·B − C)/Z as coefficients, computed as the prover does.
std::vector<Fr> quotient(const FrDomain& domain, ToyR1cs r, StageContext& ctx) {
  for (auto* v : {&r.a, &r.b, &r.c}) {
    domain.ifft(*v, ctx);
    domain.coset_fft(*v, ctx);
  }
  for (std::size_t i = 0; i < r.a.size(); ++i) r.a[i] = r.a[i] * r.b[i] - r.c[i];
  domain.divide_by_z_on_coset(r.a, ctx);
  domain.icoset_fft(r.a, ctx);
  return r.a;
}

}  // namespace

// ROOT_OF_UNITY in little-endian Montgomery limbs: filecoin-project/blstrs src/scalar.rs, const
// ROOT_OF_UNITY ("`2^S` root of unity in little-endian Montgomery form"), commit
// 284624fe5961b8856640e9f792a99a4b7806643e; its test_scalar_root_of_unity asserts it equals
// 7^((r−1) >> 32) with the exponent limbs below.
TEST_CASE("the 2^32-th root of unity is blstrs' ROOT_OF_UNITY = 7^((r-1)/2^32)", "[fft]") {
  const Fr::Limbs kBlstrsRootOfUnity = {0xb9b58d8c5f0e466aULL, 0x5b1b4c801819d7ecULL,
                                        0x0af53ae352a31e64ULL, 0x5bf3adda19e9b27bULL};
  const Fr::Limbs kOddPartOfOrder = {0xfffe5bfeffffffffULL, 0x09a1d80553bda402ULL,
                                     0x299d7d483339d808ULL, 0x73eda753ULL};
  const Fr& root = crypto::fr_root_of_unity();
  CHECK(root.montgomery() == kBlstrsRootOfUnity);
  CHECK(root == pow_wide(Fr::from_uint(7), kOddPartOfOrder));
  CHECK(square_times(root, 32) == Fr::one());
  CHECK(square_times(root, 31) == Fr::zero() - Fr::one());
  // Each domain's ω has exactly the domain's order.
  for (unsigned k : {0u, 1u, 5u, 20u, 32u}) {
    const auto domain = FrDomain::for_size(std::uint64_t{1} << k);
    CHECK(domain.log_size() == k);
    CHECK(square_times(domain.omega(), k) == Fr::one());
    if (k > 0) CHECK(square_times(domain.omega(), k - 1) != Fr::one());
  }
}

TEST_CASE("FrDomain::for_size rounds up to a power of two and rejects more than 2^32", "[fft]") {
  CHECK(FrDomain::for_size(0).size() == 1);
  CHECK(FrDomain::for_size(1).size() == 1);
  CHECK(FrDomain::for_size(5).size() == 8);
  CHECK(FrDomain::for_size(1024).size() == 1024);
  CHECK(FrDomain::for_size(1025).size() == 2048);
  CHECK(FrDomain::for_size(std::uint64_t{1} << 32).log_size() == 32);
  CHECK_THROWS_AS(FrDomain::for_size((std::uint64_t{1} << 32) + 1), InvalidInput);
}

TEST_CASE("fft evaluates at the powers of omega and ifft inverts it", "[fft]") {
  CoreBudget budget(2);
  StageContext ctx(budget, 2);
  for (std::uint64_t m : {1, 2, 4, 8, 1024}) {
    const auto domain = FrDomain::for_size(m);
    const auto coefficients = random_vector(m, m);
    auto values = coefficients;
    domain.fft(values, ctx);
    Fr point = Fr::one();
    bool all_match = true;
    for (std::uint64_t j = 0; j < m; ++j, point *= domain.omega()) {
      all_match = all_match && values[j] == evaluate(coefficients, point);
    }
    CHECK(all_match);
    domain.ifft(values, ctx);
    CHECK(values == coefficients);
  }
}

TEST_CASE("coset_fft evaluates at 7 times the powers of omega and icoset_fft inverts it", "[fft]") {
  CoreBudget budget(2);
  StageContext ctx(budget, 2);
  for (std::uint64_t m : {1, 2, 8, 1024}) {
    const auto domain = FrDomain::for_size(m);
    const auto coefficients = random_vector(m, 100 + m);
    auto values = coefficients;
    domain.coset_fft(values, ctx);
    Fr point = Fr::from_uint(7);
    bool all_match = true;
    for (std::uint64_t j = 0; j < m; ++j, point *= domain.omega()) {
      all_match = all_match && values[j] == evaluate(coefficients, point);
    }
    CHECK(all_match);
    domain.icoset_fft(values, ctx);
    CHECK(values == coefficients);
  }
}

TEST_CASE("divide_by_z_on_coset gives the quotient of a satisfied R1CS", "[fft]") {
  CoreBudget budget(2);
  StageContext ctx(budget, 2);
  const std::uint64_t m = 64;
  const auto domain = FrDomain::for_size(m);
  std::mt19937_64 rng(7);
  const Fr x = random_fr(rng), tau = random_fr(rng);
  const auto r1cs = toy_r1cs(m, x);
  for (std::uint64_t j = 0; j < m; ++j) REQUIRE(r1cs.a[j] * r1cs.b[j] == r1cs.c[j]);

  // A(tau)·B(tau) − C(tau) from the interpolating polynomials.
  auto residue_at_tau = [&](ToyR1cs r) {
    for (auto* v : {&r.a, &r.b, &r.c}) domain.ifft(*v, ctx);
    return evaluate(r.a, tau) * evaluate(r.b, tau) - evaluate(r.c, tau);
  };

  const auto h = quotient(domain, r1cs, ctx);
  CHECK(h[m - 1].is_zero());  // degree < m − 1: the prover drops this coefficient
  CHECK(evaluate(h, tau) * domain.vanishing_at(tau) == residue_at_tau(r1cs));

  // One unsatisfied constraint: A·B − C is no longer a multiple of Z.
  auto broken = r1cs;
  broken.c[5] += Fr::one();
  const auto h_broken = quotient(domain, broken, ctx);
  CHECK(evaluate(h_broken, tau) * domain.vanishing_at(tau) != residue_at_tau(broken));
}

TEST_CASE("lagrange_at interpolates a polynomial from its values on the domain", "[fft]") {
  CoreBudget budget(2);
  StageContext ctx(budget, 2);
  std::mt19937_64 rng(11);
  for (std::uint64_t m : {1, 4, 1024, 8192}) {
    const auto domain = FrDomain::for_size(m);
    const auto coefficients = random_vector(m, 200 + m);
    auto values = coefficients;
    domain.fft(values, ctx);
    const Fr tau = random_fr(rng);
    const auto basis = domain.lagrange_at(tau, ctx);
    REQUIRE(basis.size() == m);
    Fr sum;
    for (std::uint64_t j = 0; j < m; ++j) sum += basis[j] * values[j];
    CHECK(sum == evaluate(coefficients, tau));
  }
  const auto domain = FrDomain::for_size(8);
  CHECK_THROWS_AS(domain.lagrange_at(domain.omega().pow(3), ctx), InvalidInput);
  CHECK_THROWS_AS(domain.lagrange_at(Fr::one(), ctx), InvalidInput);
  CHECK(domain.vanishing_at(domain.omega()).is_zero());
  CHECK(domain.vanishing_at(Fr::from_uint(2)) == Fr::from_uint(255));
}

TEST_CASE("FrDomain operations reject vectors of the wrong size", "[fft]") {
  CoreBudget budget(1);
  StageContext ctx(budget, 1);
  const auto domain = FrDomain::for_size(8);
  for (std::size_t n : {0, 7, 9, 16}) {
    std::vector<Fr> a(n);
    CHECK_THROWS_AS(domain.fft(a, ctx), InvalidInput);
    CHECK_THROWS_AS(domain.ifft(a, ctx), InvalidInput);
    CHECK_THROWS_AS(domain.coset_fft(a, ctx), InvalidInput);
    CHECK_THROWS_AS(domain.icoset_fft(a, ctx), InvalidInput);
    CHECK_THROWS_AS(domain.divide_by_z_on_coset(a, ctx), InvalidInput);
    CHECK(a.size() == n);
  }
}

// 2^16 points: past the single-chunk sizes above, so the chunked and whole-array stages (paired
// and single) both run.
TEST_CASE("FFTs give the same result on 1, 2 and 4 cores", "[fft]") {
  const std::uint64_t m = std::uint64_t{1} << 16;
  const auto domain = FrDomain::for_size(m);
  const auto input = random_vector(m, 5);
  auto run = [&](unsigned cores) {
    CoreBudget budget(cores);
    StageContext ctx(budget, cores);
    std::vector<std::vector<Fr>> out(4, input);
    domain.fft(out[0], ctx);
    domain.ifft(out[1], ctx);
    domain.coset_fft(out[2], ctx);
    domain.icoset_fft(out[3], ctx);
    out.push_back(domain.lagrange_at(Fr::from_uint(12345), ctx));
    return out;
  };
  const auto one_core = run(1);
  CHECK(run(2) == one_core);
  CHECK(run(4) == one_core);
  // And the single-core results are the transforms: Horner at a few points, and ifft inverts.
  for (std::uint64_t j : {1, 12345, 65535}) {
    CHECK(one_core[0][j] == evaluate(input, domain.omega().pow(j)));
    CHECK(one_core[2][j] == evaluate(input, Fr::from_uint(7) * domain.omega().pow(j)));
  }
  auto round_trip = one_core[1];
  CoreBudget budget(1);
  StageContext ctx(budget, 1);
  domain.fft(round_trip, ctx);
  CHECK(round_trip == input);
}
