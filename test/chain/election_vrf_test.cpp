// verify_vrf: a BLS (f3) worker's VRF proof is its BLS signature over the randomness, as lotus's
// VerifyVRF checks it; a secp256k1 (f1) worker's is its deterministic signature (the devnet's
// allowance). Wrong randomness, another key or another signature type fail.
#include <catch2/catch.hpp>

#include "chain/types/election.hpp"
#include "chain/types/message.hpp"
#include "crypto/bls_signature.hpp"
#include "test/support/keys.hpp"

using namespace tessera;
using namespace tessera::chain;

namespace {

// The little-endian BLS secret n (Filecoin's private-key byte order).
Bytes bls_secret(std::uint8_t n) {
  Bytes secret(32, 0);
  secret[0] = n;
  return secret;
}

Address bls_address(std::uint8_t n) {
  const auto key = crypto::bls::PrivateKey::from_bytes(bls_secret(n)).public_key();
  return Address::from_bls_public_key(Bytes(key.begin(), key.end()));
}

}  // namespace

TEST_CASE("verify_vrf: BLS workers sign the randomness with BLS, secp256k1 workers with secp",
          "[chain][election][bls]") {
  const Bytes randomness(32, 0x5a);
  const Bytes other(32, 0x5b);

  const Bytes bls_proof = sign_data(SignatureType::kBls, bls_secret(1), randomness).data;
  CHECK(bls_proof.size() == 96);
  CHECK(verify_vrf(bls_address(1), randomness, bls_proof));
  CHECK_FALSE(verify_vrf(bls_address(1), other, bls_proof));
  CHECK_FALSE(verify_vrf(bls_address(2), randomness, bls_proof));
  CHECK_FALSE(verify_vrf(bls_address(1), randomness, Bytes(96, 0)));

  const Bytes secp_proof =
      sign_data(SignatureType::kSecp256k1, test::secret_key(1), randomness).data;
  CHECK(verify_vrf(test::key_address(1), randomness, secp_proof));
  CHECK_FALSE(verify_vrf(test::key_address(1), other, secp_proof));
  // One key type's proof does not pass for the other's address.
  CHECK_FALSE(verify_vrf(bls_address(1), randomness, secp_proof));
  CHECK_FALSE(verify_vrf(test::key_address(1), randomness, bls_proof));
}
