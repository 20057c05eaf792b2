// The pairing: noble's value of e(G1, G2), bilinearity, multi-pairing products.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "common/encoding.hpp"
#include "crypto/bls12_381/pairing.hpp"

using namespace tessera;
using namespace tessera::bls12_381;

namespace {

std::string fp12_hex(const Fp12& f) {
  const auto b = f.to_bytes();
  return hex_encode(Bytes(b.begin(), b.end()));
}

// Square-and-multiply in Fp12 by a 256-bit scalar.
Fp12 pow(const Fp12& a, const Scalar& k) {
  Fp12 r = Fp12::one();
  for (int i = 3; i >= 0; --i) {
    for (int bit = 63; bit >= 0; --bit) {
      r = r.square();
      if ((k[i] >> bit) & 1) r *= a;
    }
  }
  return r;
}

// a·b mod r for 64-bit a, b (fits 128 bits, below r).
Scalar product(std::uint64_t a, std::uint64_t b) {
  const unsigned __int128 ab = static_cast<unsigned __int128>(a) * b;
  return {static_cast<std::uint64_t>(ab), static_cast<std::uint64_t>(ab >> 64), 0, 0};
}

// source: @noble/curves 2.4.0 bls12_381, Fp12.toBytes(pairing(G1.BASE, G2.BASE)): twelve 48-byte
// big-endian coefficients in the order c0.c0.c0, c0.c0.c1, c0.c1.c0, …, c1.c2.c1.
constexpr const char* kPairingG1G2 =
    "1250ebd871fc0a92a7b2d83168d0d727272d441befa15c503dd8e90ce98db3e7b6d194f60839c508a84305aaca1789"
    "b6"
    "089a1c5b46e5110b86750ec6a532348868a84045483c92b7af5af689452eafabf1a8943e50439f1d59882a98eaa017"
    "0f"
    "1368bb445c7c2d209703f239689ce34c0378a68e72a6b3b216da0e22a5031b54ddff57309396b38c881c4c849ec23e"
    "87"
    "193502b86edb8857c273fa075a50512937e0794e1e65a7617c90d8bd66065b1fffe51d7a579973b1315021ec3c1993"
    "4f"
    "01b2f522473d171391125ba84dc4007cfbf2f8da752f7c74185203fcca589ac719c34dffbbaad8431dad1c1fb597aa"
    "a5"
    "018107154f25a764bd3c79937a45b84546da634b8f6be14a8061e55cceba478b23f7dacaa35c8ca78beae9624045b4"
    "b6"
    "19f26337d205fb469cd6bd15c3d5a04dc88784fbb3d0b2dbdea54d43b2b73f2cbb12d58386a8703e0f948226e47ee8"
    "9d"
    "06fba23eb7c5af0d9f80940ca771b6ffd5857baaf222eb95a7d2809d61bfe02e1bfd1b68ff02f0b8102ae1c2d5d5ab"
    "1a"
    "11b8b424cd48bf38fcef68083b0b0ec5c81a93b330ee1a677d0d15ff7b984e8978ef48881e32fac91b93b47333e2ba"
    "57"
    "03350f55a7aefcd3c31b4fcb6ce5771cc6a0e9786ab5973320c806ad360829107ba810c5a09ffdd9be2291a0c25a99"
    "a2"
    "04c581234d086a9902249b64728ffd21a189e87935a954051c7cdba7b3872629a4fafc05066245cb9108f0242d0fe3"
    "ef"
    "0f41e58663bf08cf068672cbd01a7ec73baca4d72ca93544deff686bfd6df543d48eaa24afe47e1efde449383b6766"
    "31";

// source: same, pairing(G1.BASE.multiply(5), G2.BASE.multiply(7)).
constexpr const char* kPairing5G17G2 =
    "016cab6a2a187ac996d062aad5f25c52d9211493b1434398d964368cd5ec1de2ddc196fcbc56f2a194a6fb8f256085"
    "e6"
    "0ba88e19d2045e8a7dbb1dc59d5d8edb68e1ee7a795eab19ca9afc2741d7bdc3667114b5e80d630d71cb34873066df"
    "13"
    "11be383ae281b84132b65252f7d909d7dd38df6442499e0bd42afe38b2b7565b2d4060a8d6dc956cec721d6cbcf80a"
    "fe"
    "12d1178da6bc5e1724cc1259556b60896df6f840279c26ba15a8b2fa8bc8bf998edb9f201c848fb1dfcf66312c13ef"
    "47"
    "00664b432d8a8a6a02dd38881449f1cd760080aedd769b4fa38e1826c10454c6b2634531f7a962e451398317a5e249"
    "67"
    "13696d0422f7122122fc4a6946d757b7a865ceb7441357744d379e00291ad5e80a43f17347acfde6fdd94ecd7bdce8"
    "49"
    "01ca814ff7083094975f2186a643146a7440e3e451905945743752b1401bc11a377d49af8939df3388152e89ad3d7f"
    "8e"
    "14b3f4389d9347fa57f8cb1036f6a43936bc5c5fd3c36230112ea895bd6c45a554327d63d2125c19a887d30b3c6f64"
    "ef"
    "173f8d588daf92c713fccb463c052c8359021710b2b03fc987305afc2438e723104abcc268c48a2e2583a02bd55591"
    "6e"
    "0b40356ba88972c575266d95cc1c8fd1615cdbbec72de888d956f0a2cfffa74e90f20b78fee5c08a55863e45f606dd"
    "a9"
    "00e4919a80ad50e8284b62cc2c32de5a34ff7024c9417943c38623e6cca63503092558c4d7cc575d4ce8936f3d20e9"
    "2f"
    "16dd215f3d476c02356ee7741f7ced89d248a7c4ad28b374337e3b50eab071aeed42fe13cc7cde247c801bc05d5639"
    "43";

}  // namespace

TEST_CASE("e(G1, G2) and e(5·G1, 7·G2) match noble", "[bls12_381]") {
  const Fp12 e = pairing(g1_generator(), g2_generator());
  CHECK(fp12_hex(e) == kPairingG1G2);
  const G1Affine p5 = G1::from_affine(g1_generator()).mul(5).to_affine();
  const G2Affine q7 = G2::from_affine(g2_generator()).mul(7).to_affine();
  CHECK(fp12_hex(pairing(p5, q7)) == kPairing5G17G2);
  // GT has order r.
  CHECK(pow(e, kGroupOrder).is_one());
  CHECK_FALSE(e.is_one());
}

TEST_CASE("pairing is bilinear: e(aP, bQ) = e(P, Q)^(ab)", "[bls12_381]") {
  std::mt19937_64 rng(12381);
  const G1 g = G1::from_affine(g1_generator());
  const G2 h = G2::from_affine(g2_generator());
  for (int i = 0; i < 2; ++i) {
    const std::uint64_t s = rng(), t = rng(), a = rng(), b = rng();
    const G1Affine p = g.mul(s).to_affine();
    const G2Affine q = h.mul(t).to_affine();
    const Fp12 e_pq = pairing(p, q);
    const Fp12 e_ab =
        pairing(G1::from_affine(p).mul(a).to_affine(), G2::from_affine(q).mul(b).to_affine());
    CHECK(e_ab == pow(e_pq, product(a, b)));
    // e(P + P', Q) = e(P, Q)·e(P', Q)
    const G1Affine p2 = g.mul(a).to_affine();
    CHECK(pairing((G1::from_affine(p) + p2).to_affine(), q) == e_pq * pairing(p2, q));
    // e(−P, Q) = e(P, Q)⁻¹ = conj(e(P, Q))
    CHECK(pairing(-p, q) == e_pq.conjugate());
    CHECK(pairing(p, -q) == e_pq.inverse());
  }
}

TEST_CASE("multi-Miller loop and pairing products", "[bls12_381]") {
  const G1 g = G1::from_affine(g1_generator());
  const G2 h = G2::from_affine(g2_generator());
  // e(6·G1, G2)·e(−2·G1, 3·G2) = 1 (reference/oracles.md §2 checks e(6P, Q) = e(2P, 3Q) in noble).
  std::vector<PairingInput> pairs = {{g.mul(6).to_affine(), g2_generator()},
                                     {(-g.mul(2)).to_affine(), h.mul(3).to_affine()}};
  CHECK(pairing_product_is_one(pairs));
  pairs[1].second = h.mul(4).to_affine();
  CHECK_FALSE(pairing_product_is_one(pairs));
  // The product equals the product of single pairings.
  const Fp12 multi = final_exponentiation(multi_miller_loop(pairs));
  CHECK(multi ==
        pairing(pairs[0].first, pairs[0].second) * pairing(pairs[1].first, pairs[1].second));
  // Identity points contribute 1.
  CHECK(pairing(G1Affine::identity(), g2_generator()).is_one());
  CHECK(pairing(g1_generator(), G2Affine::identity()).is_one());
  CHECK(pairing_product_is_one(std::vector<PairingInput>{}));
  pairs.push_back({G1Affine::identity(), g2_generator()});
  CHECK(final_exponentiation(multi_miller_loop(pairs)) == multi);
}
