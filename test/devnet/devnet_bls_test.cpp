// BLS (f3) senders on the in-process devnet: a wallet BLS key funded at genesis sends through
// MpoolPushMessage, MpoolPush checks BLS signatures over the unsigned message's CID bytes and
// refuses bad ones without queuing anything, and Filecoin.WalletNew makes keys of both types.
// Blocks carry BLS messages as lotus's do: unsigned, first, under the header's BLS aggregate,
// which MinerCreateBlock and the producer compute and SyncSubmitBlock and replay verify; blocks
// recorded before that still replay.
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <span>

#include "chain/api/full_node_api.hpp"
#include "common/api_info.hpp"
#include "common/cbor/cbor.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "crypto/blake2b.hpp"
#include "crypto/bls_signature.hpp"
#include "devnet/block_parts.hpp"
#include "devnet/devnet.hpp"
#include "devnet/devnet_api.hpp"
#include "devnet/record_log.hpp"
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

// A devnet repo whose keystore holds BLS key 1 and secp256k1 key 1, both funded at genesis.
DevnetOptions mixed_repo(const std::filesystem::path& repo) {
  bls_repo(repo);
  repo::Keystore keystore(repo / "keystore");
  keystore.put("wallet-" + test::key_address(1).to_string(Network::kTestnet),
               repo::KeyInfo{"secp256k1", test::secret_key(1)});
  return DevnetOptions{repo, DevnetParams{}, 2};
}

cid::Cid cbor_cid(const Bytes& cbor) {
  return cid::Cid{cid::kCodecDagCbor, cid::kMhBlake2b256, crypto::blake2b(cbor, 32)};
}

void write_cids(cbor::Writer& w, const std::vector<cid::Cid>& cids) {
  w.write_array_header(cids.size());
  for (const auto& c : cids) w.write_cid(c);
}

// docs/devnet.md: a block's Messages CID is the CID of CBOR [[BLS CIDs], [secp CIDs]].
cid::Cid split_messages_cid(const std::vector<cid::Cid>& bls, const std::vector<cid::Cid>& secp) {
  cbor::Writer w;
  w.write_array_header(2);
  write_cids(w, bls);
  write_cids(w, secp);
  return cbor_cid(w.take());
}

// The Messages CID of blocks recorded before the split: the CID of CBOR [CIDs].
cid::Cid single_list_cid(const std::vector<cid::Cid>& cids) {
  cbor::Writer w;
  write_cids(w, cids);
  return cbor_cid(w.take());
}

// The compressed G2 identity: flags 0x80 (compressed) | 0x40 (infinity), then zeros (the
// ZCash BLS12-381 point encoding blst uses); lotus chain/gen/mining.go aggregateSignatures
// returns it for a block without BLS messages.
Bytes zero_signature() {
  Bytes zero(96, 0);
  zero[0] = 0xc0;
  return zero;
}

SignedMessage signed_send(const Devnet& net, const Address& from, std::uint64_t nonce,
                          std::uint64_t value, SignatureType type, const Bytes& secret) {
  Message m = net.estimate_gas(send(from, test::key_address(2), BigInt::from_uint(value)));
  m.nonce = nonce;
  return SignedMessage{m, sign_message(m, type, secret)};
}

// The chain.log record of the head block, edited and written back in place.
void edit_last_record(const std::filesystem::path& repo,
                      const std::function<void(BlockHeader&, std::vector<SignedMessage>&)>& edit) {
  RecordLog log(repo / "chain.log");
  auto records = log.initial_records();
  REQUIRE_FALSE(records.empty());
  const auto record = cbor::decode(records.back());
  BlockHeader header = BlockHeader::from_cbor(record.as_array()[0].as_bytes());
  std::vector<SignedMessage> messages;
  for (const auto& m : record.as_array()[1].as_array())
    messages.push_back(SignedMessage::from_cbor(m.as_bytes()));
  edit(header, messages);
  records.back() = block_record(header, messages);
  log.clear();
  for (const auto& r : records) log.append(r);
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

TEST_CASE("devnet blocks carry BLS messages first, under the header's BLS aggregate",
          "[devnet][bls][block]") {
  test::TempDir dir;
  const Address bls = bls_address(1);
  const Address secp = test::key_address(1);
  const Address receiver = test::key_address(2);
  std::vector<SignedMessage> from_bls;
  SignedMessage from_secp;
  {
    Devnet net(mixed_repo(dir.path()));
    // A block without BLS messages carries the zero signature.
    net.produce_block();
    auto header = net.head().blocks[0];
    REQUIRE(header.bls_aggregate);
    CHECK(header.bls_aggregate->type == SignatureType::kBls);
    CHECK(header.bls_aggregate->data == zero_signature());
    CHECK(header.messages == split_messages_cid({}, {}));

    from_secp = net.push_message(send(secp, receiver, BigInt::from_uint(3)));
    from_bls.push_back(net.push_message(send(bls, receiver, BigInt::from_uint(4))));
    from_bls.push_back(net.push_message(send(bls, receiver, BigInt::from_uint(5))));
    net.produce_block();
    header = net.head().blocks[0];
    CHECK(header.messages ==
          split_messages_cid({from_bls[0].message.cid(), from_bls[1].message.cid()},
                             {from_secp.cid()}));
    REQUIRE(header.bls_aggregate);
    // The sum of both signatures: it verifies for both CIDs under the sender's key, and for
    // neither alone.
    const Bytes cid0 = from_bls[0].message.cid().to_bytes();
    const Bytes cid1 = from_bls[1].message.cid().to_bytes();
    crypto::bls::PublicKey key;
    std::copy(bls.payload().begin(), bls.payload().end(), key.begin());
    const std::vector<std::span<const std::uint8_t>> both{cid0, cid1};
    const std::vector<crypto::bls::PublicKey> keys{key, key};
    CHECK(crypto::bls::verify(header.bls_aggregate->data, both, keys));
    CHECK_FALSE(crypto::bls::verify(header.bls_aggregate->data, cid0, key));
    CHECK(header.bls_aggregate->data != from_bls[0].signature.data);
    for (const auto& m : {from_bls[0], from_bls[1], from_secp}) {
      const auto found = net.search_message(m.cid());
      REQUIRE(found);
      CHECK(found->height == 2);
      CHECK(found->receipt.exit_code == 0);
    }
    CHECK(balance(net, receiver) == BigInt::from_uint(12));
  }
  // Replay checks the aggregate and the secp signature and reaches the same chain.
  Devnet reopened(DevnetOptions{dir.path(), DevnetParams{}, 2});
  CHECK(reopened.head().height() == 2);
  CHECK(balance(reopened, receiver) == BigInt::from_uint(12));
  REQUIRE(reopened.search_message(from_bls[1].cid()));
  CHECK(reopened.search_message(from_bls[1].cid())->height == 2);
}

TEST_CASE("devnet MinerCreateBlock aggregates BLS messages and SyncSubmitBlock checks them",
          "[devnet][bls][block]") {
  test::TempDir dir;
  Devnet net(mixed_repo(dir.path()));
  const Address receiver = test::key_address(2);
  const auto from_secp =
      net.push_message(send(test::key_address(1), receiver, BigInt::from_uint(3)));
  const auto from_bls = net.push_message(send(bls_address(1), receiver, BigInt::from_uint(4)));
  BlockTemplate t;
  t.miner = Address::from_id(kProducerMinerId);
  t.parents = net.head().key();
  t.epoch = 1;
  t.messages = net.select_messages();
  REQUIRE(t.messages.size() == 2);
  const BlockMsg block = net.create_block(t);
  CHECK(block.bls_messages == std::vector<cid::Cid>{from_bls.message.cid()});
  CHECK(block.secpk_messages == std::vector<cid::Cid>{from_secp.cid()});
  CHECK(block.header.messages == split_messages_cid({from_bls.message.cid()}, {from_secp.cid()}));
  REQUIRE(block.header.bls_aggregate);
  // The aggregate of one signature is that signature.
  CHECK(block.header.bls_aggregate->data == from_bls.signature.data);
  // The messages and their signatures pass; the producer's miner, without power, is refused next.
  CHECK_THROWS_WITH(net.submit_block(block), Catch::Contains("not a storage miner"));

  SECTION("a wrong aggregate") {
    auto bad = block;
    bad.header.bls_aggregate->data = zero_signature();
    CHECK_THROWS_WITH(net.submit_block(bad),
                      Catch::Contains("block rejected: the BLS aggregate signature does not "
                                      "verify for the block's 1 BLS messages"));
  }
  SECTION("the aggregate of another message") {
    auto bad = block;
    bad.header.bls_aggregate = sign_data(SignatureType::kBls, bls_secret(1), Bytes{1, 2, 3});
    CHECK_THROWS_WITH(net.submit_block(bad), Catch::Contains("does not verify"));
  }
  SECTION("no aggregate") {
    auto bad = block;
    bad.header.bls_aggregate.reset();
    CHECK_THROWS_WITH(net.submit_block(bad), Catch::Contains("no BLS aggregate signature"));
  }
  SECTION("a BLS message listed under SecpkMessages") {
    auto bad = block;
    bad.secpk_messages.push_back(bad.bls_messages[0]);
    bad.bls_messages.clear();
    CHECK_THROWS_WITH(net.submit_block(bad), Catch::Contains("in SecpkMessages is BLS-signed"));
  }
  SECTION("a secp message listed under BlsMessages") {
    auto bad = block;
    bad.bls_messages.push_back(bad.secpk_messages[0]);
    bad.secpk_messages.clear();
    CHECK_THROWS_WITH(net.submit_block(bad), Catch::Contains("in BlsMessages is not BLS-signed"));
  }
  SECTION("a block without BLS messages carries the zero signature") {
    t.messages = {from_secp};
    const BlockMsg secp_only = net.create_block(t);
    CHECK(secp_only.bls_messages.empty());
    REQUIRE(secp_only.header.bls_aggregate);
    CHECK(secp_only.header.bls_aggregate->data == zero_signature());
    CHECK_THROWS_WITH(net.submit_block(secp_only), Catch::Contains("not a storage miner"));
  }
  CHECK(net.head().height() == 0);
}

TEST_CASE("a chain.log block with a wrong BLS aggregate or signature does not replay",
          "[devnet][bls][block]") {
  test::TempDir dir;
  {
    Devnet net(mixed_repo(dir.path()));
    net.push_message(send(test::key_address(1), test::key_address(2), BigInt::from_uint(3)));
    net.push_message(send(bls_address(1), test::key_address(2), BigInt::from_uint(4)));
    net.produce_block();
  }
  const auto reopen = [&] { Devnet net(DevnetOptions{dir.path(), DevnetParams{}, 2}); };
  SECTION("untouched, it replays") {
    CHECK_NOTHROW(reopen());
  }
  SECTION("a wrong aggregate") {
    edit_last_record(dir.path(), [](BlockHeader& h, std::vector<SignedMessage>&) {
      h.bls_aggregate->data = zero_signature();
    });
    CHECK_THROWS_WITH(reopen(), Catch::Contains("block at height 1") &&
                                    Catch::Contains("BLS aggregate signature does not verify"));
  }
  SECTION("a secp256k1 message signed by another key") {
    edit_last_record(dir.path(), [](BlockHeader& h, std::vector<SignedMessage>& ms) {
      REQUIRE(ms.size() == 2);
      ms[1].signature = sign_message(ms[1].message, SignatureType::kSecp256k1, test::secret_key(3));
      h.messages = messages_cid(ms);
    });
    CHECK_THROWS_WITH(reopen(), Catch::Contains("is not signed by its sender"));
  }
  SECTION("a secp256k1 message before the BLS one") {
    edit_last_record(dir.path(),
                     [](BlockHeader&, std::vector<SignedMessage>& ms) { std::swap(ms[0], ms[1]); });
    CHECK_THROWS_WITH(reopen(), Catch::Contains("lists a secp256k1 message before a BLS one"));
  }
  SECTION("a Messages CID over other messages") {
    edit_last_record(dir.path(), [](BlockHeader& h, std::vector<SignedMessage>&) {
      h.messages = split_messages_cid({}, {});
    });
    CHECK_THROWS_WITH(reopen(), Catch::Contains("Messages CID that does not match"));
  }
}

TEST_CASE("chain.log blocks recorded before BLS aggregates still replay", "[devnet][bls][block]") {
  test::TempDir dir;
  SignedMessage from_secp;
  SignedMessage from_bls;
  BlockHeader h;
  {
    Devnet net(mixed_repo(dir.path()));
    const BlockHeader genesis = net.head().blocks[0];
    // Genesis keeps the CID of an empty CBOR list (0x80), so existing repos keep their genesis.
    CHECK(genesis.messages == cbor_cid(Bytes{0x80}));
    // A producer block as the devnet recorded them before: the messages in pool order, a BLS one
    // after a secp256k1 one, committed by one list of CIDs, and no BLS aggregate.
    from_secp = signed_send(net, test::key_address(1), 0, 3, SignatureType::kSecp256k1,
                            test::secret_key(1));
    from_bls = signed_send(net, bls_address(1), 0, 4, SignatureType::kBls, bls_secret(1));
    h.miner = Address::from_id(kProducerMinerId);
    h.height = 1;
    h.ticket = chain_hash(*genesis.ticket, 1);
    h.election_proof = ElectionProof{1, chain_hash(*h.ticket, 1)};
    h.beacon_entries = {BeaconEntry{1, chain_hash(genesis.beacon_entries.back().data, 1)}};
    h.parents = {genesis.cid()};
    h.parent_weight = BigInt::from_uint(1);
    h.parent_state_root = genesis.parent_state_root;
    h.parent_message_receipts = genesis.parent_message_receipts;
    h.messages = single_list_cid({from_secp.cid(), from_bls.cid()});
    h.timestamp = genesis.timestamp;
    h.parent_base_fee = genesis.parent_base_fee;
    h.block_sig = sign_data(SignatureType::kSecp256k1, test::secret_key(1), h.to_cbor());
  }
  RecordLog(dir.path() / "chain.log").append(block_record(h, {from_secp, from_bls}));
  {
    Devnet net(DevnetOptions{dir.path(), DevnetParams{}, 2});
    REQUIRE(net.head().height() == 1);
    CHECK_FALSE(net.head().blocks[0].bls_aggregate);
    for (const auto& m : {from_secp, from_bls}) {
      const auto found = net.search_message(m.cid());
      REQUIRE(found);
      CHECK(found->receipt.exit_code == 0);
    }
    CHECK(balance(net, test::key_address(2)) == BigInt::from_uint(7));
    // The chain goes on with split blocks, which replay too.
    net.push_message(send(bls_address(1), test::key_address(2), BigInt::from_uint(1)));
    net.produce_block();
    CHECK(net.head().blocks[0].bls_aggregate);
  }
  Devnet reopened(DevnetOptions{dir.path(), DevnetParams{}, 2});
  CHECK(reopened.head().height() == 2);
  CHECK(balance(reopened, test::key_address(2)) == BigInt::from_uint(8));
}
