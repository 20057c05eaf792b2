// The pipeline's chain steps (lotus storage/pipeline/states_sealing.go): the ticket, the
// PreCommitSectorBatch2 message and its landing, the interactive seed, the ProveCommitSector
// message and its landing; and what a failed precommit or commit means, read from the chain.
// Each step first looks at the chain, so a step interrupted by a crash is not sent twice.
#include <nlohmann/json.hpp>

#include "chain/types/chain_json.hpp"
#include "chain/types/miner_params.hpp"
#include "chain/types/randomness.hpp"
#include "common/encoding.hpp"
#include "sealing/pipeline/pipeline.hpp"

namespace tessera::pipeline {
namespace {

using nlohmann::json;

const chain::TipSetKey kHead{};

}  // namespace

Pipeline::Step Pipeline::get_ticket(datastore::SectorInfo info) {
  const auto head = chain_.chain_head();
  // A precommit already on chain (a restart after it landed) fixes the ticket epoch.
  const auto onchain =
      chain_.state_sector_precommit_info(miner_address_, info.sector_number, head.key());
  const std::int64_t epoch =
      onchain ? onchain->info.seal_rand_epoch
              : std::max<std::int64_t>(0, head.height() - options_.ticket_lookback);
  info.ticket_epoch = epoch;
  info.ticket_value =
      chain_.state_get_randomness_from_tickets(chain::DomainSeparationTag::kSealRandomness, epoch,
                                               chain::address_entropy(miner_address_), head.key());
  json message{{"TicketValue", base64_encode(info.ticket_value)}, {"TicketEpoch", epoch}};
  return Step{std::move(info), {"SectorTicket", std::move(message)}};
}

std::variant<chain::SectorPreCommitInfo, Pipeline::Step> Pipeline::precommit_for(
    datastore::SectorInfo& info, const chain::TipSet& head) {
  if (!info.comm_r || !info.comm_d)
    throw SealingFailure(FailureClass::kSectorPermanent, "no CommR/CommD to precommit");
  if (const auto onchain =
          chain_.state_sector_precommit_info(miner_address_, info.sector_number, head.key())) {
    if (onchain->info.sealed_cid != *info.comm_r)
      throw SealingFailure(FailureClass::kSectorPermanent,
                           "sector number already precommitted with another CommR " +
                               onchain->info.sealed_cid.to_string());
    return Step{std::move(info), {"SectorPreCommitLanded", {{"TipSet", head.key().to_json()}}}};
  }
  if (head.height() - info.ticket_epoch > options_.max_ticket_age)
    return Step{std::move(info),
                {"SectorSealPreCommit1Failed", json::object(), "ticket expired before precommit"}};
  const std::int64_t earliest =
      head.height() + options_.precommit_challenge_delay + options_.max_prove_commit_duration + 1;
  return chain::SectorPreCommitInfo{
      .seal_proof = info.sector_type,
      .sector_number = info.sector_number,
      .sealed_cid = *info.comm_r,
      .seal_rand_epoch = info.ticket_epoch,
      .expiration = std::max(head.height() + options_.sector_lifetime, earliest),
      .unsealed_cid = info.comm_d};
}

cid::Cid Pipeline::push_precommits(const std::vector<PrecommitItem>& items) {
  const auto head = chain_.chain_head();
  std::vector<chain::SectorPreCommitInfo> precommits;
  chain::TokenAmount deposit;
  for (const auto& item : items) {
    precommits.push_back(item.precommit);
    deposit = deposit + item.deposit;
  }
  chain::Message message;
  message.to = miner_address_;
  message.from = chain_.state_miner_info(miner_address_, head.key()).worker;
  message.method = chain::miner_method::kPreCommitSectorBatch2;
  message.params = chain::encode(chain::PreCommitSectorBatchParams2{precommits});
  // The deposit, or what the miner's balance does not cover ([Sealing] collateral options).
  message.value = collateral_to_send(options_.collateral, deposit, [&] {
    return chain_.state_miner_available_balance(miner_address_, head.key());
  });
  return chain_.mpool_push_message(message).cid();
}

Pipeline::Step Pipeline::precommit_sent(datastore::SectorInfo info, const cid::Cid& message,
                                        const chain::TokenAmount& deposit, std::string_view event) {
  info.pre_commit_message = message;
  info.pre_commit_deposit = deposit.to_bytes();
  json details{{"Message", chain::cid_to_json(message)}, {"PreCommitDeposit", deposit.to_string()}};
  return Step{std::move(info), {std::string(event), std::move(details)}};
}

std::optional<Pipeline::Step> Pipeline::precommitting(datastore::SectorInfo info) {
  const auto head = chain_.chain_head();
  auto planned = precommit_for(info, head);
  if (auto* step = std::get_if<Step>(&planned)) return std::move(*step);
  if (options_.batch_precommits)
    return Step{std::move(info), {"SectorPreCommitBatch", json::object()}};
  const auto& precommit = std::get<chain::SectorPreCommitInfo>(planned);
  const auto deposit =
      chain_.state_miner_precommit_deposit_for_power(miner_address_, precommit, head.key());
  const auto cid = push_precommits({{precommit, deposit}});
  return precommit_sent(std::move(info), cid, deposit, "SectorPreCommitted");
}

std::optional<Pipeline::Step> Pipeline::submit_precommit_batch(datastore::SectorInfo info,
                                                               std::stop_token stop) {
  const auto head = chain_.chain_head();
  auto planned = precommit_for(info, head);
  if (auto* step = std::get_if<Step>(&planned)) return std::move(*step);
  const auto& precommit = std::get<chain::SectorPreCommitInfo>(planned);
  const auto deposit =
      chain_.state_miner_precommit_deposit_for_power(miner_address_, precommit, head.key());
  // The ticket may be used until max_ticket_age epochs after it; lotus counts block delays.
  const auto epochs_left = info.ticket_epoch + options_.max_ticket_age - head.height();
  const auto cutoff = std::chrono::steady_clock::now() + epochs_left * options_.block_delay;
  const auto cid =
      precommit_batcher_.add_and_wait(info.sector_number, {precommit, deposit}, cutoff, stop);
  return precommit_sent(std::move(info), cid, deposit, "SectorPreCommitBatchSent");
}

std::optional<Pipeline::Step> Pipeline::precommit_wait(datastore::SectorInfo info,
                                                       std::stop_token stop) {
  if (!info.pre_commit_message)
    return Step{std::move(info),
                {"SectorChainPreCommitFailed", json::object(), "precommit message CID missing"}};
  for (;;) {
    const auto found = chain_.state_search_msg(kHead, *info.pre_commit_message, -1, true);
    if (found) {
      if (found->receipt.exit_code != 0)
        return Step{std::move(info),
                    {"SectorChainPreCommitFailed", json::object(),
                     "precommit message " + found->message.to_string() + " failed: exit " +
                         std::to_string(found->receipt.exit_code)}};
      info.pre_commit_tipset = found->tipset.to_bytes();
      return Step{std::move(info),
                  {"SectorPreCommitLanded", {{"TipSet", found->tipset.to_json()}}}};
    }
    if (!pause(stop, options_.chain_poll)) throw Cancelled("pipeline stopping");
  }
}

std::optional<Pipeline::Step> Pipeline::wait_seed(datastore::SectorInfo info,
                                                  std::stop_token stop) {
  for (;;) {
    const auto head = chain_.chain_head();
    const auto onchain =
        chain_.state_sector_precommit_info(miner_address_, info.sector_number, head.key());
    if (!onchain) {
      if (chain_.state_sector_get_info(miner_address_, info.sector_number, head.key()))
        return Step{std::move(info), {"SectorProving", json::object()}};
      return Step{std::move(info),
                  {"SectorChainPreCommitFailed", json::object(),
                   "precommit info not found on chain (expired?)"}};
    }
    const std::int64_t seed_epoch = onchain->pre_commit_epoch + options_.precommit_challenge_delay;
    if (head.height() >= seed_epoch + options_.seed_confidence) {
      info.seed_epoch = seed_epoch;
      info.seed_value = chain_.state_get_randomness_from_beacon(
          chain::DomainSeparationTag::kInteractiveSealChallengeSeed, seed_epoch,
          chain::address_entropy(miner_address_), head.key());
      json message{{"SeedValue", base64_encode(info.seed_value)}, {"SeedEpoch", seed_epoch}};
      return Step{std::move(info), {"SectorSeedReady", std::move(message)}};
    }
    if (!pause(stop, options_.chain_poll)) throw Cancelled("pipeline stopping");
  }
}

std::variant<CommitItem, Pipeline::Step> Pipeline::commit_for(datastore::SectorInfo& info,
                                                              const chain::TipSet& head) {
  if (chain_.state_sector_get_info(miner_address_, info.sector_number, head.key()))
    return Step{std::move(info), {"SectorProving", json::object()}};
  if (info.proof.empty())
    return Step{std::move(info), {"SectorCommitFailed", json::object(), "no proof to submit"}};
  const auto precommit =
      chain_.state_sector_precommit_info(miner_address_, info.sector_number, head.key());
  if (!precommit)
    return Step{std::move(info),
                {"SectorCommitFailed", json::object(), "precommit no longer on chain"}};
  // lotus sends the pledge less the deposit the precommit already holds.
  const auto pledge =
      chain_.state_miner_initial_pledge_collateral(miner_address_, precommit->info, head.key());
  return CommitItem{.sector = info.sector_number,
                    .proof = info.proof,
                    .collateral = pledge > precommit->pre_commit_deposit
                                      ? pledge - precommit->pre_commit_deposit
                                      : chain::TokenAmount(),
                    .last_epoch = precommit->pre_commit_epoch + options_.max_prove_commit_duration};
}

cid::Cid Pipeline::push_commits(const std::vector<CommitItem>& items, bool batch) {
  const auto head = chain_.chain_head();
  chain::Message message;
  message.to = miner_address_;
  message.from = chain_.state_miner_info(miner_address_, head.key()).worker;
  chain::TokenAmount collateral;
  for (const auto& item : items) collateral = collateral + item.collateral;
  // What the miner's balance does not cover of it, by the [Sealing] collateral options.
  if (!collateral.is_zero())
    message.value = collateral_to_send(options_.collateral, collateral, [&] {
      return chain_.state_miner_available_balance(miner_address_, head.key());
    });
  if (batch) {
    chain::ProveCommitSectors3Params params;
    for (const auto& item : items) {
      params.sector_activations.push_back(chain::SectorActivationManifest{item.sector, {}});
      params.sector_proofs.push_back(item.proof);
    }
    message.method = chain::miner_method::kProveCommitSectors3;
    message.params = chain::encode(params);
  } else {
    message.method = chain::miner_method::kProveCommitSector;
    message.params =
        chain::encode(chain::ProveCommitSectorParams{items.front().sector, items.front().proof});
  }
  return chain_.mpool_push_message(message).cid();
}

std::optional<Pipeline::Step> Pipeline::submit_commit(datastore::SectorInfo info) {
  const auto head = chain_.chain_head();
  auto planned = commit_for(info, head);
  if (auto* step = std::get_if<Step>(&planned)) return std::move(*step);
  if (options_.batch_commits)
    return Step{std::move(info), {"SectorSubmitCommitAggregate", json::object()}};
  const auto cid = push_commits({std::get<CommitItem>(planned)}, false);
  info.commit_message = cid;
  return Step{std::move(info), {"SectorCommitSubmitted", {{"Message", chain::cid_to_json(cid)}}}};
}

std::optional<Pipeline::Step> Pipeline::submit_commit_batch(datastore::SectorInfo info,
                                                            std::stop_token stop) {
  const auto head = chain_.chain_head();
  auto planned = commit_for(info, head);
  if (auto* step = std::get_if<Step>(&planned)) return std::move(*step);
  // The proof must land within max_prove_commit_duration epochs of the precommit (lotus
  // getCommitCutoff), timed with the chain's block delay.
  auto& item = std::get<CommitItem>(planned);
  const auto cutoff =
      std::chrono::steady_clock::now() + (item.last_epoch - head.height()) * options_.block_delay;
  const auto cid = commit_batcher_.add_and_wait(info.sector_number, std::move(item), cutoff, stop);
  info.commit_message = cid;
  return Step{std::move(info),
              {"SectorCommitAggregateSent", {{"Message", chain::cid_to_json(cid)}}}};
}

std::optional<Pipeline::Step> Pipeline::commit_wait(datastore::SectorInfo info,
                                                    std::stop_token stop) {
  if (!info.commit_message)
    return Step{std::move(info),
                {"SectorCommitFailed", json::object(), "commit message CID missing"}};
  for (;;) {
    const auto found = chain_.state_search_msg(kHead, *info.commit_message, -1, true);
    if (found) {
      if (found->receipt.exit_code != 0)
        return Step{std::move(info),
                    {"SectorCommitFailed", json::object(),
                     "commit message " + found->message.to_string() + " failed: exit " +
                         std::to_string(found->receipt.exit_code)}};
      if (!chain_.state_sector_get_info(miner_address_, info.sector_number, found->tipset))
        return Step{std::move(info),
                    {"SectorCommitFailed", json::object(),
                     "proof validation failed, sector not found in sector set after cron"}};
      return Step{std::move(info), {"SectorProving", json::object()}};
    }
    if (!pause(stop, options_.chain_poll)) throw Cancelled("pipeline stopping");
  }
}

std::optional<Pipeline::Step> Pipeline::recover_precommit(datastore::SectorInfo info) {
  const auto head = chain_.chain_head();
  if (const auto onchain =
          chain_.state_sector_precommit_info(miner_address_, info.sector_number, head.key())) {
    if (info.comm_r && onchain->info.sealed_cid == *info.comm_r)
      return Step{std::move(info), {"SectorPreCommitLanded", {{"TipSet", head.key().to_json()}}}};
    info.last_err = "sector number precommitted on chain with another CommR";
    return std::nullopt;
  }
  if (chain_.state_sector_get_info(miner_address_, info.sector_number, head.key()))
    return Step{std::move(info), {"SectorPreCommitLanded", {{"TipSet", head.key().to_json()}}}};
  if (head.height() - info.ticket_epoch > options_.max_ticket_age)
    return Step{std::move(info), {"SectorOldTicket", json::object()}};
  info.pre_commit_message.reset();
  return Step{std::move(info), {"SectorRetryPreCommit", json::object()}};
}

std::optional<Pipeline::Step> Pipeline::recover_commit(datastore::SectorInfo info) {
  const auto head = chain_.chain_head();
  if (chain_.state_sector_get_info(miner_address_, info.sector_number, head.key()))
    return Step{std::move(info), {"SectorProving", json::object()}};
  if (!chain_.state_sector_precommit_info(miner_address_, info.sector_number, head.key()))
    return Step{std::move(info),
                {"SectorTicketExpired", json::object(),
                 "precommit no longer on chain: the sector cannot be proven"}};
  // The proof may have been refused: compute it again (the seed stays the chain's).
  info.commit_message.reset();
  return Step{std::move(info), {"SectorRetryComputeProof", json::object()}};
}

}  // namespace tessera::pipeline
