// BLS (f3) signatures as lotus's lib/sigs/bls makes and checks them: the f3 address carries the
// 48-byte public key, the key signs the data itself (no pre-hash), a message's signed bytes are
// its unsigned CID bytes and a BLS-signed message's CID is that CID.
#include <catch2/catch.hpp>

#include "chain/types/message.hpp"
#include "common/error.hpp"
#include "crypto/blake2b.hpp"
#include "crypto/bls_signature.hpp"
#include "test/support/oracle_messages.hpp"

using namespace tessera;
using namespace tessera::chain;

namespace {

// filecoin-project/lotus lib/sigs/bls/bls_test.go (commit 0656b621761b4832b25df026eadba9cbbbf7e82a)
// TestUncompressedFails: a valid signature over "potato" by this address; the public key is the
// address payload (reference/snark.md §5.4 (b)).
constexpr std::string_view kPotatoAddress =
    "f3tcgq5scpfhdwh4dbalwktzf6mbv3ng2nw7tyzni5cyrsgvineid6jybnweecpa6misa6lk4tvwtxj2gkwpzq";
constexpr std::string_view kPotatoPublicKey =
    "988d0ec84f29c763f06102eca9e4be606bb69b4db7e78cb51d162323550d2207e4e02db1082783cc4481e5ab93ada7"
    "74";
constexpr std::string_view kPotatoSignature =
    "9927444bfcffdca34af57b78757b9b90f1cd28d2a3aeed2aa6bde299f8bbb9184756f2287b0588e6d3f2860d2bb206"
    "6e0c59778c1e644fb2cfb35fba8f09fa824a9ed825108c82ff4bf634c1037eeaf185f45673d4a1c1c6eeb712b7d72a"
    "5498";

// Zondax/filecoin-signing-tools test_vectors/bls_wallet.json (commit
// 4d71eee363706631b9c5a60adecb1b2e56ce1525): a little-endian private key and its public key.
constexpr std::string_view kZxPrivateKey =
    "d31ed8d06197f7631e58117d99c5ae4791183f17b6772eb4afc5c840e0f7d412";
constexpr std::string_view kZxPublicKey =
    "ade28c91045e89a0dcdb49d5ed0d62a4f02d78a96dbd406a4f9d37a1cd2fb5c29058def79b01b4d1556ade74ffc079"
    "0"
    "4";

const Bytes kPotato = {'p', 'o', 't', 'a', 't', 'o'};

Bytes raw_bls_signature(const Bytes& secret, const Bytes& data) {
  const auto signature = crypto::bls::PrivateKey::from_bytes(secret).sign(data);
  return Bytes(signature.begin(), signature.end());
}

}  // namespace

TEST_CASE("an f3 address is its BLS public key (lotus potato vector)", "[chain][message][bls]") {
  const Address address = Address::parse(kPotatoAddress);
  CHECK(address.protocol() == AddressProtocol::kBls);
  CHECK(address.payload() == hex_decode(kPotatoPublicKey));
  CHECK(Address::from_bls_public_key(hex_decode(kPotatoPublicKey)).to_string(Network::kMainnet) ==
        kPotatoAddress);
  CHECK_THROWS_AS(Address::from_bls_public_key(Bytes(47, 1)), InvalidInput);
}

TEST_CASE("BLS signatures verify as lotus sigs.Verify does", "[chain][message][bls]") {
  const Address signer = Address::parse(kPotatoAddress);
  const Signature good{SignatureType::kBls, hex_decode(kPotatoSignature)};
  CHECK(verify_signature(signer, kPotato, good));

  // lotus's failing variants: one byte changed, one byte appended.
  Signature changed = good;
  changed.data[40] ^= 0x10;
  CHECK_FALSE(verify_signature(signer, kPotato, changed));
  Signature longer = good;
  longer.data.push_back(0x55);
  CHECK_FALSE(verify_signature(signer, kPotato, longer));
  CHECK_FALSE(verify_signature(signer, Bytes{'p', 'o', 't', 'a', 't', 'o', 'e', 's'}, good));
  CHECK_FALSE(verify_signature(signer, kPotato, Signature{SignatureType::kBls, {}}));
  // A BLS signature never verifies for another protocol, nor a secp256k1 one for an f3.
  CHECK_FALSE(verify_signature(Address::from_id(1000), kPotato, good));
  CHECK_FALSE(verify_signature(Address::from_actor_data(Bytes(3, 1)), kPotato, good));
  CHECK_FALSE(verify_signature(signer, kPotato, Signature{SignatureType::kSecp256k1, good.data}));
}

TEST_CASE("BLS keys sign the data itself, secp256k1 keys its BLAKE2b-256",
          "[chain][message][bls]") {
  const Bytes secret = hex_decode(kZxPrivateKey);
  const Address signer = Address::from_bls_public_key(hex_decode(kZxPublicKey));
  const Signature signature = sign_data(SignatureType::kBls, secret, kPotato);
  CHECK(signature.type == SignatureType::kBls);
  CHECK(signature.data.size() == 96);
  CHECK(signature.data == raw_bls_signature(secret, kPotato));
  CHECK(signature.data != raw_bls_signature(secret, crypto::blake2b(kPotato, 32)));
  CHECK(verify_signature(signer, kPotato, signature));
  CHECK_FALSE(verify_signature(Address::parse(kPotatoAddress), kPotato, signature));
  CHECK_THROWS_AS(sign_data(SignatureType::kBls, Bytes(31, 1), kPotato), InvalidInput);
  // r itself (little-endian) is out of range.
  CHECK_THROWS_AS(
      sign_data(SignatureType::kBls,
                hex_decode("01000000fffffffffe5bfeff02a4bd5305d8a10908d83933487d9d2953a7ed73"),
                kPotato),
      InvalidInput);
}

TEST_CASE("BLS-signed messages sign and verify over the unsigned CID bytes",
          "[chain][message][bls]") {
  const Bytes secret = hex_decode(kZxPrivateKey);
  Message m = test::oracle_message_m1();
  m.from = Address::from_bls_public_key(hex_decode(kZxPublicKey));
  const Signature signature = sign_message(m, SignatureType::kBls, secret);
  CHECK(signature.data == raw_bls_signature(secret, m.cid().to_bytes()));
  CHECK(verify_message_signature(m, signature));

  const SignedMessage signed_message{m, signature};
  CHECK(signed_message.cid() == m.cid());
  const auto decoded = SignedMessage::from_cbor(signed_message.to_cbor());
  CHECK(decoded.signature == signature);
  CHECK(decoded.cid() == m.cid());

  Message other = m;
  other.nonce += 1;
  CHECK_FALSE(verify_message_signature(other, signature));
  Message other_sender = m;
  other_sender.from = Address::parse(kPotatoAddress);
  CHECK_FALSE(verify_message_signature(other_sender, signature));
  // Signing the CBOR rather than the CID (as zondax's bls_signature.json does) does not verify.
  CHECK_FALSE(verify_message_signature(
      m, Signature{SignatureType::kBls, raw_bls_signature(secret, m.to_cbor())}));
}
