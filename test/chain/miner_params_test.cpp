#include <catch2/catch.hpp>

#include "chain/types/miner_params.hpp"
#include "common/error.hpp"

using namespace tessera;
using namespace tessera::chain;

namespace {

const auto kSealed = cid::commitment_sealed_cid(Bytes(32, 0x11));
const auto kUnsealed = cid::commitment_unsealed_cid(Bytes(32, 0x22));

}  // namespace

// Byte layouts written out by hand from the cbor-gen tuple rules (array of the fields in
// declaration order; addresses, bitfields and big integers as byte strings).
TEST_CASE("simple miner params have cbor-gen's tuple layout", "[miner_params]") {
  CHECK(hex_encode(encode(ChangePeerIDParams{hex_decode("00240102")})) == "814400240102");
  CHECK(hex_encode(encode(WithdrawBalanceParams{fil_precision()})) == "8149000de0b6b3a7640000");
  CHECK(hex_encode(encode(ChangeMultiaddrsParams{{hex_decode("047f000001"), hex_decode("06")}})) ==
        "818245047f0000014106");
  CHECK(hex_encode(
            encode(ChangeWorkerAddressParams{Address::from_id(1001), {Address::from_id(1002)}})) ==
        "824300e9078143"
        "00ea07");
  CHECK(hex_encode(encode(ProveCommitSectorParams{7, hex_decode("abcd")})) == "820742abcd");
  CHECK(hex_encode(encode(CreateMinerParams{
            Address::from_id(100), Address::from_id(101), 3, hex_decode("01"), {}})) ==
        "85420064420065034101"
        "80");
}

TEST_CASE("miner params round trip", "[miner_params]") {
  CreateMinerParams create{Address::parse("f1wcuzrs736zqzbbjjdgl2wvyyufuk4pefbymzf2i"),
                           Address::from_id(1000),
                           8,
                           hex_decode("0024080112"),
                           {hex_decode("047f000001")}};
  CHECK(decode_create_miner(encode(create)) == create);
  ChangeWorkerAddressParams worker{Address::from_id(1001),
                                   {Address::from_id(1002), Address::from_id(1003)}};
  CHECK(decode_change_worker_address(encode(worker)) == worker);
  CHECK(decode_change_peer_id(encode(ChangePeerIDParams{hex_decode("0024")})).new_id ==
        hex_decode("0024"));
  CHECK(decode_withdraw_balance(encode(WithdrawBalanceParams{BigInt::from_uint(5)}))
            .amount_requested == BigInt::from_uint(5));
  DeclarationsParams faults{
      {{3, 0, BitField::from_runs({1, 2})}, {47, 2, BitField::from_runs({0, 1})}}};
  CHECK(decode_declarations(encode(faults)) == faults);

  SubmitWindowedPoStParams post{4,
                                {{0, BitField()}, {1, BitField::from_runs({5, 1})}},
                                {{13, hex_decode("0102")}},
                                1234,
                                Bytes(32, 9)};
  CHECK(decode_submit_windowed_post(encode(post)) == post);

  PreCommitSectorBatchParams2 precommit{{{5, 1, kSealed, 100, {}, 5000, kUnsealed},
                                         {5, 2, kSealed, 101, {7, 8}, 6000, std::nullopt}}};
  CHECK(decode_precommit_sector_batch2(encode(precommit)) == precommit);

  PreCommitSectorParams single{{5, 3, kSealed, 102, {}, 7000, std::nullopt}, false, 0, 0, 0};
  CHECK(decode_precommit_sector(encode(single)) == single);
  // The 10-field tuple go-state-types' cbor-gen writes: 8a, proof 05, number 03, the CID (tag 42),
  // epoch 102 (18 66), no deals (80), expiration 7000 (19 1b58), false (f4), three zeros.
  const Bytes cbor = encode(single);
  CHECK(hex_encode(Bytes(cbor.begin(), cbor.begin() + 3)) == "8a0503");
  CHECK(hex_encode(Bytes(cbor.end() - 10, cbor.end())) == "186680191b58f4000000");

  ProveCommitSectors3Params prove;
  prove.sector_activations = {{1,
                               {{kUnsealed,
                                 2048,
                                 VerifiedAllocationKey{1000, 5},
                                 {{Address::from_id(5), hex_decode("aa")}}}}},
                              {2, {}}};
  prove.sector_proofs = {Bytes(192, 1), Bytes(192, 2)};
  prove.require_activation_success = true;
  CHECK(decode_prove_commit_sectors3(encode(prove)) == prove);
  prove.aggregate_proof = Bytes(10, 3);
  prove.aggregate_proof_type = 1;
  CHECK(decode_prove_commit_sectors3(encode(prove)) == prove);
}

TEST_CASE("malformed miner params are refused", "[miner_params]") {
  CHECK_THROWS_AS(decode_change_peer_id(hex_decode("80")), InvalidInput);          // no fields
  CHECK_THROWS_AS(decode_change_peer_id(hex_decode("8101")), InvalidInput);        // int, not bytes
  CHECK_THROWS_AS(decode_withdraw_balance(hex_decode("81420200")), InvalidInput);  // bad sign byte
  CHECK_THROWS_AS(decode_prove_commit_sector(hex_decode("820742ab")), InvalidInput);   // truncated
  CHECK_THROWS_AS(decode_create_miner(hex_decode("8442006442006503")), InvalidInput);  // 4 fields
  auto post = encode(SubmitWindowedPoStParams{});
  post[0] = 0x84;
  CHECK_THROWS_AS(decode_submit_windowed_post(post), InvalidInput);
}

// go-state-types abi/sector.go: StackedDrgWinning{2KiB,8MiB,512MiB,32GiB,64GiB}V1 = 0..4 and
// StackedDrgWindow{...}V1_1 = 10..14.
TEST_CASE("PoSt proof types for each sector size", "[miner_params]") {
  const std::uint64_t sizes[] = {2048, 8u << 20, 512u << 20, 32ull << 30, 64ull << 30};
  for (std::int64_t i = 0; i < 5; ++i) {
    CHECK(window_post_proof_for_sector_size(sizes[i]) == 10 + i);
    CHECK(winning_post_proof_for_sector_size(sizes[i]) == i);
  }
  CHECK_THROWS_AS(window_post_proof_for_sector_size(4096), InvalidInput);
  CHECK_THROWS_AS(winning_post_proof_for_sector_size(4096), InvalidInput);
}
