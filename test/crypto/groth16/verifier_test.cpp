// Groth16 verification against eigerco/polka-storage's 2 KiB PoRep and Window-PoSt vectors
// (reference/snark.md §4.4), the .vk and proof codecs, and the batch check.
#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "crypto/bls12_381/serialization.hpp"
#include "crypto/groth16/verifier.hpp"
#include "test/crypto/groth16/polka_storage_vectors.hpp"

using namespace tessera;
using namespace tessera::groth16;
namespace tv = tessera::groth16::test_vectors;
using bls12_381::G1;
using bls12_381::G2;
using Catch::Matchers::Contains;
using crypto::Fr;

namespace {

struct Vector {
  const char* name;
  Bytes vk_bytes;  // compressed (.vk.scale)
  Bytes proof_bytes;
  std::vector<Fr> inputs;
};

Vector porep_vector() {
  return {"PoRep", hex_decode(tv::kPorepVerifyingKeyHex), hex_decode(tv::kPorepProofHex),
          tv::porep_public_inputs()};
}

Vector post_vector() {
  return {"Window PoSt", hex_decode(tv::kPostVerifyingKeyHex), hex_decode(tv::kPostProofHex),
          tv::post_public_inputs()};
}

// True only when the key and proof decode and the proof verifies.
bool accepts(const Bytes& vk_bytes, const Bytes& proof_bytes, const std::vector<Fr>& inputs) {
  try {
    const auto pvk = prepare_verifying_key(read_verifying_key_compressed(vk_bytes));
    return verify_proof(pvk, read_proof(proof_bytes), inputs);
  } catch (const InvalidInput&) {
    return false;
  }
}

// Byte offsets of the points in the compressed key form (snark.md §4.3).
struct KeyPoint {
  std::string field;
  std::size_t offset, size;
  bool used_by_check;  // beta_g1 and delta_g1 are carried but not used by the verifier
};
std::vector<KeyPoint> compressed_key_points(std::size_t ic_len) {
  std::vector<KeyPoint> points = {{"alpha_g1", 0, 48, true},    {"beta_g1", 48, 48, false},
                                  {"beta_g2", 96, 96, true},    {"gamma_g2", 192, 96, true},
                                  {"delta_g1", 288, 48, false}, {"delta_g2", 336, 96, true}};
  for (std::size_t i = 0; i < ic_len; ++i) {
    points.push_back({"ic[" + std::to_string(i) + "]", 436 + 48 * i, 48, true});
  }
  return points;
}

// A valid proof of the same statement: (t·A, t⁻¹·B + s·δ, C + s·t·A), since
// e(tA, B/t + sδ) = e(A,B)·e(stA, δ).
Proof rerandomize(const Proof& p, const VerifyingKey& vk, std::uint64_t t, std::uint64_t s) {
  const auto t_inv = bls12_381::scalar_from_fr(Fr::from_uint(t).inverse());
  const G1 ta = G1::from_affine(p.a).mul(t);
  return {ta.to_affine(),
          (G2::from_affine(p.b).mul(t_inv) + G2::from_affine(vk.delta_g2).mul(s)).to_affine(),
          (G1::from_affine(p.c) + ta.mul(s)).to_affine()};
}

}  // namespace

TEST_CASE("PoRep 2 KiB vector: public inputs recomputed as polka-storage does", "[groth16]") {
  // Intermediate values: reference/snark.md §4.4 (a), recomputed there with noble-curves scripts.
  CHECK(tv::porep_id() == crypto::Digest32{});
  const crypto::Digest32 replica_id = tv::porep_replica_id();
  CHECK(hex_encode(Bytes(replica_id.begin(), replica_id.end())) ==
        "b9a46849a25004df1345838204c76a324d7adb7bbb100cdf323d7996a5ac9b34");
  REQUIRE(tv::porep_challenges() == std::vector<std::uint64_t>{37, 29});
  const auto graph = tv::porep_graph();
  std::uint32_t base[porep::kBaseDegree];
  std::uint32_t exp[porep::kExpansionDegree];
  graph.base_parents(37, base);
  graph.expander_parents(37, exp);
  CHECK(std::vector<std::uint32_t>(base, base + 6) ==
        std::vector<std::uint32_t>{36, 31, 35, 36, 11, 36});
  CHECK(std::vector<std::uint32_t>(exp, exp + 8) ==
        std::vector<std::uint32_t>{20, 54, 46, 50, 16, 17, 9, 27});
  graph.base_parents(29, base);
  graph.expander_parents(29, exp);
  CHECK(std::vector<std::uint32_t>(base, base + 6) ==
        std::vector<std::uint32_t>{28, 27, 28, 27, 11, 28});
  CHECK(std::vector<std::uint32_t>(exp, exp + 8) ==
        std::vector<std::uint32_t>{14, 21, 31, 58, 41, 12, 62, 55});
  const auto inputs = tv::porep_public_inputs();
  REQUIRE(inputs.size() == 39);
  CHECK(inputs[3] == Fr::from_uint(37));
  CHECK(inputs[21] == Fr::from_uint(29));
}

TEST_CASE("Window PoSt 2 KiB vector: public inputs recomputed", "[groth16]") {
  // Leaf challenges: reference/snark.md §4.4 (b).
  const std::uint64_t leaves[] = {62, 13, 30, 16, 21, 30, 30, 34, 28, 40};
  const auto inputs = tv::post_public_inputs();
  REQUIRE(inputs.size() == 22);
  for (int sector = 0; sector < 2; ++sector) {
    CHECK(inputs[11 * sector] == Fr::from_bytes(tv::digest_from_hex(tv::kCommRHex).data()));
    for (int n = 0; n < 10; ++n) CHECK(inputs[11 * sector + 1 + n] == Fr::from_uint(leaves[n]));
  }
}

TEST_CASE("polka-storage's 2 KiB proofs verify; any altered input, proof or key fails",
          "[groth16]") {
  for (const Vector& v : {porep_vector(), post_vector()}) {
    SECTION(v.name) {
      const VerifyingKey vk = read_verifying_key_compressed(v.vk_bytes);
      REQUIRE(vk.ic.size() == v.inputs.size() + 1);
      REQUIRE(accepts(v.vk_bytes, v.proof_bytes, v.inputs));

      for (std::size_t i = 0; i < v.inputs.size(); ++i) {
        auto changed = v.inputs;
        changed[i] += Fr::one();
        INFO("input " << i);
        CHECK_FALSE(accepts(v.vk_bytes, v.proof_bytes, changed));
      }
      // Sign bits of A, B, C (the negated point still decodes), then a spread of other bits.
      std::vector<std::size_t> proof_bits = {5, 48 * 8 + 5, 144 * 8 + 5};
      for (std::size_t bit = 3; bit < kProofBytes * 8; bit += 37) proof_bits.push_back(bit);
      for (std::size_t bit : proof_bits) {
        Bytes flipped = v.proof_bytes;
        flipped[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
        INFO("proof bit " << bit);
        CHECK_FALSE(accepts(v.vk_bytes, flipped, v.inputs));
      }
      // Every point of the key: the lowest bit of x (off the curve or the subgroup, or another
      // point); and for the points the check uses (not beta_g1, delta_g1), the sign bit.
      for (const KeyPoint& p : compressed_key_points(vk.ic.size())) {
        INFO(p.field << " at offset " << p.offset);
        Bytes low_bit = v.vk_bytes;
        low_bit[p.offset + p.size - 1] ^= 1;
        CHECK_FALSE(accepts(low_bit, v.proof_bytes, v.inputs));
        if (p.used_by_check) {
          Bytes sign = v.vk_bytes;
          sign[p.offset] ^= 0x20;
          CHECK_FALSE(accepts(sign, v.proof_bytes, v.inputs));
        }
      }
    }
  }
}

TEST_CASE("verifying key codecs round-trip and reject malformed keys", "[groth16]") {
  const Bytes compressed = hex_decode(tv::kPorepVerifyingKeyHex);
  REQUIRE(compressed.size() == 436 + 48 * 40);
  const VerifyingKey vk = read_verifying_key_compressed(compressed);
  REQUIRE(vk.ic.size() == 40);
  CHECK(write_verifying_key_compressed(vk) == compressed);

  const Bytes uncompressed = write_verifying_key(vk);
  REQUIRE(uncompressed.size() == 4708);  // snark.md §1.2: 868 + 96·40
  CHECK(Bytes(uncompressed.begin() + 864, uncompressed.begin() + 868) ==
        Bytes{0, 0, 0, 40});  // u32 big-endian ic length
  std::size_t consumed = 0;
  const VerifyingKey back = read_verifying_key(uncompressed, &consumed);
  CHECK(consumed == uncompressed.size());
  CHECK(write_verifying_key(back) == uncompressed);
  CHECK(back.alpha_g1 == vk.alpha_g1);
  CHECK(back.delta_g2 == vk.delta_g2);
  CHECK(back.ic == vk.ic);

  SECTION("a .vk read from the front of a longer buffer reports the bytes used") {
    Bytes longer = uncompressed;
    longer.insert(longer.end(), {1, 2, 3});
    consumed = 0;
    CHECK(read_verifying_key(longer, &consumed).ic == vk.ic);
    CHECK(consumed == uncompressed.size());
  }
  SECTION("bytes after a compressed key are rejected") {
    Bytes longer = compressed;
    longer.push_back(0);
    CHECK_THROWS_WITH(read_verifying_key_compressed(longer),
                      Contains("1 bytes after the last ic point"));
  }
  SECTION("truncation names the field") {
    // Fields end at 96, 192, 384, 576, 672, 864, 868 (ic length), then 96 bytes per ic point.
    const std::pair<std::size_t, const char*> cuts[] = {
        {0, "alpha_g1"},   {95, "alpha_g1"},  {150, "beta_g1"},  {300, "beta_g2"},
        {500, "gamma_g2"}, {600, "delta_g1"}, {800, "delta_g2"}, {866, "ic length"},
        {868, "ic"},       {4707, "ic"}};
    for (const auto& [size, field] : cuts) {
      INFO("first " << size << " bytes");
      CHECK_THROWS_WITH(
          read_verifying_key(std::span(uncompressed).first(size)),
          Contains("verifying key: truncated in") && Contains(std::string(field) + " ("));
    }
    CHECK_THROWS_WITH(read_verifying_key_compressed(std::span(compressed).first(1000)),
                      Contains("truncated in ic"));
  }
  SECTION("an ic length of 0 is rejected") {
    Bytes empty_ic(uncompressed.begin(), uncompressed.begin() + 868);
    empty_ic[867] = 0;
    CHECK_THROWS_WITH(read_verifying_key(empty_ic), Contains("ic length is 0"));
  }
  SECTION("an identity point in ic is rejected") {
    Bytes with_identity = uncompressed;
    std::fill(with_identity.begin() + 868 + 3 * 96, with_identity.begin() + 868 + 4 * 96, 0);
    with_identity[868 + 3 * 96] = 0x40;
    CHECK_THROWS_WITH(read_verifying_key(with_identity), Contains("ic[3] is the identity"));
    Bytes compressed_identity = compressed;
    std::fill(compressed_identity.begin() + 436, compressed_identity.begin() + 436 + 48, 0);
    compressed_identity[436] = 0xc0;
    CHECK_THROWS_WITH(read_verifying_key_compressed(compressed_identity),
                      Contains("ic[0] is the identity"));
  }
  SECTION("points outside the subgroup: rejected when checked, kept when not") {
    // (0, 2) lies on y² = x³ + 4 and has order 3.
    Bytes order_three = uncompressed;
    std::fill(order_three.begin() + 868 + 96, order_three.begin() + 868 + 2 * 96, 0);
    order_three[868 + 2 * 96 - 1] = 2;
    CHECK_THROWS_WITH(read_verifying_key(order_three),
                      Contains("ic[1]") && Contains("not in the prime-order subgroup"));
    const VerifyingKey unchecked = read_verifying_key(order_three, nullptr, false);
    CHECK(unchecked.ic[1].is_on_curve());
    CHECK_FALSE(bls12_381::g1_in_subgroup(unchecked.ic[1]));
  }
  SECTION("a coordinate that is not canonical names the field") {
    Bytes bad = uncompressed;
    std::fill(bad.begin() + 96, bad.begin() + 144, 0xff);
    bad[96] = 0x1f;  // flags clear, x >= p
    CHECK_THROWS_WITH(read_verifying_key(bad),
                      Contains("verifying key beta_g1") && Contains("not canonical"));
  }
}

TEST_CASE("proof codec: 192-byte A‖B‖C, concatenated partitions", "[groth16]") {
  const Bytes porep = hex_decode(tv::kPorepProofHex);
  const Bytes post = hex_decode(tv::kPostProofHex);
  const Proof proof = read_proof(porep);
  const auto written = write_proof(proof);
  CHECK(Bytes(written.begin(), written.end()) == porep);

  Bytes both = porep;
  both.insert(both.end(), post.begin(), post.end());
  const auto proofs = read_proofs(both, 2);
  REQUIRE(proofs.size() == 2);
  CHECK(proofs[1].b == read_proof(post).b);
  CHECK(write_proofs(proofs) == both);
  CHECK(read_proofs({}, 0).empty());

  CHECK_THROWS_WITH(read_proof(std::span(porep).first(191)),
                    Contains("must be 192 bytes, got 191"));
  CHECK_THROWS_WITH(read_proofs(both, 1), Contains("got 384"));
  CHECK_THROWS_WITH(read_proofs(std::span(both).first(383), 2), Contains("got 383"));
  CHECK_THROWS_AS(read_proofs(both, SIZE_MAX / 96), InvalidInput);

  const std::tuple<std::size_t, std::size_t, const char*> points[] = {
      {0, 48, "proof A"}, {48, 96, "proof B"}, {144, 48, "proof C"}};
  for (const auto& [offset, size, what] : points) {
    Bytes identity = porep;
    std::fill(identity.begin() + offset, identity.begin() + offset + size, 0);
    identity[offset] = 0xc0;
    CHECK_THROWS_WITH(read_proof(identity), Contains(what) && Contains("point is the identity"));
    Bytes partitions = porep;
    partitions.insert(partitions.end(), identity.begin(), identity.end());
    CHECK_THROWS_WITH(read_proofs(partitions, 2),
                      Contains(std::string("groth16 proof 1 ") + (what + 6)));
  }
  Bytes uncompressed_flag = porep;
  uncompressed_flag[48] &= 0x7f;
  CHECK_THROWS_WITH(read_proof(uncompressed_flag), Contains("proof B"));
}

TEST_CASE("verify_proof: the input count must match the key", "[groth16]") {
  const auto pvk =
      prepare_verifying_key(read_verifying_key_compressed(hex_decode(tv::kPorepVerifyingKeyHex)));
  const Proof proof = read_proof(hex_decode(tv::kPorepProofHex));
  auto inputs = tv::porep_public_inputs();
  inputs.pop_back();
  CHECK_THROWS_WITH(verify_proof(pvk, proof, inputs),
                    Contains("38 public inputs") && Contains("40 ic points"));
  CHECK_THROWS_AS(verify_proof(pvk, proof, tv::post_public_inputs()), InvalidInput);
}

TEST_CASE("batch verification accepts exactly what single verification accepts", "[groth16]") {
  const VerifyingKey vk = read_verifying_key_compressed(hex_decode(tv::kPorepVerifyingKeyHex));
  const auto pvk = prepare_verifying_key(vk);
  const Proof proof = read_proof(hex_decode(tv::kPorepProofHex));
  const auto inputs = tv::porep_public_inputs();
  const Proof other = rerandomize(proof, vk, 5, 7);
  REQUIRE(verify_proof(pvk, other, inputs));
  REQUIRE(write_proof(other) != write_proof(proof));

  const std::vector<std::vector<Fr>> one_input = {inputs};
  const std::vector<std::vector<Fr>> two_inputs = {inputs, inputs};
  CHECK(verify_proofs_batch(pvk, std::vector<Proof>{proof, other}, two_inputs));
  CHECK(verify_proofs_batch(pvk, std::vector<Proof>{proof}, one_input));
  CHECK(verify_proofs_batch(pvk, {}, {}));

  SECTION("the PoSt proof and a re-randomized copy, and one of them altered") {
    const VerifyingKey post_vk =
        read_verifying_key_compressed(hex_decode(tv::kPostVerifyingKeyHex));
    const auto post_pvk = prepare_verifying_key(post_vk);
    const Proof post = read_proof(hex_decode(tv::kPostProofHex));
    const std::vector<std::vector<Fr>> post_inputs = {tv::post_public_inputs(),
                                                      tv::post_public_inputs()};
    const std::vector<Proof> pair = {post, rerandomize(post, post_vk, 3, 11)};
    CHECK(verify_proofs_batch(post_pvk, pair, post_inputs));
    auto changed = post_inputs;
    changed[1][4] += Fr::one();
    CHECK_FALSE(verify_proofs_batch(post_pvk, pair, changed));
  }
  SECTION("one altered proof fails the batch") {
    auto changed = two_inputs;
    changed[0][0] += Fr::one();
    CHECK_FALSE(verify_proofs_batch(pvk, std::vector<Proof>{proof, other}, changed));
    Proof swapped = other;
    swapped.c = proof.c;
    CHECK_FALSE(verify_proofs_batch(pvk, std::vector<Proof>{proof, swapped}, two_inputs));
    CHECK_FALSE(verify_proofs_batch(pvk, std::vector<Proof>{swapped}, one_input));
  }
  SECTION("two invalid proofs whose errors cancel in an unweighted sum are rejected") {
    // C₀ + P and C₁ − P: Σ C_j is unchanged, so only the random weights z_j expose them.
    const G1 p = G1::from_affine(bls12_381::g1_generator()).mul(12345);
    Proof plus = proof;
    Proof minus = other;
    plus.c = (G1::from_affine(proof.c) + p).to_affine();
    minus.c = (G1::from_affine(other.c) - p).to_affine();
    CHECK_FALSE(verify_proof(pvk, plus, inputs));
    CHECK_FALSE(verify_proof(pvk, minus, inputs));
    CHECK_FALSE(verify_proofs_batch(pvk, std::vector<Proof>{plus, minus}, two_inputs));
  }
  SECTION("counts must agree") {
    CHECK_THROWS_WITH(verify_proofs_batch(pvk, std::vector<Proof>{proof, other}, one_input),
                      Contains("2 proofs but 1 public input vectors"));
    CHECK_THROWS_WITH(
        verify_proofs_batch(pvk, std::vector<Proof>{proof, other},
                            std::vector<std::vector<Fr>>{inputs, tv::post_public_inputs()}),
        Contains("proof 1 has 22 public inputs"));
  }
}
