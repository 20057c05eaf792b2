// The devnet wallet's keys: secp256k1 and BLS keys read from a keystore as lotus writes it,
// WalletNew for both types, and signatures each type's verifier accepts.
#include <catch2/catch.hpp>

#include <filesystem>

#include "common/error.hpp"
#include "crypto/bls_signature.hpp"
#include "devnet/wallet.hpp"
#include "test/support/files.hpp"
#include "test/support/keys.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::chain;
using namespace tessera::chain::devnet;

namespace {

// Zondax/filecoin-signing-tools test_vectors/bls_wallet.json (commit
// 4d71eee363706631b9c5a60adecb1b2e56ce1525): the private key as lotus's KeyInfo holds it (base64 of
// the 32 little-endian bytes) and its public key.
constexpr std::string_view kZxPrivateKeyBase64 = "0x7Y0GGX92MeWBF9mcWuR5EYPxe2dy60r8XIQOD31BI=";
constexpr std::string_view kZxPublicKey =
    "ade28c91045e89a0dcdb49d5ed0d62a4f02d78a96dbd406a4f9d37a1cd2fb5c29058def79b01b4d1556ade74ffc079"
    "0"
    "4";

Address zx_address() {
  return Address::from_bls_public_key(hex_decode(kZxPublicKey));
}

std::string wallet_key_name(const Address& address) {
  return "wallet-" + address.to_string(Network::kTestnet);
}

// Writes a key file as lotus's fsrepo does: JSON KeyInfo, mode 0600.
void write_lotus_key(const repo::Keystore& keystore, const std::string& name,
                     const std::string& json) {
  const auto path = keystore.key_path(name);
  test::write_bytes(path, Bytes(json.begin(), json.end()));
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
      std::filesystem::perm_options::replace);
}

bool verifies_bls(const Address& signer, const Bytes& data, const Signature& signature) {
  crypto::bls::PublicKey key;
  std::copy(signer.payload().begin(), signer.payload().end(), key.begin());
  return crypto::bls::verify(signature.data, data, key);
}

}  // namespace

TEST_CASE("the wallet loads a BLS key as lotus stores it and signs the raw data",
          "[devnet][wallet]") {
  test::TempDir dir;
  repo::Keystore keystore(dir.path());
  const Address address = zx_address();
  SECTION("string key type") {
    write_lotus_key(keystore, wallet_key_name(address),
                    R"({"Type":"bls","PrivateKey":")" + std::string(kZxPrivateKeyBase64) + "\"}");
  }
  SECTION("legacy integer key type (crypto.SigTypeBLS = 2)") {
    write_lotus_key(keystore, wallet_key_name(address),
                    R"({"Type":2,"PrivateKey":")" + std::string(kZxPrivateKeyBase64) + "\"}");
  }
  const Wallet wallet(keystore, 2);
  CHECK(wallet.addresses() == std::vector<Address>{address});  // none created: it held a key
  CHECK(wallet.default_address() == address);
  CHECK(wallet.has(address));

  const Bytes data = {'p', 'o', 't', 'a', 't', 'o'};
  const Signature signature = wallet.sign(address, data);
  CHECK(signature.type == SignatureType::kBls);
  CHECK(signature.data.size() == 96);
  CHECK(verifies_bls(address, data, signature));
  CHECK(verify_signature(address, data, signature));
  CHECK_FALSE(verify_signature(address, Bytes{'p', 'o', 't'}, signature));
  CHECK_THROWS_AS(wallet.sign(test::key_address(1), data), NotFound);
}

TEST_CASE("the wallet refuses keystore keys it cannot use", "[devnet][wallet]") {
  test::TempDir dir;
  repo::Keystore keystore(dir.path());
  const std::string key = R"(","PrivateKey":")" + std::string(kZxPrivateKeyBase64) + "\"}";
  SECTION("a key that is not the named address's") {
    write_lotus_key(keystore, wallet_key_name(test::key_address(1)), R"({"Type":"bls)" + key);
    CHECK_THROWS_WITH(Wallet(keystore, 0), Catch::Contains("does not hold the key"));
  }
  SECTION("a BLS key stored as secp256k1") {
    write_lotus_key(keystore, wallet_key_name(zx_address()), R"({"Type":"secp256k1)" + key);
    CHECK_THROWS_AS(Wallet(keystore, 0), InvalidInput);
  }
  SECTION("another key type") {
    write_lotus_key(keystore, wallet_key_name(zx_address()), R"({"Type":"delegated)" + key);
    CHECK_THROWS_WITH(Wallet(keystore, 0), Catch::Contains("has type delegated"));
  }
  SECTION("a BLS key out of range (>= r)") {
    // r little-endian, base64.
    write_lotus_key(
        keystore, wallet_key_name(zx_address()),
        R"({"Type":"bls","PrivateKey":"AQAAAP/////+W/7/AqS9UwXYoQkI2DkzSH2dKVOn7XM="})");
    CHECK_THROWS_AS(Wallet(keystore, 0), InvalidInput);
  }
}

TEST_CASE("new_key creates BLS and secp256k1 keys that survive reopening", "[devnet][wallet]") {
  test::TempDir dir;
  repo::Keystore keystore(dir.path());
  Address bls;
  Address secp;
  {
    Wallet wallet(keystore, 0);
    CHECK(wallet.addresses().empty());
    CHECK_THROWS_AS(wallet.default_address(), NotFound);
    bls = wallet.new_key(SignatureType::kBls);
    secp = wallet.new_key(SignatureType::kSecp256k1);
    CHECK(bls.protocol() == AddressProtocol::kBls);
    CHECK(secp.protocol() == AddressProtocol::kSecp256k1);
    CHECK(wallet.default_address() == bls);  // the first key becomes the default
    CHECK(wallet.addresses() == std::vector<Address>{bls, secp});
  }
  const auto info = keystore.get(wallet_key_name(bls));
  CHECK(info.type == "bls");
  CHECK(info.private_key.size() == 32);
  CHECK(keystore.get("default") == info);
  CHECK(keystore.get(wallet_key_name(secp)).type == "secp256k1");
  // The stored key is the f3's little-endian private key.
  const auto public_key = crypto::bls::PrivateKey::from_bytes(info.private_key).public_key();
  CHECK(Address::from_bls_public_key(Bytes(public_key.begin(), public_key.end())) == bls);

  const Wallet reopened(keystore, 2);
  CHECK(reopened.default_address() == bls);
  CHECK(reopened.addresses().size() == 2);
  CHECK(reopened.has(secp));
  const Bytes data = {1, 2, 3};
  const Signature bls_signature = reopened.sign(bls, data);
  CHECK(bls_signature.type == SignatureType::kBls);
  CHECK(verify_signature(bls, data, bls_signature));
  const Signature secp_signature = reopened.sign(secp, data);
  CHECK(secp_signature.type == SignatureType::kSecp256k1);
  CHECK(verify_signature(secp, data, secp_signature));
  CHECK_FALSE(verify_signature(bls, data, secp_signature));
}
