#include "crypto/groth16/prover.hpp"

#include <algorithm>
#include <random>
#include <string>

#include "common/error.hpp"
#include "crypto/bls12_381/msm.hpp"
#include "crypto/fr_domain.hpp"
#include "crypto/groth16/proving_assignment.hpp"

namespace tessera::groth16 {

using bls12_381::G1;
using bls12_381::G1Affine;
using bls12_381::G2;
using bls12_381::G2Affine;
using bls12_381::Scalar;
using bls12_381::scalar_from_fr;
using crypto::Fr;

namespace {

constexpr std::size_t kPointsPerRead = std::size_t{1} << 20;

void expect_count(std::size_t have, std::size_t want, const char* what) {
  if (have != want) {
    throw InvalidInput(std::string("Groth16 prover: the parameters do not fit this circuit: ") +
                       what + " has " + std::to_string(have) + " entries, the circuit needs " +
                       std::to_string(want));
  }
}

// Σ scalars[i]·point[i] over a query's points, read range by range with
// read(first, out) so that at most kPointsPerRead of them are in memory.
template <class Affine, class Read>
auto msm_in_ranges(std::span<const Scalar> scalars, StageContext& ctx, Read read) {
  auto acc = decltype(bls12_381::msm(std::span<const Affine>(), scalars, ctx))::identity();
  std::vector<Affine> bases;
  for (std::size_t first = 0; first < scalars.size(); first += kPointsPerRead) {
    const std::size_t n = std::min(kPointsPerRead, scalars.size() - first);
    bases.resize(n);
    read(first, std::span<Affine>(bases));
    acc += bls12_381::msm(std::span<const Affine>(bases), scalars.subspan(first, n), ctx);
    ctx.yield_point();
  }
  return acc;
}

G1 msm_g1(const ParameterSource& params, G1Query query, std::span<const Scalar> scalars,
          StageContext& ctx) {
  return msm_in_ranges<G1Affine>(scalars, ctx, [&](std::size_t first, std::span<G1Affine> out) {
    params.read_g1(query, first, out, ctx);
  });
}

G2 msm_b_g2(const ParameterSource& params, std::span<const Scalar> scalars, StageContext& ctx) {
  return msm_in_ranges<G2Affine>(scalars, ctx, [&](std::size_t first, std::span<G2Affine> out) {
    params.read_b_g2(first, out, ctx);
  });
}

// The m − 1 coefficients of H = (A·B − C)/Z from the per-constraint values.
std::vector<Fr> quotient_coefficients(ProvingAssignment& pa, StageContext& ctx) {
  const auto domain = crypto::FrDomain::for_size(pa.num_constraints());
  std::vector<Fr> a = pa.take_a(), b = pa.take_b(), c = pa.take_c();
  for (auto* v : {&a, &b, &c}) {
    v->resize(domain.size());
    domain.ifft(*v, ctx);
    domain.coset_fft(*v, ctx);
    ctx.yield_point();
  }
  parallel_for(
      ctx, a.size(),
      [&](std::uint64_t lo, std::uint64_t hi) {
        for (std::uint64_t i = lo; i < hi; ++i) a[i] = a[i] * b[i] - c[i];
      },
      1 << 14);
  b = {};
  c = {};
  domain.divide_by_z_on_coset(a, ctx);
  domain.icoset_fft(a, ctx);
  a.pop_back();  // degree < m − 1
  return a;
}

std::vector<Scalar> to_scalars(std::span<const Fr> values, StageContext& ctx) {
  std::vector<Scalar> out(values.size());
  parallel_for(
      ctx, values.size(),
      [&](std::uint64_t lo, std::uint64_t hi) {
        for (std::uint64_t i = lo; i < hi; ++i) out[i] = scalar_from_fr(values[i]);
      },
      1 << 14);
  return out;
}

// scalars[i] for every i whose bit is set.
std::vector<Scalar> select(std::span<const Scalar> scalars, const std::vector<bool>& bits) {
  std::vector<Scalar> out;
  for (std::size_t i = 0; i < scalars.size(); ++i) {
    if (bits[i]) out.push_back(scalars[i]);
  }
  return out;
}

Fr random_fr() {
  std::random_device rd;
  std::array<std::uint8_t, 32> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    const std::uint32_t v = rd();
    for (int k = 0; k < 4; ++k) bytes[i + k] = static_cast<std::uint8_t>(v >> (8 * k));
  }
  return Fr::from_bytes_reduce(bytes.data());
}

}  // namespace

Proof create_proof(const ParameterSource& params, const Synthesizer& synthesize, const Fr& r,
                   const Fr& s, StageContext& ctx) {
  ProvingAssignment pa;
  synthesize(pa);
  pa.add_input_constraints();
  ctx.yield_point();

  const QueryDensity& density = pa.density();
  const std::size_t a_aux = count_set(density.a_aux);
  const std::size_t b_in = count_set(density.b_input), b_aux = count_set(density.b_aux);
  const VerifyingKey& vk = params.vk();
  expect_count(vk.ic.size(), pa.inputs().size(), "ic (inputs)");
  expect_count(params.g1_count(G1Query::kL), pa.aux().size(), "l (aux variables)");
  expect_count(params.g1_count(G1Query::kA), pa.inputs().size() + a_aux, "a");
  expect_count(params.g1_count(G1Query::kBG1), b_in + b_aux, "b_g1");
  expect_count(params.b_g2_count(), b_in + b_aux, "b_g2");
  expect_count(params.g1_count(G1Query::kH),
               crypto::FrDomain::for_size(pa.num_constraints()).size() - 1, "h");

  const std::vector<Scalar> h = to_scalars(quotient_coefficients(pa, ctx), ctx);
  const std::vector<Scalar> inputs = to_scalars(pa.inputs(), ctx);
  const std::vector<Scalar> aux = to_scalars(pa.aux(), ctx);

  std::vector<Scalar> a_scalars = inputs;
  const auto a_aux_scalars = select(aux, density.a_aux);
  a_scalars.insert(a_scalars.end(), a_aux_scalars.begin(), a_aux_scalars.end());
  std::vector<Scalar> b_scalars = select(inputs, density.b_input);
  const auto b_aux_scalars = select(aux, density.b_aux);
  b_scalars.insert(b_scalars.end(), b_aux_scalars.begin(), b_aux_scalars.end());

  const G1 h_acc = msm_g1(params, G1Query::kH, h, ctx);
  const G1 l_acc = msm_g1(params, G1Query::kL, aux, ctx);
  const G1 a_acc = msm_g1(params, G1Query::kA, a_scalars, ctx);
  const G1 b_g1_acc = msm_g1(params, G1Query::kBG1, b_scalars, ctx);
  const G2 b_g2_acc = msm_b_g2(params, b_scalars, ctx);

  const Scalar rs = scalar_from_fr(r), ss = scalar_from_fr(s), rss = scalar_from_fr(r * s);
  const G1 delta_g1 = G1::from_affine(vk.delta_g1);
  const G1 alpha_g1 = G1::from_affine(vk.alpha_g1);
  const G1 beta_g1 = G1::from_affine(vk.beta_g1);
  // A = α + Σ w·a + r·δ;  B = β + Σ w·b + s·δ;
  // C = s·(Σ w·a) + r·(Σ w·b) + r·s·δ + s·α + r·β + H + L.
  const G1 a = alpha_g1 + a_acc + delta_g1.mul(rs);
  const G2 b = G2::from_affine(vk.beta_g2) + b_g2_acc + G2::from_affine(vk.delta_g2).mul(ss);
  const G1 c = a_acc.mul(ss) + b_g1_acc.mul(rs) + delta_g1.mul(rss) + alpha_g1.mul(ss) +
               beta_g1.mul(rs) + h_acc + l_acc;
  return Proof{a.to_affine(), b.to_affine(), c.to_affine()};
}

Proof create_random_proof(const ParameterSource& params, const Synthesizer& synthesize,
                          StageContext& ctx) {
  return create_proof(params, synthesize, random_fr(), random_fr(), ctx);
}

}  // namespace tessera::groth16
