// The in-process devnet (no daemon): blocks, messages through the wallet and the mpool, replay of
// chain.log on reopening, and what a damaged chain.log does (docs/devnet.md "The repo
// directory": one record per block, CBOR [header CBOR, [signed message CBOR…]]; records framed as
// record_log.hpp says: u32_be(length) ‖ 8 checksum bytes ‖ payload).
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>

#include "devnet/devnet.hpp"
#include "devnet/record_log.hpp"
#include "common/cbor/cbor.hpp"
#include "common/error.hpp"
#include "test/support/files.hpp"
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
const BigInt kOneFil = BigInt::parse("1000000000000000000");
// docs/devnet.md: a send uses 1,000,000 gas at the fixed base fee of 100 aFIL.
const BigInt kSendFee = BigInt::from_uint(100'000'000);

DevnetOptions options(const std::filesystem::path& repo) {
  return DevnetOptions{repo, DevnetParams{}, 2};
}

std::uint64_t record_length(const Bytes& log, std::size_t at) {
  return (std::uint64_t{log[at]} << 24) | (std::uint64_t{log[at + 1]} << 16) |
         (std::uint64_t{log[at + 2]} << 8) | log[at + 3];
}

// The header and messages of a chain.log record.
std::pair<BlockHeader, std::vector<Bytes>> parse_record(const Bytes& record) {
  const auto v = cbor::decode(record);
  REQUIRE(v.is_array());
  REQUIRE(v.as_array().size() == 2);
  std::vector<Bytes> messages;
  for (const auto& m : v.as_array()[1].as_array()) messages.push_back(m.as_bytes());
  return {BlockHeader::from_cbor(v.as_array()[0].as_bytes()), messages};
}

Bytes make_record(const BlockHeader& header, const std::vector<Bytes>& messages) {
  cbor::Writer w;
  w.write_array_header(2);
  w.write_bytes(header.to_cbor());
  w.write_array_header(messages.size());
  for (const auto& m : messages) w.write_bytes(m);
  return w.take();
}

struct Snapshot {
  cid::Cid head;
  ChainEpoch height;
  cid::Cid state_root;
};

Snapshot snapshot(const Devnet& net) {
  const TipSet head = net.head();
  REQUIRE(head.blocks.size() == 1);
  return {head.blocks.front().cid(), head.height(), net.state_at({})->root()};
}

void check_same(const Snapshot& a, const Snapshot& b) {
  CHECK(a.head == b.head);
  CHECK(a.height == b.height);
  CHECK(a.state_root == b.state_root);
}

}  // namespace

TEST_CASE("devnet produces blocks and includes a wallet send", "[devnet]") {
  test::TempDir dir;
  Devnet net(options(dir.path()));
  REQUIRE(net.wallet().addresses().size() == 2);
  const Address a = net.wallet().addresses()[0];
  const Address b = net.wallet().addresses()[1];
  CHECK(net.head().height() == 0);
  CHECK(balance(net, a) == kGenesisBalance);
  CHECK(balance(net, b) == kGenesisBalance);

  CHECK(net.produce_block() == 1);
  CHECK(net.produce_block() == 2);
  CHECK(net.produce_block() == 3);
  CHECK(net.head().height() == 3);
  CHECK(net.tipset_at(2).height() == 2);
  CHECK(net.head().blocks.front().parents == net.tipset_at(2).key().cids);
  CHECK_THROWS_AS(net.tipset_at(4), NotFound);

  const SignedMessage sm = net.push_message(send(a, b, kOneFil));
  CHECK(sm.message.nonce == 0);
  CHECK(sm.message.from == a);
  CHECK(sm.message.gas_limit >= 1'000'000);
  CHECK(verify_message_signature(sm.message, sm.signature));
  CHECK(net.next_nonce(a) == 1);
  CHECK_FALSE(net.search_message(sm.cid()));

  CHECK(net.produce_block() == 4);
  const auto found = net.search_message(sm.cid());
  REQUIRE(found);
  CHECK(found->receipt.exit_code == 0);
  CHECK(found->height == 4);
  CHECK(found->tipset == net.head().key());
  CHECK(balance(net, a) == kGenesisBalance - kOneFil - kSendFee);
  CHECK(balance(net, b) == kGenesisBalance + kOneFil);
  CHECK(net.next_nonce(a) == 1);

  // Included with confidence 0: wait_message returns at once.
  std::atomic<bool> cancelled{false};
  const auto waited = net.wait_message(sm.cid(), 0, cancelled);
  REQUIRE(waited);
  CHECK(waited->height == 4);
  // A message that never comes: a cancelled wait returns nullopt.
  cancelled = true;
  CHECK_FALSE(net.wait_message(cid::commitment_sealed_cid(Bytes(32, 0)), 0, cancelled));

  // An ID-address From is replaced by the wallet's key address (docs/devnet.md); the first
  // genesis account is f0100.
  const SignedMessage by_id =
      net.push_message(send(Address::from_id(100), b, BigInt::from_uint(1)));
  CHECK(by_id.message.from == a);
  CHECK(by_id.message.nonce == 1);
}

TEST_CASE("devnet reopens at the same head and state", "[devnet]") {
  test::TempDir dir;
  Snapshot before{};
  cid::Cid message;
  {
    Devnet net(options(dir.path()));
    const Address a = net.wallet().addresses()[0];
    const Address b = net.wallet().addresses()[1];
    net.produce_block();
    message = net.push_message(send(a, b, kOneFil)).cid();
    net.produce_block();
    net.produce_block();
    before = snapshot(net);
    CHECK(before.height == 3);
  }
  Devnet net(options(dir.path()));
  check_same(before, snapshot(net));
  const auto found = net.search_message(message);
  REQUIRE(found);
  CHECK(found->height == 2);
  CHECK(found->receipt.exit_code == 0);
  CHECK(net.wallet().addresses().size() == 2);
  CHECK(balance(net, net.wallet().addresses()[1]) == kGenesisBalance + kOneFil);
  // The chain goes on from there.
  CHECK(net.produce_block() == 4);
}

TEST_CASE("devnet keeps an acknowledged message across a restart", "[devnet]") {
  test::TempDir dir;
  cid::Cid message;
  {
    Devnet net(options(dir.path()));
    const Address a = net.wallet().addresses()[0];
    message = net.push_message(send(a, net.wallet().addresses()[1], kOneFil)).cid();
  }
  Devnet net(options(dir.path()));
  CHECK(net.next_nonce(net.wallet().addresses()[0]) == 1);
  net.produce_block();
  const auto found = net.search_message(message);
  REQUIRE(found);
  CHECK(found->receipt.exit_code == 0);
}

TEST_CASE("devnet drops a torn last block record on reopening", "[devnet]") {
  test::TempDir dir;
  Snapshot at2{};
  {
    Devnet net(options(dir.path()));
    net.produce_block();
    net.produce_block();
    at2 = snapshot(net);
    net.produce_block();
  }
  const auto log = dir / "chain.log";
  SECTION("truncated mid-record") {
    std::filesystem::resize_file(log, std::filesystem::file_size(log) - 7);
  }
  SECTION("a flipped byte in the last record's payload (a corrupt tail)") {
    Bytes data = test::read_bytes(log);
    // Skip the first two whole records: 12-byte header + payload each.
    std::size_t at = 0;
    for (int i = 0; i < 2; ++i) at += 12 + record_length(data, at);
    const std::uint64_t length = record_length(data, at);
    REQUIRE(at + 12 + length == data.size());
    data[at + 12 + length / 2] ^= 0x40;
    test::write_bytes(log, data);
  }
  {
    Devnet net(options(dir.path()));
    check_same(at2, snapshot(net));
    CHECK(net.produce_block() == 3);
  }
  Devnet net(options(dir.path()));
  CHECK(net.head().height() == 3);
}

// docs/devnet.md: "a corrupt record in the middle fails the start"; devnet.hpp: InvalidInput
// "when the block log does not replay (a corrupt … repo)"; record_log.hpp: a damaged record with
// others after it is refused, not dropped.
TEST_CASE("devnet refuses to start on a corrupt record in the middle of chain.log", "[devnet]") {
  test::TempDir dir;
  {
    Devnet net(options(dir.path()));
    net.produce_block();
    net.produce_block();
    net.produce_block();
  }
  const auto log = dir / "chain.log";
  Bytes data = test::read_bytes(log);
  const std::uint64_t length = record_length(data, 0);
  REQUIRE(12 + length < data.size());
  data[12 + length / 2] ^= 0x01;  // the first record's payload; nothing else changed
  test::write_bytes(log, data);
  const auto size = data.size();

  try {
    Devnet net(options(dir.path()));
    FAIL("the devnet opened a chain.log with a corrupt record in the middle");
  } catch (const InvalidInput& e) {
    CHECK_THAT(e.what(), Catch::Contains("chain.log"));
  }
  // The later (intact) blocks are not thrown away.
  CHECK(std::filesystem::file_size(log) == size);
}

TEST_CASE("devnet refuses a chain.log record that does not replay", "[devnet]") {
  test::TempDir dir;
  Bytes head_record;
  SignedMessage included;
  cid::Cid head_cid;
  cid::Cid head_state_root;
  {
    Devnet net(options(dir.path()));
    net.produce_block();
    included =
        net.push_message(send(net.wallet().addresses()[0], net.wallet().addresses()[1], kOneFil));
    net.produce_block();
    head_cid = net.head().blocks.front().cid();
    head_state_root = net.state_at({})->root();
  }
  const auto log_path = dir / "chain.log";
  {
    RecordLog log(log_path);
    REQUIRE(log.initial_records().size() == 2);
    head_record = log.initial_records().back();
  }
  auto [header, messages] = parse_record(head_record);
  REQUIRE(header.height == 2);
  REQUIRE(messages.size() == 1);

  Bytes bad;
  SECTION("a repeated record: wrong height") {
    bad = head_record;
  }
  SECTION("the right height but another parent") {
    header.height = 3;
    messages.clear();
    bad = make_record(header, messages);  // parents still name block 1
  }
  SECTION("the right height and parent but a parent state the replay does not reach") {
    header.height = 3;
    header.parents = {head_cid};
    header.parent_state_root = cid::commitment_sealed_cid(Bytes(32, 7));
    messages.clear();
    bad = make_record(header, messages);
  }
  SECTION("a message that cannot apply (its nonce was used)") {
    header.height = 3;
    header.parents = {head_cid};
    header.parent_state_root = head_state_root;
    messages = {included.to_cbor()};
    bad = make_record(header, messages);
  }
  SECTION("a payload that is not a block record") {
    bad = Bytes{'n', 'o', 't', ' ', 'c', 'b', 'o', 'r'};
  }
  {
    RecordLog log(log_path);
    log.append(bad);
  }
  try {
    Devnet net(options(dir.path()));
    FAIL("the devnet opened a chain.log that does not replay");
  } catch (const InvalidInput& e) {
    CHECK_THAT(e.what(), Catch::Contains("chain.log"));
  }
}

TEST_CASE("devnet push_message refuses what it cannot send", "[devnet]") {
  test::TempDir dir;
  Devnet net(options(dir.path()));
  const Address a = net.wallet().addresses()[0];
  const Address b = net.wallet().addresses()[1];

  Message with_nonce = send(a, b, BigInt::from_uint(1));
  with_nonce.nonce = 3;
  CHECK_THROWS_AS(net.push_message(with_nonce), InvalidInput);

  // A key the wallet lacks (secret 1 is not one of the random wallet keys).
  CHECK_THROWS_AS(net.push_message(send(test::key_address(1), b, BigInt::from_uint(1))),
                  InvalidInput);

  // More than the balance.
  CHECK_THROWS_AS(net.push_message(send(a, b, kGenesisBalance)), InvalidInput);

  CHECK(net.next_nonce(a) == 0);
  net.produce_block();
  CHECK(balance(net, a) == kGenesisBalance);
}

// devnet.hpp: push_message throws "InvalidInput for … an unknown sender".
TEST_CASE("devnet push_message from an unknown ID address is InvalidInput", "[devnet]") {
  test::TempDir dir;
  Devnet net(options(dir.path()));
  CHECK_THROWS_AS(
      net.push_message(send(Address::from_id(555), net.wallet().addresses()[1], BigInt())),
      InvalidInput);
}

TEST_CASE("devnet push_signed checks the signature and the sender", "[devnet]") {
  test::TempDir dir;
  Devnet net(options(dir.path()));
  const Address a = net.wallet().addresses()[0];
  const Address outsider = test::key_address(1);

  Message m = net.estimate_gas(send(a, outsider, BigInt::from_uint(5)));
  m.nonce = 0;

  SECTION("a signature by another key") {
    const SignedMessage bad{m, sign_message(m, SignatureType::kSecp256k1, test::secret_key(1))};
    CHECK_THROWS_AS(net.push_signed(bad), InvalidInput);
  }
  SECTION("a damaged signature") {
    SignedMessage bad{m, net.wallet().sign(a, m.cid().to_bytes())};
    REQUIRE(verify_message_signature(m, bad.signature));
    bad.signature.data[10] ^= 0x01;
    CHECK_THROWS_AS(net.push_signed(bad), InvalidInput);
  }
  SECTION("a signature over another message") {
    Message other = m;
    other.value = BigInt::from_uint(6);
    const SignedMessage bad{m, net.wallet().sign(a, other.cid().to_bytes())};
    CHECK_THROWS_AS(net.push_signed(bad), InvalidInput);
  }
  // Nothing was queued.
  CHECK(net.next_nonce(a) == 0);
  net.produce_block();
  CHECK(balance(net, a) == kGenesisBalance);
  CHECK(net.state_at({})->resolve(outsider) == std::nullopt);
}

TEST_CASE("devnet push_signed queues a message signed outside the wallet", "[devnet]") {
  test::TempDir dir;
  Devnet net(options(dir.path()));
  const Address a = net.wallet().addresses()[0];
  const Address outsider = test::key_address(1);

  // Unknown to the chain yet: refused even with a good signature.
  Message early = net.estimate_gas(send(outsider, a, BigInt::from_uint(1)));
  CHECK_THROWS_AS(net.push_signed(SignedMessage{
                      early, sign_message(early, SignatureType::kSecp256k1, test::secret_key(1))}),
                  InvalidInput);

  // Fund it; the send creates its account.
  net.push_message(send(a, outsider, kOneFil));
  net.produce_block();
  CHECK(balance(net, outsider) == kOneFil);

  Message m = net.estimate_gas(send(outsider, a, BigInt::from_uint(1000)));
  m.nonce = net.next_nonce(outsider);
  REQUIRE(m.nonce == 0);
  const SignedMessage sm{m, sign_message(m, SignatureType::kSecp256k1, test::secret_key(1))};
  CHECK(net.push_signed(sm) == sm.cid());
  CHECK(net.next_nonce(outsider) == 1);
  net.produce_block();
  const auto found = net.search_message(sm.cid());
  REQUIRE(found);
  CHECK(found->receipt.exit_code == 0);
  CHECK(balance(net, outsider) == kOneFil - BigInt::from_uint(1000) - kSendFee);

  // Its nonce is used now.
  Message replay = m;
  replay.value = BigInt::from_uint(2000);
  CHECK_THROWS_AS(
      net.push_signed(SignedMessage{
          replay, sign_message(replay, SignatureType::kSecp256k1, test::secret_key(1))}),
      InvalidInput);
}
