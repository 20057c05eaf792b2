#include "crypto/groth16/local_setup.hpp"

#include <string>

#include "common/error.hpp"
#include "crypto/bls12_381/fixed_base.hpp"
#include "crypto/chacha.hpp"
#include "crypto/fr_domain.hpp"
#include "crypto/groth16/qap_evaluation.hpp"
#include "crypto/r1cs/counting_cs.hpp"

namespace tessera::groth16 {

using bls12_381::G1Affine;
using bls12_381::G2Affine;
using bls12_381::Scalar;
using bls12_381::scalar_from_fr;
using crypto::Fr;

ToxicWaste ToxicWaste::from_seed(const std::array<std::uint8_t, 32>& seed) {
  std::array<std::uint8_t, 5 * 64> stream{};
  crypto::chacha20_ietf_keystream(seed, std::array<std::uint8_t, 12>{}, 0, stream.data(),
                                  stream.size());
  auto value = [&](int i) { return Fr::from_bytes_reduce(stream.data() + 64 * i); };
  return ToxicWaste{value(0), value(1), value(2), value(3), value(4)};
}

namespace {

// The scalars of one query, and where its points go.
struct QueryScalars {
  std::vector<Scalar> scalars;
  void add(const Fr& f) { scalars.push_back(scalar_from_fr(f)); }
};

void check_secret(const Fr& f, const char* name) {
  if (f.is_zero()) throw InvalidInput(std::string("Groth16 setup: secret ") + name + " is zero");
}

}  // namespace

Parameters generate_parameters(const Synthesizer& synthesize, const ToxicWaste& w,
                               StageContext& ctx) {
  check_secret(w.tau, "tau");
  check_secret(w.alpha, "alpha");
  check_secret(w.beta, "beta");
  check_secret(w.gamma, "gamma");
  check_secret(w.delta, "delta");

  crypto::r1cs::CountingConstraintSystem counter;
  synthesize(counter);
  const auto domain = crypto::FrDomain::for_size(counter.num_constraints() + counter.num_inputs());

  QapEvaluation qap(domain.lagrange_at(w.tau, ctx));
  synthesize(qap);
  qap.add_input_constraints();
  ctx.yield_point();

  const Fr gamma_inv = w.gamma.inverse();
  const Fr delta_inv = w.delta.inverse();
  const auto& in = qap.inputs();
  const auto& aux = qap.aux();
  const auto& density = qap.density();
  auto mixed = [&](const VariablePolynomials& p, std::size_t i) {
    return w.beta * p.a[i] + w.alpha * p.b[i] + p.c[i];
  };

  QueryScalars a, b, ic, l, h;
  for (std::size_t i = 0; i < in.a.size(); ++i) {
    a.add(in.a[i]);
    if (density.b_input[i]) b.add(in.b[i]);
    ic.add(mixed(in, i) * gamma_inv);
  }
  for (std::size_t i = 0; i < aux.a.size(); ++i) {
    if (density.a_aux[i]) a.add(aux.a[i]);
    if (density.b_aux[i]) b.add(aux.b[i]);
    const Fr li = mixed(aux, i) * delta_inv;
    if (li.is_zero()) {
      throw InvalidInput("Groth16 setup: aux variable " + std::to_string(i) + " is unconstrained");
    }
    l.add(li);
  }
  Fr power = domain.vanishing_at(w.tau) * delta_inv;  // τ^i·Z(τ)/δ
  for (std::uint64_t i = 0; i + 1 < domain.size(); ++i) {
    h.add(power);
    power *= w.tau;
  }

  const std::uint64_t g1_total =
      a.scalars.size() + b.scalars.size() + ic.scalars.size() + l.scalars.size() + h.scalars.size();
  const std::uint64_t total = g1_total + b.scalars.size();
  std::uint64_t done = 0;
  const G1Affine& g1 = bls12_381::g1_generator();
  const G2Affine& g2 = bls12_381::g2_generator();
  const bls12_381::FixedBaseTable<bls12_381::G1Curve> g1_table(g1, g1_total, ctx);
  // Each query's scalars are dropped once its points are computed.
  auto g1_points = [&](QueryScalars& q) {
    std::vector<G1Affine> out(q.scalars.size());
    g1_table.mul(q.scalars, out, ctx);
    q.scalars = {};
    ctx.report(done += out.size(), total);
    ctx.yield_point();
    return out;
  };

  Parameters p;
  p.h = g1_points(h);
  p.l = g1_points(l);
  p.a = g1_points(a);
  p.b_g2.resize(b.scalars.size());
  bls12_381::FixedBaseTable<bls12_381::G2Curve>(g2, b.scalars.size(), ctx)
      .mul(b.scalars, p.b_g2, ctx);
  ctx.report(done += p.b_g2.size(), total);
  p.b_g1 = g1_points(b);
  p.vk.ic = g1_points(ic);

  const auto g1_mul = [&](const Fr& f) {
    return G1Affine(bls12_381::G1::from_affine(g1).mul(scalar_from_fr(f)).to_affine());
  };
  const auto g2_mul = [&](const Fr& f) {
    return G2Affine(bls12_381::G2::from_affine(g2).mul(scalar_from_fr(f)).to_affine());
  };
  p.vk.alpha_g1 = g1_mul(w.alpha);
  p.vk.beta_g1 = g1_mul(w.beta);
  p.vk.beta_g2 = g2_mul(w.beta);
  p.vk.gamma_g2 = g2_mul(w.gamma);
  p.vk.delta_g1 = g1_mul(w.delta);
  p.vk.delta_g2 = g2_mul(w.delta);
  return p;
}

}  // namespace tessera::groth16
