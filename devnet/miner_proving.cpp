#include "devnet/miner_proving.hpp"

#include <algorithm>
#include <cstdint>

#include "devnet/actor_checks.hpp"
#include "devnet/proof_checks.hpp"
#include "chain/types/miner_params.hpp"
#include "common/cbor/cbor.hpp"

namespace tessera::chain::devnet {
namespace {

std::string sector_text(std::uint64_t number) {
  return "sector " + std::to_string(number);
}

// A deadline new sectors may join: not the current one nor the next (builtin-actors
// deadline_is_mutable), the one with the fewest live sectors, lowest index first.
std::size_t deadline_for_new_sector(const MinerState& miner, const ApplyContext& ctx) {
  const std::uint64_t deadlines = miner.deadlines.size();
  const std::uint64_t current = current_deadline(miner, ctx).index % deadlines;
  std::size_t best = deadlines;
  std::uint64_t best_live = 0;
  for (std::size_t i = 0; i < deadlines; ++i) {
    if (i == current || i == (current + 1) % deadlines) continue;
    std::uint64_t live = 0;
    for (const auto& p : miner.deadlines[i].partitions) live += p.sectors.count();
    if (best == deadlines || live < best_live) {
      best = i;
      best_live = live;
    }
  }
  return best;
}

// Adds a newly proven sector, unproven until its first WindowPoSt, to a partition with room.
void assign_sector(MinerState& miner, std::uint64_t number, const ApplyContext& ctx) {
  auto& partitions = miner.deadlines[deadline_for_new_sector(miner, ctx)].partitions;
  if (partitions.empty() ||
      partitions.back().sectors.count() >= miner.info.window_post_partition_sectors)
    partitions.emplace_back();
  partitions.back().sectors.set(number);
  partitions.back().unproven.set(number);
}

// Verifies one precommitted sector's proof and activates it (ProveCommit's per-sector work).
void activate_sector(State& state, std::uint64_t miner_id, std::uint64_t number, const Bytes& proof,
                     const ApplyContext& ctx) {
  MinerState& miner = state.miners.at(miner_id);
  auto it = miner.precommits.find(number);
  if (it == miner.precommits.end())
    throw ActorError(exit_code::kErrNotFound, "no pre-committed " + sector_text(number));
  const SectorPreCommitOnChainInfo precommit = it->second;
  const ChainEpoch seed_epoch = precommit.pre_commit_epoch + ctx.params->pre_commit_challenge_delay;
  if (ctx.epoch <= seed_epoch)
    throw ActorError(exit_code::kErrForbidden, "too early to prove " + sector_text(number) +
                                                   ": its seed epoch " +
                                                   std::to_string(seed_epoch) + " has not passed");
  if (ctx.epoch > seed_epoch + ctx.params->max_prove_commit_duration)
    throw ActorError(exit_code::kErrIllegalArgument,
                     "commitment proof for " + sector_text(number) + " too late");
  if (!verify_seal(miner_id, precommit, proof, ctx))
    throw ActorError(exit_code::kErrIllegalArgument,
                     "invalid seal proof for " + sector_text(number));
  miner.pre_commit_deposits = miner.pre_commit_deposits - precommit.pre_commit_deposit;
  miner.precommits.erase(it);
  const TokenAmount pledge =
      ctx.params->initial_pledge_per_byte * BigInt::from_uint(miner.info.sector_size);
  if (state.miner_available_balance(miner_id) < pledge)
    throw ActorError(exit_code::kErrInsufficientFunds,
                     "insufficient funds for the initial pledge of " + sector_text(number));
  miner.initial_pledge = miner.initial_pledge + pledge;
  SectorOnChainInfo sector;
  sector.sector_number = number;
  sector.seal_proof = precommit.info.seal_proof;
  sector.sealed_cid = precommit.info.sealed_cid;
  sector.activation = ctx.epoch;
  sector.expiration = precommit.info.expiration;
  sector.initial_pledge = pledge;
  sector.power_base_epoch = ctx.epoch;
  miner.sectors[number] = sector;
  assign_sector(miner, number, ctx);
}

// The instance of a deadline declarations target (builtin declaration_deadline_info), checked
// against its fault cutoff.
void check_declaration_deadline(const MinerState& miner, std::uint64_t index,
                                const ApplyContext& ctx) {
  if (index >= miner.deadlines.size())
    throw ActorError(exit_code::kErrIllegalArgument, "invalid deadline " + std::to_string(index));
  const auto& p = ctx.params->proving;
  const ChainEpoch start = current_proving_period_start(ctx.epoch, miner.proving_period_offset, p);
  const auto target = new_deadline_info(start, index, ctx.epoch, p).next_not_elapsed();
  if (target.fault_cutoff_passed())
    throw ActorError(exit_code::kErrIllegalArgument,
                     "late fault or recovery declaration for deadline " + std::to_string(index) +
                         " at epoch " + std::to_string(ctx.epoch));
}

Partition& declared_partition(MinerState& miner, const SectorDeclaration& d) {
  auto& partitions = miner.deadlines[d.deadline].partitions;
  if (d.partition >= partitions.size())
    throw ActorError(exit_code::kErrNotFound, "no partition " + std::to_string(d.partition) +
                                                  " in deadline " + std::to_string(d.deadline));
  Partition& p = partitions[d.partition];
  if (!d.sectors.subtract(p.sectors).empty())
    throw ActorError(exit_code::kErrIllegalArgument,
                     "sectors declared that are not in partition " + std::to_string(d.partition) +
                         " of deadline " + std::to_string(d.deadline));
  return p;
}

// Applies a declaration list: faults (recover=false) or recoveries (true).
Bytes declare(State& state, std::uint64_t miner_id, std::uint64_t caller, const Message& message,
              const ApplyContext& ctx, bool recover) {
  const auto params = decode_params(message.params, decode_declarations);
  MinerState& miner = state.miners.at(miner_id);
  check_caller(miner, caller, true, true, true);
  for (const auto& d : params.declarations) {
    check_declaration_deadline(miner, d.deadline, ctx);
    Partition& p = declared_partition(miner, d);
    if (recover) {
      p.recoveries = p.recoveries.union_with(d.sectors.intersect_with(p.faults));
    } else {
      p.faults = p.faults.union_with(d.sectors);
      p.recoveries = p.recoveries.subtract(d.sectors);
    }
  }
  refresh_power(state, miner_id);
  return {};
}

}  // namespace

DeadlineInfo current_deadline(const MinerState& miner, const ApplyContext& ctx) {
  const auto& p = ctx.params->proving;
  const ChainEpoch start = current_proving_period_start(ctx.epoch, miner.proving_period_offset, p);
  return proving_period_deadline(start, ctx.epoch, p);
}

Bytes prove_commit_sector(State& state, std::uint64_t miner_id, const Message& message,
                          const ApplyContext& ctx) {
  const auto params = decode_params(message.params, decode_prove_commit_sector);
  activate_sector(state, miner_id, params.sector_number, params.proof, ctx);
  return {};
}

Bytes prove_commit_sectors3(State& state, std::uint64_t miner_id, std::uint64_t caller,
                            const Message& message, const ApplyContext& ctx) {
  const auto params = decode_params(message.params, decode_prove_commit_sectors3);
  check_caller(state.miners.at(miner_id), caller, true, true, true);
  if (!params.aggregate_proof.empty() || params.aggregate_proof_type)
    throw ActorError(exit_code::kErrIllegalArgument,
                     "aggregate proofs are not supported on the devnet");
  if (params.sector_proofs.size() != params.sector_activations.size())
    throw ActorError(exit_code::kErrIllegalArgument, "one proof per sector activation expected");
  for (const auto& a : params.sector_activations)
    if (!a.pieces.empty())
      throw ActorError(
          exit_code::kErrIllegalArgument,
          "the devnet has no market: " + sector_text(a.sector_number) + " lists pieces");
  std::uint64_t successes = 0;
  std::vector<std::pair<std::uint64_t, std::int64_t>> failures;
  for (std::size_t i = 0; i < params.sector_activations.size(); ++i) {
    State attempt = state;
    try {
      activate_sector(attempt, miner_id, params.sector_activations[i].sector_number,
                      params.sector_proofs[i], ctx);
      state = std::move(attempt);
      ++successes;
    } catch (const ActorError& e) {
      if (params.require_activation_success) throw;
      failures.emplace_back(i, e.code());
    }
  }
  if (successes == 0) throw ActorError(exit_code::kErrIllegalArgument, "no sector was activated");
  cbor::Writer w;  // BatchReturn {SuccessCount, FailCodes [{Idx, Code}]}
  w.write_array_header(2);
  w.write_uint(successes);
  w.write_array_header(failures.size());
  for (const auto& [index, code] : failures) {
    w.write_array_header(2);
    w.write_uint(index);
    w.write_int(code);
  }
  return w.take();
}

Bytes submit_windowed_post(State& state, std::uint64_t miner_id, std::uint64_t caller,
                           const Message& message, const ApplyContext& ctx) {
  const auto params = decode_params(message.params, decode_submit_windowed_post);
  MinerState& miner = state.miners.at(miner_id);
  check_caller(miner, caller, true, true, true);
  const DeadlineInfo dl = current_deadline(miner, ctx);
  if (!dl.period_started() || params.deadline != dl.index || dl.index >= miner.deadlines.size())
    throw ActorError(exit_code::kErrIllegalArgument,
                     "invalid deadline " + std::to_string(params.deadline) + " at epoch " +
                         std::to_string(ctx.epoch) + ", expected " + std::to_string(dl.index));
  if (params.chain_commit_epoch < dl.challenge || params.chain_commit_epoch >= ctx.epoch)
    throw ActorError(exit_code::kErrIllegalArgument,
                     "PoSt chain commitment epoch " + std::to_string(params.chain_commit_epoch) +
                         " must be in [" + std::to_string(dl.challenge) + ", " +
                         std::to_string(ctx.epoch) + ")");
  if (params.chain_commit_rand !=
      ctx.ticket_randomness(DomainSeparationTag::kPoStChainCommit, params.chain_commit_epoch, {}))
    throw ActorError(exit_code::kErrIllegalArgument, "post commit randomness mismatched");
  if (params.proofs.size() != 1 || params.proofs[0].post_proof != miner.info.window_post_proof_type)
    throw ActorError(exit_code::kErrIllegalArgument,
                     "expected exactly one proof of the miner's WindowPoSt proof type");
  Deadline& deadline = miner.deadlines[dl.index];
  std::vector<SectorOnChainInfo> proving;
  std::vector<BitField> proven(params.partitions.size());
  for (std::size_t i = 0; i < params.partitions.size(); ++i) {
    const auto& submitted = params.partitions[i];
    if (submitted.index >= deadline.partitions.size())
      throw ActorError(exit_code::kErrNotFound, "no partition " + std::to_string(submitted.index));
    if (deadline.post_submissions.contains(submitted.index))
      throw ActorError(exit_code::kErrIllegalArgument,
                       "partition " + std::to_string(submitted.index) + " already proven");
    const Partition& p = deadline.partitions[submitted.index];
    if (!submitted.skipped.subtract(p.sectors).empty())
      throw ActorError(exit_code::kErrIllegalArgument, "skipped sectors not in the partition");
    proven[i] = p.sectors.subtract(p.faults.subtract(p.recoveries)).subtract(submitted.skipped);
    for (std::uint64_t n : proven[i].all(UINT64_MAX)) proving.push_back(miner.sectors.at(n));
  }
  std::sort(proving.begin(), proving.end(),
            [](const auto& a, const auto& b) { return a.sector_number < b.sector_number; });
  if (!proving.empty() && !verify_window_post(miner_id, miner.info.sector_size, proving,
                                              dl.challenge, params.proofs[0].proof_bytes, ctx))
    throw ActorError(exit_code::kErrIllegalArgument, "invalid PoSt");
  for (std::size_t i = 0; i < params.partitions.size(); ++i) {
    Partition& p = deadline.partitions[params.partitions[i].index];
    const BitField& skipped = params.partitions[i].skipped;
    const BitField recovered = p.recoveries.subtract(skipped);
    p.faults = p.faults.subtract(recovered).union_with(skipped);
    p.recoveries = p.recoveries.subtract(recovered).subtract(skipped);
    p.unproven = p.unproven.subtract(proven[i]);
    deadline.post_submissions.set(params.partitions[i].index);
  }
  refresh_power(state, miner_id);
  return {};
}

Bytes declare_faults(State& state, std::uint64_t miner_id, std::uint64_t caller,
                     const Message& message, const ApplyContext& ctx) {
  return declare(state, miner_id, caller, message, ctx, false);
}

Bytes declare_faults_recovered(State& state, std::uint64_t miner_id, std::uint64_t caller,
                               const Message& message, const ApplyContext& ctx) {
  return declare(state, miner_id, caller, message, ctx, true);
}

void miner_cron(State& state, std::uint64_t miner_id, const ApplyContext& ctx) {
  MinerState& miner = state.miners.at(miner_id);
  const DeadlineInfo dl = current_deadline(miner, ctx);
  if (dl.period_started() && dl.index < miner.deadlines.size() && ctx.epoch == dl.last()) {
    Deadline& deadline = miner.deadlines[dl.index];
    for (std::size_t i = 0; i < deadline.partitions.size(); ++i) {
      if (deadline.post_submissions.contains(i)) continue;
      Partition& p = deadline.partitions[i];
      p.faults = p.faults.union_with(p.sectors);  // missed PoSt: every sector is faulty
      p.recoveries = BitField();
    }
    deadline.post_submissions = BitField();
  }
  const ChainEpoch deadline_epochs =
      ctx.params->pre_commit_challenge_delay + ctx.params->max_prove_commit_duration;
  for (auto it = miner.precommits.begin(); it != miner.precommits.end();) {
    if (ctx.epoch <= it->second.pre_commit_epoch + deadline_epochs) {
      ++it;
      continue;
    }
    const TokenAmount deposit = it->second.pre_commit_deposit;
    miner.pre_commit_deposits = miner.pre_commit_deposits - deposit;
    Actor& actor = *state.actor(miner_id);
    actor.balance = actor.balance - deposit;
    Actor& burnt = *state.actor(kBurntFundsActorId);
    burnt.balance = burnt.balance + deposit;
    it = miner.precommits.erase(it);
  }
  refresh_power(state, miner_id);
}

void refresh_power(State& state, std::uint64_t miner_id) {
  MinerState& miner = state.miners.at(miner_id);
  std::uint64_t active = 0;
  for (const auto& d : miner.deadlines)
    for (const auto& p : d.partitions) active += p.active().count();
  const BigInt raw = BigInt::from_uint(active) * BigInt::from_uint(miner.info.sector_size);
  miner.power = PowerPair{raw, raw};  // no deals: quality-adjusted power equals raw
  PowerPair total;
  for (const auto& [id, m] : state.miners) {
    total.raw_byte_power = total.raw_byte_power + m.power.raw_byte_power;
    total.quality_adj_power = total.quality_adj_power + m.power.quality_adj_power;
  }
  state.total_power = total;
}

}  // namespace tessera::chain::devnet
