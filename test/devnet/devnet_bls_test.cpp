// BLS (f3) senders on the in-process devnet: a wallet BLS key funded at genesis sends through
// MpoolPushMessage, MpoolPush checks BLS signatures over the unsigned message's CID bytes and
// refuses bad ones without queuing anything, and Filecoin.WalletNew makes keys of both types.
#include <catch2/catch.hpp>

#include <filesystem>

#include "chain/api/full_node_api.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "crypto/bls_signature.hpp"
#include "devnet/devnet.hpp"
#include "devnet/devnet_api.hpp"
#include "test/support/devnet_messages.hpp"
#include "test/support/keys.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::chain;
using namespace tessera::chain::devnet;
using test::balance;
using test::send;

namespace {

// DevnetParams::genesis_balance: 1,000,000 FIL.
const BigInt kGenesisBalance = BigInt::parse("1000000000000000000000000");
// docs/devnet.md: a send uses 1,000,000 gas at the fixed base fee of 100 aFIL.
const BigInt kSendFee = BigInt::from_uint(100'000'000);

// Two BLS keys (little-endian): 1 and 2.
Bytes bls_secret(std::uint8_t n) {
  Bytes secret(32, 0);
  secret[0] = n;
  return secret;
}

Address bls_address(std::uint8_t n) {
  const auto key = crypto::bls::PrivateKey::from_bytes(bls_secret(n)).public_key();
  return Address::from_bls_public_key(Bytes(key.begin(), key.end()));
}

// A devnet repo whose keystore holds BLS key 1 and no other wallet key, so that genesis funds
// it and it is the wallet's default.
DevnetOptions bls_repo(const std::filesystem::path& repo) {
  std::filesystem::create_directories(repo / "keystore");
  std::filesystem::permissions(repo / "keystore", std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace);
  repo::Keystore keystore(repo / "keystore");
  keystore.put("wallet-" + bls_address(1).to_string(Network::kTestnet),
               repo::KeyInfo{"bls", bls_secret(1)});
  return DevnetOptions{repo, DevnetParams{}, 2};
}

}  // namespace

TEST_CASE("devnet sends from a BLS wallet key", "[devnet][wallet][bls]") {
  test::TempDir dir;
  Devnet net(bls_repo(dir.path()));
  const Address sender = bls_address(1);
  REQUIRE(net.wallet().default_address() == sender);
  CHECK(balance(net, sender) == kGenesisBalance);

  const Address receiver = test::key_address(1);
  const SignedMessage pushed = net.push_message(send(sender, receiver, BigInt::from_uint(7)));
  CHECK(pushed.signature.type == SignatureType::kBls);
  CHECK(pushed.cid() == pushed.message.cid());
  CHECK(verify_message_signature(pushed.message, pushed.signature));
  net.produce_block();
  const auto found = net.search_message(pushed.cid());
  REQUIRE(found);
  CHECK(found->receipt.exit_code == 0);
  CHECK(balance(net, receiver) == BigInt::from_uint(7));
  CHECK(balance(net, sender) == kGenesisBalance - BigInt::from_uint(7) - kSendFee);
}

TEST_CASE("devnet push_signed checks BLS signatures over the unsigned CID",
          "[devnet][wallet][bls]") {
  test::TempDir dir;
  Devnet net(bls_repo(dir.path()));
  const Address sender = bls_address(1);
  const Address receiver = test::key_address(1);
  Message m = net.estimate_gas(send(sender, receiver, BigInt::from_uint(5)));
  m.nonce = 0;

  SECTION("a signature by another BLS key") {
    const SignedMessage bad{m, sign_message(m, SignatureType::kBls, bls_secret(2))};
    CHECK_THROWS_WITH(net.push_signed(bad), Catch::Contains("signature does not verify for " +
                                                            sender.to_string(Network::kTestnet)));
  }
  SECTION("a damaged signature") {
    SignedMessage bad{m, sign_message(m, SignatureType::kBls, bls_secret(1))};
    bad.signature.data[20] ^= 0x01;
    CHECK_THROWS_AS(net.push_signed(bad), InvalidInput);
  }
  SECTION("a signature over the CBOR rather than the CID") {
    const SignedMessage bad{m, sign_data(SignatureType::kBls, bls_secret(1), m.to_cbor())};
    CHECK_THROWS_AS(net.push_signed(bad), InvalidInput);
  }
  SECTION("a secp256k1-typed signature from an f3") {
    SignedMessage bad{m, sign_message(m, SignatureType::kBls, bls_secret(1))};
    bad.signature.type = SignatureType::kSecp256k1;
    CHECK_THROWS_AS(net.push_signed(bad), InvalidInput);
  }
  // Nothing was queued or changed.
  CHECK(net.next_nonce(sender) == 0);
  net.produce_block();
  CHECK(balance(net, sender) == kGenesisBalance);
  CHECK(net.state_at({})->resolve(receiver) == std::nullopt);
}

TEST_CASE("devnet push_signed queues a BLS-signed message by its unsigned CID",
          "[devnet][wallet][bls]") {
  test::TempDir dir;
  Devnet net(bls_repo(dir.path()));
  const Address sender = bls_address(1);
  const Address receiver = test::key_address(1);
  Message m = net.estimate_gas(send(sender, receiver, BigInt::from_uint(5)));
  m.nonce = 0;
  const SignedMessage good{m, sign_message(m, SignatureType::kBls, bls_secret(1))};
  CHECK(net.push_signed(good) == m.cid());
  CHECK(net.next_nonce(sender) == 1);
  net.produce_block();
  const auto found = net.search_message(m.cid());
  REQUIRE(found);
  CHECK(found->receipt.exit_code == 0);
  CHECK(balance(net, receiver) == BigInt::from_uint(5));
}

TEST_CASE("Filecoin.WalletNew makes BLS and secp256k1 keys over the API", "[devnet][wallet][bls]") {
  test::TempDir dir;
  Devnet net(DevnetOptions{dir.path(), DevnetParams{}, 1});
  jsonrpc::Registry registry;
  register_full_node_api(registry, net);
  const Bytes secret(32, 9);
  jsonrpc::Server server(registry, jsonrpc::Authenticator(secret),
                         jsonrpc::ServerOptions{.threads = 2, .rpc_paths = {"/rpc/v1"}});
  const std::uint16_t port = server.start();
  auto connect = [&](const std::vector<std::string>& perms) {
    return jsonrpc::Client::connect(
        ApiInfo{jwt::sign_token(secret, perms), multiaddr_for("127.0.0.1", port)},
        jsonrpc::Transport::kHttp, jsonrpc::ClientOptions{.rpc_path = "/rpc/v1"});
  };
  auto writer = connect({"read", "write", "sign"});

  const Address bls = api::call(*writer, kWalletNew, KeyType{SignatureType::kBls});
  CHECK(bls.protocol() == AddressProtocol::kBls);
  const Address secp = api::call(*writer, kWalletNew, KeyType{SignatureType::kSecp256k1});
  CHECK(secp.protocol() == AddressProtocol::kSecp256k1);
  CHECK(net.wallet().has(bls));
  CHECK(net.wallet().has(secp));
  CHECK(api::call(*writer, kWalletList).size() == 3);

  const Bytes data = {4, 5, 6};
  const Signature signature = api::call(*writer, kWalletSign, bls, NilableBytes(data));
  CHECK(signature.type == SignatureType::kBls);
  CHECK(verify_signature(bls, data, signature));

  // lotus's other key types and unknown names are refused; a read token may not create keys.
  CHECK_THROWS(writer->call("Filecoin.WalletNew", nlohmann::json::array({"delegated"})));
  CHECK_THROWS_WITH(api::call(*connect({"read"}), kWalletNew, KeyType{SignatureType::kBls}),
                    Catch::Contains("missing permission"));
  CHECK(api::call(*writer, kWalletList).size() == 3);
  server.stop();
  net.stop();
}
