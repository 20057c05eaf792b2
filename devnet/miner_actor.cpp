// Miner actor methods (builtin-actors v13 miner): who may call each, what it checks, and what it
// changes; the sector lifecycle is in miner_proving.cpp. Other methods fail with
// USR_UNHANDLED_MESSAGE and say the devnet does not run them.
#include <algorithm>

#include "devnet/actor_checks.hpp"
#include "devnet/actors.hpp"
#include "devnet/miner_proving.hpp"
#include "chain/types/miner_params.hpp"
#include "common/base58.hpp"
#include "common/cbor/cbor.hpp"

namespace tessera::chain::devnet {
namespace {

constexpr std::size_t kMaxControlAddresses = 10;
constexpr std::size_t kMaxPreCommitBatch = 256;
constexpr std::uint64_t kConfirmChangeWorkerAddress = 21;

MinerState& miner_of(State& state, std::uint64_t id) {
  return state.miners.at(id);
}

Bytes change_worker_address(State& state, std::uint64_t id, std::uint64_t caller,
                            const Message& message, const ApplyContext& ctx) {
  const auto params = decode_params(message.params, decode_change_worker_address);
  MinerState& miner = miner_of(state, id);
  check_caller(miner, caller, true, false, false);
  if (params.new_control_addrs.size() > kMaxControlAddresses)
    throw ActorError(exit_code::kErrIllegalArgument, "control addresses length exceeds 10");
  const std::uint64_t worker = resolve_account(state, params.new_worker, "worker");
  std::vector<Address> control;
  for (const auto& a : params.new_control_addrs)
    control.push_back(Address::from_id(resolve_account(state, a, "control address")));
  miner.info.control_addresses = std::move(control);
  if (Address::from_id(worker) != miner.info.worker) {
    miner.info.new_worker = Address::from_id(worker);
    miner.info.worker_change_epoch = ctx.epoch + ctx.params->worker_key_change_delay;
  }
  return {};
}

Bytes confirm_change_worker_address(State& state, std::uint64_t id, std::uint64_t caller,
                                    const ApplyContext& ctx) {
  MinerState& miner = miner_of(state, id);
  check_caller(miner, caller, true, false, false);
  if (!miner.info.new_worker)
    throw ActorError(exit_code::kErrIllegalState, "no worker key change proposed");
  if (miner.info.worker_change_epoch > ctx.epoch)
    throw ActorError(exit_code::kErrIllegalArgument,
                     "worker key change cannot be confirmed before epoch " +
                         std::to_string(miner.info.worker_change_epoch));
  apply_due_worker_change(miner, ctx);
  return {};
}

Bytes change_peer_id(State& state, std::uint64_t id, std::uint64_t caller, const Message& message) {
  const auto params = decode_params(message.params, decode_change_peer_id);
  check_peer_id(params.new_id);
  MinerState& miner = miner_of(state, id);
  check_caller(miner, caller, true, true, true);
  miner.info.peer_id = params.new_id.empty() ? std::string() : base58btc_encode(params.new_id);
  return {};
}

Bytes change_multiaddrs(State& state, std::uint64_t id, std::uint64_t caller,
                        const Message& message) {
  const auto params = decode_params(message.params, decode_change_multiaddrs);
  check_multiaddrs(params.new_multiaddrs);
  MinerState& miner = miner_of(state, id);
  check_caller(miner, caller, true, true, true);
  miner.info.multiaddrs = params.new_multiaddrs;
  return {};
}

// Returns the amount withdrawn (CBOR big integer bytes).
Bytes withdraw_balance(State& state, std::uint64_t id, std::uint64_t caller,
                       const Message& message) {
  const auto params = decode_params(message.params, decode_withdraw_balance);
  if (params.amount_requested < TokenAmount())
    throw ActorError(exit_code::kErrIllegalArgument, "negative withdrawal");
  const MinerState& miner = miner_of(state, id);
  check_caller(miner, caller, true, false, false);
  const TokenAmount available = state.miner_available_balance(id);
  const TokenAmount amount =
      params.amount_requested < available ? params.amount_requested : available;
  Actor& from = *state.actor(id);
  from.balance = from.balance - amount;
  Actor& to = *state.actor(miner.info.beneficiary.id());
  to.balance = to.balance + amount;
  cbor::Writer w;
  w.write_bytes(amount.to_bytes());
  return w.take();
}

void check_precommit(const MinerState& miner, const SectorPreCommitInfo& p,
                     const ApplyContext& ctx) {
  const auto proofs = proofs_for_window_post(miner.info.window_post_proof_type);
  if (!proofs || proofs->seal_proof != p.seal_proof)
    throw ActorError(exit_code::kErrIllegalArgument,
                     "sector seal proof " + std::to_string(p.seal_proof) +
                         " does not match the miner's WindowPoSt proof type");
  if (p.sector_number > static_cast<std::uint64_t>(INT64_MAX))
    throw ActorError(exit_code::kErrIllegalArgument, "sector number out of range");
  if (p.sealed_cid.codec != cid::kCodecFilCommitmentSealed ||
      p.sealed_cid.mh_code != cid::kMhPoseidonBls12381A2Fc1 || p.sealed_cid.digest.size() != 32)
    throw ActorError(exit_code::kErrIllegalArgument, "sealed CID had wrong prefix");
  if (p.unsealed_cid && (p.unsealed_cid->codec != cid::kCodecFilCommitmentUnsealed ||
                         p.unsealed_cid->mh_code != cid::kMhSha256Trunc254Padded))
    throw ActorError(exit_code::kErrIllegalArgument, "unsealed CID had wrong prefix");
  if (!p.deal_ids.empty())
    throw ActorError(exit_code::kErrIllegalArgument, "the devnet has no market: deal IDs given");
  if (p.seal_rand_epoch >= ctx.epoch)
    throw ActorError(exit_code::kErrIllegalArgument,
                     "seal challenge epoch " + std::to_string(p.seal_rand_epoch) +
                         " must be before now " + std::to_string(ctx.epoch));
  if (p.seal_rand_epoch < ctx.epoch - ctx.params->max_seal_ticket_age)
    throw ActorError(exit_code::kErrIllegalArgument,
                     "seal challenge epoch " + std::to_string(p.seal_rand_epoch) +
                         " too old, must be after " +
                         std::to_string(ctx.epoch - ctx.params->max_seal_ticket_age));
  const ChainEpoch earliest_expiration =
      ctx.epoch + ctx.params->pre_commit_challenge_delay + ctx.params->max_prove_commit_duration;
  if (p.expiration <= earliest_expiration)
    throw ActorError(exit_code::kErrIllegalArgument,
                     "sector expiration " + std::to_string(p.expiration) + " must be after " +
                         std::to_string(earliest_expiration));
  if (miner.allocated_sectors.contains(p.sector_number))
    throw ActorError(exit_code::kErrIllegalArgument,
                     "sector number " + std::to_string(p.sector_number) + " already allocated");
}

Bytes precommit_sectors(State& state, std::uint64_t id, std::uint64_t caller,
                        const PreCommitSectorBatchParams2& params, const ApplyContext& ctx) {
  MinerState& miner = miner_of(state, id);
  check_caller(miner, caller, true, true, true);
  if (params.sectors.empty() || params.sectors.size() > kMaxPreCommitBatch)
    throw ActorError(exit_code::kErrIllegalArgument, "batch of 1 to 256 sectors expected");
  const TokenAmount deposit =
      ctx.params->pre_commit_deposit_per_byte * BigInt::from_uint(miner.info.sector_size);
  TokenAmount total;
  for (const auto& p : params.sectors) {
    check_precommit(miner, p, ctx);
    miner.allocated_sectors.set(p.sector_number);  // also catches repeats within the batch
    total = total + deposit;
  }
  if (state.miner_available_balance(id) < total)
    throw ActorError(exit_code::kErrInsufficientFunds,
                     "insufficient funds " + format_fil(state.miner_available_balance(id)) +
                         " for pre-commit deposit " + format_fil(total));
  for (const auto& p : params.sectors)
    miner.precommits[p.sector_number] = SectorPreCommitOnChainInfo{p, deposit, ctx.epoch};
  miner.pre_commit_deposits = miner.pre_commit_deposits + total;
  return {};
}

Bytes precommit_sector_batch2(State& state, std::uint64_t id, std::uint64_t caller,
                              const Message& message, const ApplyContext& ctx) {
  return precommit_sectors(state, id, caller,
                           decode_params(message.params, decode_precommit_sector_batch2), ctx);
}

// PreCommitSector (6): a batch of one, without the deprecated capacity replacement.
Bytes precommit_sector(State& state, std::uint64_t id, std::uint64_t caller, const Message& message,
                       const ApplyContext& ctx) {
  const auto params = decode_params(message.params, decode_precommit_sector);
  if (params.replace_capacity)
    throw ActorError(exit_code::kErrForbidden, "cc upgrade through precommit discontinued");
  return precommit_sectors(state, id, caller, PreCommitSectorBatchParams2{{params.info}}, ctx);
}

}  // namespace

Bytes invoke_miner(State& state, std::uint64_t miner_id, std::uint64_t caller,
                   const Message& message, const ApplyContext& ctx) {
  switch (message.method) {
    case miner_method::kChangeWorkerAddress:
      return change_worker_address(state, miner_id, caller, message, ctx);
    case kConfirmChangeWorkerAddress:
      return confirm_change_worker_address(state, miner_id, caller, ctx);
    case miner_method::kChangePeerID:
      return change_peer_id(state, miner_id, caller, message);
    case miner_method::kChangeMultiaddrs:
      return change_multiaddrs(state, miner_id, caller, message);
    case miner_method::kWithdrawBalance:
      return withdraw_balance(state, miner_id, caller, message);
    case miner_method::kPreCommitSector:
      return precommit_sector(state, miner_id, caller, message, ctx);
    case miner_method::kPreCommitSectorBatch2:
      return precommit_sector_batch2(state, miner_id, caller, message, ctx);
    case miner_method::kProveCommitSector:
      return prove_commit_sector(state, miner_id, message, ctx);
    case miner_method::kProveCommitSectors3:
      return prove_commit_sectors3(state, miner_id, caller, message, ctx);
    case miner_method::kSubmitWindowedPoSt:
      return submit_windowed_post(state, miner_id, caller, message, ctx);
    case miner_method::kDeclareFaults:
      return declare_faults(state, miner_id, caller, message, ctx);
    case miner_method::kDeclareFaultsRecovered:
      return declare_faults_recovered(state, miner_id, caller, message, ctx);
    default:
      throw ActorError(
          exit_code::kErrUnhandledMessage,
          "miner method " + std::to_string(message.method) + " is not implemented in the devnet");
  }
}

void apply_due_worker_change(MinerState& miner, const ApplyContext& ctx) {
  if (!miner.info.new_worker || miner.info.worker_change_epoch > ctx.epoch) return;
  miner.info.worker = *miner.info.new_worker;
  miner.info.new_worker.reset();
  miner.info.worker_change_epoch = -1;
}

}  // namespace tessera::chain::devnet
