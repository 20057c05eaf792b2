// A sector's life on the in-process devnet with real proofs: a 2 KiB sector sealed in memory is
// precommitted, prove-committed after its seed epoch (vanilla PoRep verified for real), proven in
// its deadline's WindowPoSt (vanilla PoSt verified), gains power, goes faulty when a deadline
// passes without a PoSt, is declared recovered and regains power with the next PoSt, and then
// wins a block with a WinningPoSt. Bad proofs, early proofs and wrong deadlines fail with
// lotus's exit codes and change nothing; forged blocks are rejected.
#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <optional>

#include "chain/types/election.hpp"
#include "chain/types/miner_params.hpp"
#include "devnet/devnet.hpp"
#include "devnet/miner_proving.hpp"
#include "devnet/proof_checks.hpp"
#include "post/fallback/vanilla_post_json.hpp"
#include "sealing/porep/seal_in_memory.hpp"
#include "sealing/porep/vanilla_proof.hpp"
#include "sealing/porep/vanilla_proof_json.hpp"
#include "test/support/devnet_messages.hpp"
#include "test/support/devnet_test_params.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::chain;
using namespace tessera::chain::devnet;

namespace {

Bytes json_bytes(const nlohmann::json& j) {
  const std::string text = j.dump();
  return Bytes(text.begin(), text.end());
}

// The short proving period, with 1 s epochs for when the producer runs (only at the end).
DevnetParams one_second_epochs() {
  auto params = test::short_period_devnet_params();
  params.epoch_duration = std::chrono::seconds(1);
  return params;
}

struct Net {
  test::TempDir dir;
  Devnet devnet{DevnetOptions{dir.path(), one_second_epochs(), 2}};
  Address owner = devnet.wallet().default_address();

  // Pushes, includes it in the next block and returns its receipt.
  MessageReceipt run(Message m) {
    const auto signed_message = devnet.push_message(std::move(m));
    devnet.produce_block();
    const auto found = devnet.search_message(signed_message.cid());
    REQUIRE(found);
    return found->receipt;
  }
  ChainEpoch height() { return devnet.head().height(); }
  const MinerState& miner(std::uint64_t id) { return *devnet.state_at({})->miner(id); }
  // The miner's deadline as the next block will see it.
  DeadlineInfo next_deadline(std::uint64_t id) {
    ApplyContext ctx;
    ctx.epoch = height() + 1;
    ctx.params = &devnet.params();
    return current_deadline(miner(id), ctx);
  }
  void advance_to(ChainEpoch h) {
    while (height() < h) devnet.produce_block();
  }
};

Message to_miner(std::uint64_t id, const Address& from, std::uint64_t method, Bytes params) {
  Message m;
  m.to = Address::from_id(id);
  m.from = from;
  m.method = method;
  m.params = std::move(params);
  return m;
}

}  // namespace

TEST_CASE("devnet: a sector's life with real vanilla proofs", "[devnet][lifecycle]") {
  Net net;
  // CreateMiner, then fund the miner for deposits and pledge.
  const auto id = test::created_miner_id(net.run(test::create_miner(net.owner)));
  REQUIRE(net.run(test::send(net.owner, Address::from_id(id), test::miner_funding())).exit_code ==
          0);

  // Seal sector 1 (a CC sector: all-zero data) with the chain's ticket.
  const Bytes entropy = address_entropy(Address::from_id(id));
  const ChainEpoch ticket_epoch = net.height();
  const auto ticket = test::digest32(
      net.devnet.ticket_randomness(DomainSeparationTag::kSealRandomness, ticket_epoch, entropy));
  const auto sealed = porep::seal_in_memory(porep::SealInputs{5, id, 1, ticket}, Bytes(2048, 0));
  const auto sealed_cid =
      cid::commitment_sealed_cid(Bytes(sealed.comm_r.begin(), sealed.comm_r.end()));
  SectorPreCommitInfo pc{.seal_proof = 5,
                         .sector_number = 1,
                         .sealed_cid = sealed_cid,
                         .seal_rand_epoch = ticket_epoch,
                         .expiration = net.height() + 10'000};
  REQUIRE(net.run(to_miner(id, net.owner, miner_method::kPreCommitSectorBatch2,
                           encode(PreCommitSectorBatchParams2{{pc}})))
              .exit_code == 0);
  const ChainEpoch precommit_epoch = net.height();
  CHECK(net.miner(id).precommits.at(1).pre_commit_epoch == precommit_epoch);
  // The same number again is refused.
  CHECK(net.run(to_miner(id, net.owner, miner_method::kPreCommitSectorBatch2,
                         encode(PreCommitSectorBatchParams2{{pc}})))
            .exit_code == exit_code::kErrIllegalArgument);

  // Before the seed epoch has passed, prove-commit is forbidden.
  const ChainEpoch seed_epoch = precommit_epoch + net.devnet.params().pre_commit_challenge_delay;
  CHECK(net.run(to_miner(id, net.owner, miner_method::kProveCommitSector,
                         encode(ProveCommitSectorParams{1, Bytes{'{', '}'}})))
            .exit_code == exit_code::kErrForbidden);
  net.advance_to(seed_epoch);
  const auto seed = test::digest32(net.devnet.beacon_randomness(
      DomainSeparationTag::kInteractiveSealChallengeSeed, seed_epoch, entropy));
  const auto vanilla = porep::prove_porep(5, sealed, seed);
  // A proof for another seed does not verify.
  auto wrong_seed = seed;
  wrong_seed[0] ^= 1;
  CHECK(net.run(to_miner(id, net.owner, miner_method::kProveCommitSector,
                         encode(ProveCommitSectorParams{
                             1, json_bytes(porep::vanilla_proof_to_json(
                                    porep::prove_porep(5, sealed, wrong_seed)))})))
            .exit_code == exit_code::kErrIllegalArgument);
  CHECK(net.miner(id).sectors.empty());
  REQUIRE(net.run(to_miner(id, net.owner, miner_method::kProveCommitSector,
                           encode(ProveCommitSectorParams{
                               1, json_bytes(porep::vanilla_proof_to_json(vanilla))})))
              .exit_code == 0);
  CHECK(net.miner(id).precommits.empty());
  REQUIRE(net.miner(id).sectors.count(1) == 1);
  CHECK(net.miner(id).power.raw_byte_power == BigInt());  // unproven until its first PoSt

  // Find the sector's deadline and wait for it to open.
  std::size_t deadline = 0;
  while (net.miner(id).deadlines[deadline].partitions.empty()) ++deadline;
  const auto prove_deadline = [&](bool expect_ok) {
    while (net.next_deadline(id).index != deadline) net.devnet.produce_block();
    const auto dl = net.next_deadline(id);
    const auto randomness = test::digest32(net.devnet.beacon_randomness(
        DomainSeparationTag::kWindowedPoStChallengeSeed, dl.challenge, entropy));
    const post::PostChallengeParams params{randomness, post::PostApi::kV1_2, 10, 2048};
    const auto proof = post::prove_sector(params, 0, 1, sealed.tree_r, sealed.comm_c);
    const ChainEpoch commit_epoch = net.height();
    SubmitWindowedPoStParams submit{
        .deadline = deadline,
        .partitions = {PoStPartition{0, {}}},
        .proofs = {PoStProof{10, json_bytes(post::post_proofs_to_json({proof}))}},
        .chain_commit_epoch = commit_epoch,
        .chain_commit_rand =
            net.devnet.ticket_randomness(DomainSeparationTag::kPoStChainCommit, commit_epoch, {})};
    // A proof for other randomness does not verify; another deadline's index is refused.
    auto forged = submit;
    auto other = randomness;
    other[5] ^= 1;
    forged.proofs[0].proof_bytes = json_bytes(post::post_proofs_to_json(
        {post::prove_sector(post::PostChallengeParams{other, post::PostApi::kV1_2, 10, 2048}, 0, 1,
                            sealed.tree_r, sealed.comm_c)}));
    CHECK(net.run(to_miner(id, net.owner, miner_method::kSubmitWindowedPoSt, encode(forged)))
              .exit_code == exit_code::kErrIllegalArgument);
    auto wrong = submit;
    wrong.deadline = (deadline + 1) % 48;
    CHECK(net.run(to_miner(id, net.owner, miner_method::kSubmitWindowedPoSt, encode(wrong)))
              .exit_code == exit_code::kErrIllegalArgument);
    const auto receipt =
        net.run(to_miner(id, net.owner, miner_method::kSubmitWindowedPoSt, encode(submit)));
    CHECK((receipt.exit_code == 0) == expect_ok);
  };
  prove_deadline(true);
  CHECK(net.miner(id).power.raw_byte_power == BigInt::from_uint(2048));
  CHECK(net.devnet.state_at({})->total_power.raw_byte_power == BigInt::from_uint(2048));

  // The next instance passes without a PoSt: the sector is faulty and the power gone.
  const auto last = net.next_deadline(id);
  net.advance_to(last.close + net.devnet.params().proving.proving_period);
  CHECK(net.miner(id).deadlines[deadline].partitions[0].faults.contains(1));
  CHECK(net.miner(id).power.raw_byte_power == BigInt());

  // Declared recovered before the cutoff, proven at the next instance: power is back.
  REQUIRE(net.run(to_miner(id, net.owner, miner_method::kDeclareFaultsRecovered,
                           encode(DeclarationsParams{{SectorDeclaration{
                               deadline, 0, BitField::from_human_ranges("1")}}})))
              .exit_code == 0);
  CHECK(net.miner(id).deadlines[deadline].partitions[0].recoveries.contains(1));
  prove_deadline(true);
  CHECK(net.miner(id).deadlines[deadline].partitions[0].faults.empty());
  CHECK(net.miner(id).power.raw_byte_power == BigInt::from_uint(2048));

  // With all the power, the miner wins most rounds: mine a block with tickets and an election
  // proof signed by the worker key and a WinningPoSt of the challenged sector. A lost round
  // (no win) gets the producer's block instead, and nullopt.
  const Address miner = Address::from_id(id);
  const auto winning_template = [&]() -> std::optional<BlockTemplate> {
    const ChainEpoch round = net.height() + 1;
    const auto base = net.devnet.mining_base_info(miner, round);
    REQUIRE(base);
    REQUIRE(base->eligible_for_mining);
    REQUIRE(base->sectors.size() == 1);
    const auto& beacon = base->beacon_entries.back();
    const auto parent_ticket = *net.devnet.head().blocks[0].ticket;
    BlockTemplate t;
    t.miner = miner;
    t.parents = net.devnet.head().key();
    t.epoch = round;
    t.beacon_values = base->beacon_entries;
    t.ticket = net.devnet.wallet()
                   .sign(base->worker_key, ticket_randomness(beacon, round, miner, parent_ticket))
                   .data;
    const Bytes vrf =
        net.devnet.wallet().sign(base->worker_key, election_randomness(beacon, round, miner)).data;
    t.election_proof =
        ElectionProof{compute_win_count(vrf, base->miner_power, base->network_power), vrf};
    if (t.election_proof.win_count == 0) {
      net.devnet.produce_block();
      return std::nullopt;
    }
    const auto post_randomness = test::digest32(winning_post_randomness(beacon, round, miner));
    const auto winning = post::prove_sector(
        post::PostChallengeParams{post_randomness, post::PostApi::kV1_2, 66, 2048}, 0, 1,
        sealed.tree_r, sealed.comm_c);
    t.winning_post_proof = {PoStProof{0, json_bytes(post::post_proofs_to_json({winning}))}};
    return t;
  };
  std::optional<BlockTemplate> t;
  for (int attempt = 0; attempt < 20 && !t; ++attempt) t = winning_template();
  REQUIRE(t);
  // A wrong win count, or a WinningPoSt for other randomness, is rejected.
  auto inflated = *t;
  inflated.election_proof.win_count += 1;
  CHECK_THROWS_WITH(net.devnet.submit_block(net.devnet.create_block(inflated)),
                    Catch::Contains("election proof wins"));
  auto forged = *t;
  forged.winning_post_proof[0].proof_bytes =
      json_bytes(post::post_proofs_to_json({post::prove_sector(
          post::PostChallengeParams{test::digest32(Bytes(32, 7)), post::PostApi::kV1_2, 66, 2048},
          0, 1, sealed.tree_r, sealed.comm_c)}));
  CHECK_THROWS_WITH(net.devnet.submit_block(net.devnet.create_block(forged)),
                    Catch::Contains("WinningPoSt"));
  const auto block = net.devnet.create_block(*t);
  net.devnet.submit_block(block);
  CHECK(net.devnet.head().blocks[0].miner == miner);
  CHECK(net.devnet.head().height() == t->epoch);
  // The same block again is no longer on the head.
  CHECK_THROWS_WITH(net.devnet.submit_block(block), Catch::Contains("not the next block"));

  // The chain keeps the clock's pace (docs/devnet.md): once the producer runs, a block coming
  // after a miner's block already took the epoch waits for the next tick (1 s away) to go in.
  std::optional<BlockTemplate> next;
  for (int attempt = 0; attempt < 20 && !next; ++attempt) next = winning_template();
  REQUIRE(next);
  const auto next_block = net.devnet.create_block(*next);
  net.devnet.start();
  auto submitted = std::async(std::launch::async, [&] { net.devnet.submit_block(next_block); });
  CHECK(submitted.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);
  REQUIRE(submitted.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  submitted.get();
  CHECK(net.devnet.head().height() >= next->epoch);
  CHECK(net.devnet.tipset_at(next->epoch).blocks[0].miner == miner);
  net.devnet.stop();
}
