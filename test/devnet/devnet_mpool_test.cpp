#include <catch2/catch.hpp>

#include <filesystem>

#include "devnet/mpool.hpp"
#include "common/error.hpp"
#include "test/support/keys.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::chain;
using namespace tessera::chain::devnet;

namespace {

constexpr std::uint64_t kAlice = 100;
constexpr std::uint64_t kBob = 101;

struct Fixture {
  test::TempDir dir;
  std::filesystem::path log = dir / "mpool.log";
  State state;

  Fixture() {
    state.actors[kAlice] =
        Actor{ActorKind::kAccount, test::key_address(1), BigInt::from_uint(1), 0};
    state.actors[kBob] = Actor{ActorKind::kAccount, test::key_address(2), BigInt::from_uint(1), 0};
    state.key_index[test::key_address(1)] = kAlice;
    state.key_index[test::key_address(2)] = kBob;
  }

  // A message signed by key `who` (1 = alice, 2 = bob, 3 = not in the state).
  SignedMessage signed_message(std::uint8_t who, std::uint64_t nonce) const {
    Message m;
    m.from = test::key_address(who);
    m.to = Address::from_id(kBob);
    m.nonce = nonce;
    m.value = BigInt::from_uint(nonce + 1);
    m.gas_limit = 1'000'000;
    return SignedMessage{m, sign_message(m, SignatureType::kSecp256k1, test::secret_key(who))};
  }
};

std::vector<std::string> cids(const std::vector<SignedMessage>& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages) out.push_back(m.cid().to_string());
  return out;
}

}  // namespace

TEST_CASE("mpool messages survive reopening the pool", "[devnet][mpool]") {
  Fixture f;
  const SignedMessage m0 = f.signed_message(1, 0);
  {
    MessagePool pool(f.log, f.state);
    CHECK(pool.size() == 0);
    pool.add(kAlice, m0);
    CHECK(pool.size() == 1);
  }
  MessagePool pool(f.log, f.state);
  CHECK(pool.size() == 1);
  CHECK(cids(pool.pending()) == cids({m0}));
  CHECK(pool.pending().front().signature == m0.signature);
}

TEST_CASE("mpool refuses a second message with the same sender and nonce", "[devnet][mpool]") {
  Fixture f;
  MessagePool pool(f.log, f.state);
  pool.add(kAlice, f.signed_message(1, 0));
  SignedMessage other = f.signed_message(1, 0);
  other.message.value = BigInt::from_uint(99);
  CHECK_THROWS_AS(pool.add(kAlice, other), Conflict);
  CHECK(pool.size() == 1);
  // The same nonce from another sender is fine.
  pool.add(kBob, f.signed_message(2, 0));
  CHECK(pool.size() == 2);
  // The refused message was not persisted either.
  MessagePool reopened(f.log, f.state);
  CHECK(reopened.size() == 2);
}

TEST_CASE("mpool next_nonce counts the contiguous pending nonces", "[devnet][mpool]") {
  Fixture f;
  MessagePool pool(f.log, f.state);
  CHECK(pool.next_nonce(f.state, kAlice) == 0);
  pool.add(kAlice, f.signed_message(1, 0));
  CHECK(pool.next_nonce(f.state, kAlice) == 1);
  pool.add(kAlice, f.signed_message(1, 1));
  CHECK(pool.next_nonce(f.state, kAlice) == 2);
  pool.add(kAlice, f.signed_message(1, 3));  // a gap at 2
  CHECK(pool.next_nonce(f.state, kAlice) == 2);
  pool.add(kAlice, f.signed_message(1, 2));
  CHECK(pool.next_nonce(f.state, kAlice) == 4);

  // Without pending messages: the state's nonce.
  f.state.actors[kBob].nonce = 5;
  CHECK(pool.next_nonce(f.state, kBob) == 5);
  // Pending messages start from the state's nonce; ones below it do not count.
  f.state.actors[kAlice].nonce = 2;
  CHECK(pool.next_nonce(f.state, kAlice) == 4);
  f.state.actors[kAlice].nonce = 7;
  CHECK(pool.next_nonce(f.state, kAlice) == 7);
}

TEST_CASE("mpool pending orders by sender ID, then nonce", "[devnet][mpool]") {
  Fixture f;
  MessagePool pool(f.log, f.state);
  const auto b0 = f.signed_message(2, 0);
  const auto a1 = f.signed_message(1, 1);
  const auto a0 = f.signed_message(1, 0);
  pool.add(kBob, b0);
  pool.add(kAlice, a1);
  pool.add(kAlice, a0);
  CHECK(cids(pool.pending()) == cids({a0, a1, b0}));
}

TEST_CASE("mpool prune drops included messages and empties the log", "[devnet][mpool]") {
  Fixture f;
  MessagePool pool(f.log, f.state);
  const auto a0 = f.signed_message(1, 0);
  const auto a1 = f.signed_message(1, 1);
  const auto a3 = f.signed_message(1, 3);
  const auto b0 = f.signed_message(2, 0);
  for (const auto& m : {a0, a1, a3}) pool.add(kAlice, m);
  pool.add(kBob, b0);

  // Alice's 0 and 1 included.
  f.state.actors[kAlice].nonce = 2;
  pool.prune(f.state);
  CHECK(cids(pool.pending()) == cids({a3, b0}));
  CHECK(std::filesystem::file_size(f.log) > 0);

  // A reopened pool drops what the state included too.
  {
    MessagePool reopened(f.log, f.state);
    CHECK(cids(reopened.pending()) == cids({a3, b0}));
  }

  f.state.actors[kAlice].nonce = 4;
  f.state.actors[kBob].nonce = 1;
  pool.prune(f.state);
  CHECK(pool.size() == 0);
  CHECK(pool.pending().empty());
  CHECK(std::filesystem::file_size(f.log) == 0);

  MessagePool reopened(f.log, f.state);
  CHECK(reopened.size() == 0);
}

TEST_CASE("mpool reload drops messages the state already included", "[devnet][mpool]") {
  Fixture f;
  const auto a0 = f.signed_message(1, 0);
  const auto a1 = f.signed_message(1, 1);
  const auto stranger = f.signed_message(3, 0);
  {
    MessagePool pool(f.log, f.state);
    pool.add(kAlice, a0);
    pool.add(kAlice, a1);
    pool.add(555, stranger);  // a sender the reloading state does not know
  }
  f.state.actors[kAlice].nonce = 1;
  MessagePool pool(f.log, f.state);
  CHECK(cids(pool.pending()) == cids({a1}));
  CHECK(pool.next_nonce(f.state, kAlice) == 2);
}
