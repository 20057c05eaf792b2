// The devnet VM and actors on a hand-built state. Expected values come from docs/devnet.md (gas:
// 1,000,000 + 1,000 per params byte at the fixed base fee of 100 aFIL; deposits per byte of
// sector size), go-state-types (proof numbers, exit codes, method numbers), builtin-actors v13
// (which check gives which exit code) and ref-fvm (robust addresses).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "devnet/actors.hpp"
#include "devnet/state.hpp"
#include "devnet/vm.hpp"
#include "chain/types/miner_params.hpp"
#include "common/cbor/cbor.hpp"

#include "test/support/keys.hpp"

using namespace tessera;
using namespace tessera::chain;
using namespace tessera::chain::devnet;

namespace {

constexpr std::uint64_t kAlice = 100;
constexpr std::uint64_t kBob = 101;
// 2 KiB sectors: StackedDrgWindow2KiBV1_1 = 10, StackedDrg2KiBV1_1 = 5 (go-state-types abi).
constexpr std::int64_t kWindowPoSt2KiB = 10;
constexpr std::int64_t kSeal2KiB = 5;
constexpr ChainEpoch kEpoch = 1000;
// pre_commit_deposit_per_byte (1000) × 2048.
const TokenAmount kDeposit = BigInt::from_uint(2'048'000);

BigInt amount(std::string_view decimal) {
  return BigInt::parse(decimal);
}

const TokenAmount kBaseFee = BigInt::from_uint(100);  // DevnetParams' fixed base fee

// docs/devnet.md: 1,000,000 gas plus 1,000 per params byte, at base fee 100 aFIL.
TokenAmount fee_for(const Message& m) {
  return BigInt::from_uint((1'000'000 + 1'000 * m.params.size()) * 100);
}

struct Fixture {
  DevnetParams params;
  State state;
  Address alice = test::key_address(1);
  Address bob = test::key_address(2);
  Address carol = test::key_address(3);  // not in the state
  ApplyContext ctx;

  Fixture() {
    add_singleton_actors(state);
    state.actors[kAlice] = Actor{ActorKind::kAccount, alice, amount("1000000000000000000000"), 0};
    state.actors[kBob] = Actor{ActorKind::kAccount, bob, amount("1000000000000000000000"), 0};
    state.key_index[alice] = kAlice;
    state.key_index[bob] = kBob;
    state.next_id = 102;
    ctx.epoch = kEpoch;
    ctx.params = &params;
    ctx.ticket_randomness = [](DomainSeparationTag, ChainEpoch, const Bytes&) {
      return Bytes(32, 1);
    };
    ctx.beacon_randomness = [](DomainSeparationTag, ChainEpoch, const Bytes&) {
      return Bytes(32, 2);
    };
  }

  // A message from `from` with the sender's next nonce and ample gas.
  Message message(const Address& from, const Address& to, std::uint64_t method = 0,
                  Bytes method_params = {}, TokenAmount value = TokenAmount()) const {
    Message m;
    m.from = from;
    m.to = to;
    m.method = method;
    m.params = std::move(method_params);
    m.value = std::move(value);
    m.nonce = state.actor(*state.resolve(from))->nonce;
    m.gas_limit = 10'000'000;
    m.gas_fee_cap = BigInt::from_uint(200);
    m.gas_premium = BigInt::from_uint(100);
    return m;
  }

  MessageReceipt apply(const Message& m) {
    const auto refused = precheck(state, m, kBaseFee);
    INFO((refused ? *refused : std::string("precheck passed")));
    REQUIRE_FALSE(refused);
    return apply_message(state, m, ctx);
  }

  // Applies m, expecting `code` and no change but the sender's nonce and gas.
  void expect_failure(const Message& m, std::int64_t code) {
    const State before = state;
    const MessageReceipt r = apply(m);
    CHECK(r.exit_code == code);
    CHECK(r.return_value.empty());
    const std::uint64_t sender = *before.resolve(m.from);
    State expected = before;
    expected.actors[sender].nonce += 1;
    expected.actors[sender].balance = expected.actors[sender].balance - fee_for(m);
    expected.actors[kBurntFundsActorId].balance =
        expected.actors[kBurntFundsActorId].balance + fee_for(m);
    CHECK(state.to_json() == expected.to_json());
  }

  // CreateMiner by alice (owner = worker = alice) with `value`; returns the new miner's ID.
  std::uint64_t create_miner(TokenAmount value) {
    CreateMinerParams p{alice, alice, kWindowPoSt2KiB, {}, {}};
    const std::uint64_t id = state.next_id;
    const auto r = apply(message(alice, Address::from_id(kPowerActorId), power_method::kCreateMiner,
                                 encode(p), std::move(value)));
    REQUIRE(r.exit_code == exit_code::kOk);
    return id;
  }
};

SectorPreCommitInfo precommit(std::uint64_t number) {
  SectorPreCommitInfo p;
  p.seal_proof = kSeal2KiB;
  p.sector_number = number;
  p.sealed_cid = cid::commitment_sealed_cid(Bytes(32, 0x11));
  p.seal_rand_epoch = kEpoch - 10;
  p.expiration = kEpoch + 5000;
  p.unsealed_cid = cid::commitment_unsealed_cid(Bytes(32, 0x22));
  return p;
}

Bytes batch(std::vector<SectorPreCommitInfo> sectors) {
  return encode(PreCommitSectorBatchParams2{std::move(sectors)});
}

}  // namespace

TEST_CASE("gas is 1,000,000 plus 1,000 per params byte", "[devnet][vm]") {
  Message m;
  CHECK(gas_for(m) == 1'000'000);
  m.params = Bytes(10, 0);
  CHECK(gas_for(m) == 1'010'000);
}

TEST_CASE("precheck refuses messages that cannot be included", "[devnet][vm]") {
  Fixture f;
  Message ok = f.message(f.alice, f.bob, 0, {}, BigInt::from_uint(5));
  CHECK_FALSE(precheck(f.state, ok, kBaseFee));

  SECTION("wrong nonce") {
    Message m = ok;
    m.nonce = 1;
    CHECK(precheck(f.state, m, kBaseFee));
    f.state.actors[kAlice].nonce = 1;
    CHECK_FALSE(precheck(f.state, m, kBaseFee));
    CHECK(precheck(f.state, ok, kBaseFee));  // nonce 0 is now in the past
  }
  SECTION("unknown sender") {
    Message m = ok;
    m.from = f.carol;
    CHECK(precheck(f.state, m, kBaseFee));
    m.from = Address::from_id(555);
    CHECK(precheck(f.state, m, kBaseFee));
  }
  SECTION("sender that is not an account") {
    Message m = ok;
    m.from = Address::from_id(kPowerActorId);
    CHECK(precheck(f.state, m, kBaseFee));
  }
  SECTION("the sender's ID address is accepted") {
    Message m = ok;
    m.from = Address::from_id(kAlice);
    CHECK_FALSE(precheck(f.state, m, kBaseFee));
  }
  SECTION("gas limit below the gas the message uses") {
    Message m = ok;
    m.gas_limit = 999'999;
    CHECK(precheck(f.state, m, kBaseFee));
    m.gas_limit = 1'000'000;
    CHECK_FALSE(precheck(f.state, m, kBaseFee));
    m.params = Bytes(3, 0);  // now 1,003,000
    CHECK(precheck(f.state, m, kBaseFee));
  }
  SECTION("funds below value + gas limit × fee cap") {
    // 10,000,000 × 200 = 2,000,000,000 reserved for gas.
    f.state.actors[kAlice].balance = BigInt::from_uint(2'000'000'005);
    CHECK_FALSE(precheck(f.state, ok, kBaseFee));
    f.state.actors[kAlice].balance = BigInt::from_uint(2'000'000'004);
    CHECK(precheck(f.state, ok, kBaseFee));
  }
}

TEST_CASE("a send moves the value, burns the gas fee and bumps the nonce", "[devnet][vm]") {
  Fixture f;
  const Message m = f.message(f.alice, f.bob, 0, {}, amount("5000000000000000000"));
  const MessageReceipt r = f.apply(m);
  CHECK(r.exit_code == 0);
  CHECK(r.return_value.empty());
  CHECK(r.gas_used == 1'000'000);
  // 1000 FIL - 5 FIL - 1,000,000 × 100 aFIL.
  CHECK(f.state.actor(kAlice)->balance == amount("994999999999900000000"));
  CHECK(f.state.actor(kAlice)->nonce == 1);
  CHECK(f.state.actor(kBob)->balance == amount("1005000000000000000000"));
  CHECK(f.state.actor(kBob)->nonce == 0);
  CHECK(f.state.actor(kBurntFundsActorId)->balance == BigInt::from_uint(100'000'000));

  // The next message needs nonce 1.
  const Message again = f.message(f.alice, f.bob);
  CHECK(again.nonce == 1);
  CHECK(f.apply(again).exit_code == 0);
  CHECK(f.state.actor(kBurntFundsActorId)->balance == BigInt::from_uint(200'000'000));
}

TEST_CASE("a send to a new f1 address creates an account with the next ID", "[devnet][vm]") {
  Fixture f;
  const MessageReceipt r = f.apply(f.message(f.alice, f.carol, 0, {}, BigInt::from_uint(777)));
  CHECK(r.exit_code == 0);
  REQUIRE(f.state.resolve(f.carol) == std::optional<std::uint64_t>(102));
  CHECK(f.state.resolve(Address::from_id(102)) == std::optional<std::uint64_t>(102));
  const Actor* carol = f.state.actor(102);
  REQUIRE(carol);
  CHECK(carol->kind == ActorKind::kAccount);
  CHECK(carol->key == std::optional<Address>(f.carol));
  CHECK(carol->balance == BigInt::from_uint(777));
  CHECK(carol->nonce == 0);
  CHECK(f.state.next_id == 103);

  // The new account is a sender now: its message is refused for funds (777 aFIL cannot cover
  // 10,000,000 × 200 of gas), not for being unknown.
  const Message from_carol = f.message(f.carol, f.alice);
  CHECK(from_carol.nonce == 0);
  CHECK(precheck(f.state, from_carol, kBaseFee));
  f.state.actors[102].balance = BigInt::from_uint(2'000'000'000);
  CHECK_FALSE(precheck(f.state, from_carol, kBaseFee));
}

TEST_CASE("a send to an unknown ID address fails with SysErrInvalidReceiver", "[devnet][vm]") {
  Fixture f;
  f.expect_failure(f.message(f.alice, Address::from_id(555), 0, {}, BigInt::from_uint(1)),
                   exit_code::kSysErrInvalidReceiver);
  CHECK(exit_code::kSysErrInvalidReceiver == 5);
}

TEST_CASE("CreateMiner creates a 2 KiB miner and returns its ID and robust addresses",
          "[devnet][vm]") {
  Fixture f;
  CreateMinerParams p{f.alice, Address::from_id(kBob), kWindowPoSt2KiB, {}, {}};
  const Message m = f.message(f.alice, Address::from_id(kPowerActorId), power_method::kCreateMiner,
                              encode(p), BigInt::from_uint(12345));
  const MessageReceipt r = f.apply(m);
  REQUIRE(r.exit_code == 0);

  // ref-fvm next_actor_address: BLAKE2b-160 of CBOR(origin address) ‖ u64_be(origin nonce) ‖
  // u64_be(actors created so far by this message) — here 0 and 0.
  Bytes origin = {0x55};  // CBOR byte string of 21 bytes
  const Bytes from = f.alice.to_bytes();
  REQUIRE(from.size() == 21);
  origin.insert(origin.end(), from.begin(), from.end());
  origin.insert(origin.end(), 16, 0x00);
  const Address robust = Address::from_actor_data(origin);
  // CreateMinerReturn tuple: 0x82, then ID address f0102 as bytes (protocol 0, varint 102 = 0x66)
  // and the robust address as a 21-byte string.
  CHECK(hex_encode(r.return_value) ==
        "82"
        "420066"
        "55" +
            hex_encode(robust.to_bytes()));

  REQUIRE(f.state.miner(102));
  const MinerState& miner = *f.state.miner(102);
  CHECK(f.state.actor(102)->kind == ActorKind::kMiner);
  CHECK(f.state.actor(102)->balance == BigInt::from_uint(12345));
  CHECK(f.state.actor(kPowerActorId)->balance == TokenAmount());
  CHECK(miner.info.sector_size == 2048);
  CHECK(miner.info.window_post_proof_type == kWindowPoSt2KiB);
  // go-state-types: WindowPoStPartitionSectors is 2 for 2 KiB sectors.
  CHECK(miner.info.window_post_partition_sectors == 2);
  CHECK(miner.info.owner == Address::from_id(kAlice));
  CHECK(miner.info.worker == Address::from_id(kBob));
  CHECK(miner.info.beneficiary == Address::from_id(kAlice));
  CHECK(miner.deadlines.size() == 48);
  CHECK(miner.proving_period_offset >= 0);
  CHECK(miner.proving_period_offset < 480);
  CHECK(f.state.next_id == 103);
  // The value and gas: 1000 FIL - 12345 - fee.
  CHECK(f.state.actor(kAlice)->balance ==
        amount("1000000000000000000000") - BigInt::from_uint(12345) - fee_for(m));
}

TEST_CASE("CreateMiner refuses bad arguments", "[devnet][vm]") {
  Fixture f;
  const Address power = Address::from_id(kPowerActorId);
  SECTION("malformed params") {
    f.expect_failure(f.message(f.alice, power, power_method::kCreateMiner, Bytes{0x01}),
                     exit_code::kErrSerialization);
    f.expect_failure(f.message(f.alice, power, power_method::kCreateMiner, Bytes{0x85, 0x40}),
                     exit_code::kErrSerialization);
    CHECK(exit_code::kErrSerialization == 21);
  }
  SECTION("a WindowPoSt proof that is not V1_1 (StackedDrgWindow2KiBV1 = 5)") {
    CreateMinerParams p{f.alice, f.alice, 5, {}, {}};
    f.expect_failure(f.message(f.alice, power, power_method::kCreateMiner, encode(p)),
                     exit_code::kErrIllegalArgument);
  }
  SECTION("a worker that does not exist") {
    CreateMinerParams p{f.alice, f.carol, kWindowPoSt2KiB, {}, {}};
    f.expect_failure(f.message(f.alice, power, power_method::kCreateMiner, encode(p)),
                     exit_code::kErrIllegalArgument);
  }
  SECTION("an empty multiaddr") {
    CreateMinerParams p{f.alice, f.alice, kWindowPoSt2KiB, {}, {Bytes{}}};
    f.expect_failure(f.message(f.alice, power, power_method::kCreateMiner, encode(p)),
                     exit_code::kErrIllegalArgument);
  }
  SECTION("an unknown power method") {
    f.expect_failure(f.message(f.alice, power, 99), exit_code::kErrUnhandledMessage);
  }
}

TEST_CASE("failed methods change nothing but the sender's nonce and gas", "[devnet][vm]") {
  Fixture f;
  SECTION("unknown method on an account, with value") {
    // The value transfer is undone with the rest.
    f.expect_failure(f.message(f.alice, f.bob, 7, {}, amount("5000000000000000000")),
                     exit_code::kErrUnhandledMessage);
    CHECK(exit_code::kErrUnhandledMessage == 22);
  }
  SECTION("unknown method on a fresh f1 receiver does not create the account") {
    f.expect_failure(f.message(f.alice, f.carol, 7, {}, BigInt::from_uint(1)),
                     exit_code::kErrUnhandledMessage);
    CHECK_FALSE(f.state.resolve(f.carol));
    CHECK(f.state.next_id == 102);
  }
  SECTION("miner methods") {
    const std::uint64_t miner_id = f.create_miner(BigInt::from_uint(10'000));
    const Address miner = Address::from_id(miner_id);
    // /ip4/127.0.0.1/tcp/2345 per the multiaddr spec: 04 7f000001 06 0929.
    const Bytes addr = hex_decode("047f000001060929");

    SECTION("an unknown miner method") {
      f.expect_failure(f.message(f.alice, miner, 99), exit_code::kErrUnhandledMessage);
    }
    SECTION("ChangeMultiaddrs from a stranger is forbidden") {
      f.expect_failure(f.message(f.bob, miner, miner_method::kChangeMultiaddrs,
                                 encode(ChangeMultiaddrsParams{{addr}})),
                       exit_code::kErrForbidden);
      CHECK(exit_code::kErrForbidden == 18);
    }
    SECTION("ChangeMultiaddrs with an empty multiaddr") {
      f.expect_failure(f.message(f.alice, miner, miner_method::kChangeMultiaddrs,
                                 encode(ChangeMultiaddrsParams{{addr, Bytes{}}})),
                       exit_code::kErrIllegalArgument);
      CHECK(exit_code::kErrIllegalArgument == 16);
    }
    SECTION("ChangeMultiaddrs checks the addresses before the caller") {
      // builtin-actors v13 change_multiaddresses: check_peer_info, then
      // validate_immediate_caller_is.
      f.expect_failure(f.message(f.bob, miner, miner_method::kChangeMultiaddrs,
                                 encode(ChangeMultiaddrsParams{{Bytes{}}})),
                       exit_code::kErrIllegalArgument);
    }
    SECTION("ChangeMultiaddrs over 1024 bytes in all") {
      f.expect_failure(f.message(f.alice, miner, miner_method::kChangeMultiaddrs,
                                 encode(ChangeMultiaddrsParams{{Bytes(600, 4), Bytes(425, 4)}})),
                       exit_code::kErrIllegalArgument);
    }
    SECTION("ChangeMultiaddrs with malformed params") {
      f.expect_failure(f.message(f.alice, miner, miner_method::kChangeMultiaddrs, Bytes{0xff}),
                       exit_code::kErrSerialization);
    }
    SECTION("ChangeMultiaddrs by the owner") {
      const auto r = f.apply(f.message(f.alice, miner, miner_method::kChangeMultiaddrs,
                                       encode(ChangeMultiaddrsParams{{addr}})));
      CHECK(r.exit_code == 0);
      CHECK(f.state.miner(miner_id)->info.multiaddrs == std::vector<Bytes>{addr});
    }
    SECTION("WithdrawBalance from a stranger is forbidden") {
      f.expect_failure(f.message(f.bob, miner, miner_method::kWithdrawBalance,
                                 encode(WithdrawBalanceParams{BigInt::from_uint(1)})),
                       exit_code::kErrForbidden);
    }
  }
}

TEST_CASE("WithdrawBalance pays at most the available balance to the owner", "[devnet][vm]") {
  Fixture f;
  const std::uint64_t miner_id = f.create_miner(BigInt::from_uint(10'000));
  const Address miner = Address::from_id(miner_id);
  const TokenAmount before = f.state.actor(kAlice)->balance;
  const Message m = f.message(f.alice, miner, miner_method::kWithdrawBalance,
                              encode(WithdrawBalanceParams{amount("1000000000000000000000000")}));
  const MessageReceipt r = f.apply(m);
  CHECK(r.exit_code == 0);
  // WithdrawBalanceReturn (transparent): the CBOR big integer 10000 = 0x2710 -> 43 00 27 10.
  CHECK(hex_encode(r.return_value) == "43002710");
  CHECK(f.state.actor(miner_id)->balance == TokenAmount());
  CHECK(f.state.actor(kAlice)->balance == before + BigInt::from_uint(10'000) - fee_for(m));

  // Nothing left: a second withdrawal pays 0 (CBOR empty byte string 0x40).
  const MessageReceipt again =
      f.apply(f.message(f.alice, miner, miner_method::kWithdrawBalance,
                        encode(WithdrawBalanceParams{BigInt::from_uint(5)})));
  CHECK(again.exit_code == 0);
  CHECK(hex_encode(again.return_value) == "40");
}

TEST_CASE("PreCommitSectorBatch2 checks each sector and takes the deposit", "[devnet][vm]") {
  Fixture f;
  // Twice the deposit less one: enough for one sector, not two.
  const std::uint64_t miner_id = f.create_miner(BigInt::from_uint(2 * 2'048'000 - 1));
  const Address miner = Address::from_id(miner_id);
  const auto send = [&](std::vector<SectorPreCommitInfo> sectors, const Address& from) {
    return f.message(from, miner, miner_method::kPreCommitSectorBatch2, batch(std::move(sectors)));
  };
  const auto refused = [&](SectorPreCommitInfo p, std::int64_t code) {
    f.expect_failure(send({std::move(p)}, f.alice), code);
    CHECK(f.state.miner(miner_id)->precommits.empty());
  };

  SECTION("seal proof of another size or version") {
    auto p = precommit(1);
    p.seal_proof = 8;  // StackedDrg32GiBV1_1
    refused(p, exit_code::kErrIllegalArgument);
    p.seal_proof = 0;  // StackedDrg2KiBV1
    refused(p, exit_code::kErrIllegalArgument);
  }
  SECTION("sealed CID with the wrong codec or hash") {
    auto p = precommit(1);
    p.sealed_cid.codec = cid::kCodecRaw;
    refused(p, exit_code::kErrIllegalArgument);
    p.sealed_cid = cid::commitment_unsealed_cid(Bytes(32, 0x11));
    refused(p, exit_code::kErrIllegalArgument);
  }
  SECTION("unsealed CID with the wrong prefix") {
    auto p = precommit(1);
    p.unsealed_cid = cid::commitment_sealed_cid(Bytes(32, 0x22));
    refused(p, exit_code::kErrIllegalArgument);
  }
  SECTION("seal randomness epoch not before the current epoch") {
    auto p = precommit(1);
    p.seal_rand_epoch = kEpoch;
    refused(p, exit_code::kErrIllegalArgument);
    p.seal_rand_epoch = kEpoch + 1;
    refused(p, exit_code::kErrIllegalArgument);
  }
  SECTION("seal randomness older than MaxPreCommitRandomnessLookback (200)") {
    auto p = precommit(1);
    p.seal_rand_epoch = kEpoch - 201;
    refused(p, exit_code::kErrIllegalArgument);
    p.seal_rand_epoch = kEpoch - 200;  // the oldest allowed
    CHECK(f.apply(send({p}, f.alice)).exit_code == 0);
  }
  SECTION("expiration too early") {
    auto p = precommit(1);
    p.expiration = kEpoch + 1;
    refused(p, exit_code::kErrIllegalArgument);
    p.expiration = kEpoch - 1;
    refused(p, exit_code::kErrIllegalArgument);
  }
  SECTION("deal IDs (the devnet has no market)") {
    auto p = precommit(1);
    p.deal_ids = {7};
    refused(p, exit_code::kErrIllegalArgument);
  }
  SECTION("an empty batch") {
    f.expect_failure(send({}, f.alice), exit_code::kErrIllegalArgument);
  }
  SECTION("a caller that is not owner, worker or control") {
    f.expect_failure(send({precommit(1)}, f.bob), exit_code::kErrForbidden);
  }
  SECTION("malformed params") {
    f.expect_failure(
        f.message(f.alice, miner, miner_method::kPreCommitSectorBatch2, Bytes{0x81, 0x01}),
        exit_code::kErrSerialization);
  }
  SECTION("a sector number twice in one batch") {
    f.expect_failure(send({precommit(1), precommit(1)}, f.alice), exit_code::kErrIllegalArgument);
    CHECK(f.state.miner(miner_id)->allocated_sectors.count() == 0);
  }
  SECTION("deposits beyond the available balance") {
    f.expect_failure(send({precommit(1), precommit(2)}, f.alice), exit_code::kErrInsufficientFunds);
    CHECK(exit_code::kErrInsufficientFunds == 19);
  }
  SECTION("success, then the same number again and a second sector without funds") {
    const auto p = precommit(1);
    const MessageReceipt r = f.apply(send({p}, f.alice));
    REQUIRE(r.exit_code == 0);
    const MinerState& m = *f.state.miner(miner_id);
    REQUIRE(m.precommits.contains(1));
    CHECK(m.precommits.at(1).info == p);
    CHECK(m.precommits.at(1).pre_commit_deposit == kDeposit);
    CHECK(m.precommits.at(1).pre_commit_epoch == kEpoch);
    CHECK(m.pre_commit_deposits == kDeposit);
    CHECK(m.allocated_sectors.contains(1));
    // 4,095,999 - 2,048,000 locked.
    CHECK(f.state.miner_available_balance(miner_id) == BigInt::from_uint(2'047'999));

    f.expect_failure(send({precommit(1)}, f.alice), exit_code::kErrIllegalArgument);
    f.expect_failure(send({precommit(2)}, f.alice), exit_code::kErrInsufficientFunds);

    // Value sent with the message reaches the miner before the deposit check.
    Message funded = send({precommit(2)}, f.alice);
    funded.value = BigInt::from_uint(1);
    CHECK(f.apply(funded).exit_code == 0);
    CHECK(f.state.miner(miner_id)->pre_commit_deposits == BigInt::from_uint(2 * 2'048'000));
    CHECK(f.state.miner_available_balance(miner_id) == TokenAmount());

    // WithdrawBalance cannot touch the deposits.
    const MessageReceipt w =
        f.apply(f.message(f.alice, miner, miner_method::kWithdrawBalance,
                          encode(WithdrawBalanceParams{BigInt::from_uint(1)})));
    CHECK(w.exit_code == 0);
    CHECK(hex_encode(w.return_value) == "40");
    CHECK(f.state.actor(miner_id)->balance == BigInt::from_uint(2 * 2'048'000));
  }
  SECTION("the worker may precommit") {
    // Hand the worker role to bob directly in the state.
    f.state.miners[miner_id].info.worker = Address::from_id(kBob);
    CHECK(f.apply(send({precommit(3)}, f.bob)).exit_code == 0);
    CHECK(f.state.miner(miner_id)->precommits.contains(3));
  }
}

// A sender never pays more than value + gas limit × fee cap: lotus's mpool refuses a fee cap
// below the base fee (ErrGasFeeCapTooLow), so precheck does, and nothing is charged.
TEST_CASE("PreCommitSector (method 6) precommits one sector, without capacity replacement",
          "[devnet][vm]") {
  Fixture f;
  const std::uint64_t miner_id = f.create_miner(BigInt::from_uint(2'048'000));
  const Address miner = Address::from_id(miner_id);
  PreCommitSectorParams params{precommit(4), true, 0, 0, 0};
  // builtin-actors v13: replace_capacity is refused ("cc upgrade through precommit discontinued").
  f.expect_failure(f.message(f.alice, miner, miner_method::kPreCommitSector, encode(params)),
                   exit_code::kErrForbidden);
  params.replace_capacity = false;
  CHECK(f.apply(f.message(f.alice, miner, miner_method::kPreCommitSector, encode(params)))
            .exit_code == 0);
  REQUIRE(f.state.miner(miner_id)->precommits.count(4) == 1);
  CHECK(f.state.miner(miner_id)->precommits.at(4).pre_commit_deposit ==
        BigInt::from_uint(2'048'000));
}

TEST_CASE("a fee cap below the base fee is refused before anything is charged", "[devnet][vm]") {
  Fixture f;
  f.state.actors[kAlice].balance = BigInt::from_uint(1'000'000);
  Message m = f.message(f.alice, f.bob);
  m.gas_fee_cap = BigInt::from_uint(99);
  m.gas_premium = TokenAmount();
  m.gas_limit = 1'000'000;
  const auto refused = precheck(f.state, m, kBaseFee);
  REQUIRE(refused);
  CHECK_THAT(*refused, Catch::Contains("below the base fee"));
  m.gas_fee_cap = kBaseFee;  // now the next check speaks: 1,000,000 × 100 exceeds the balance
  const auto poor = precheck(f.state, m, kBaseFee);
  REQUIRE(poor);
  CHECK_THAT(*poor, Catch::Contains("not enough funds"));
}
