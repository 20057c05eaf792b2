#include "miner/proving_api.hpp"

#include <nlohmann/json.hpp>

#include "chain/types/chain_json.hpp"
#include "common/error.hpp"
#include "common/json_fields.hpp"
#include "post/window/window_post_prover.hpp"

namespace tessera::miner {

using nlohmann::json;
namespace jf = json_fields;

json to_json(const SectorRef& ref) {
  return {{"ID", paths::to_json(ref.id)}, {"ProofType", ref.proof_type}};
}

SectorRef sector_ref_from_json(const json& j) {
  return {paths::sector_id_from_json(jf::field(j, "SectorRef", "ID")),
          jf::i64(jf::field(j, "SectorRef", "ProofType"), "SectorRef.ProofType")};
}

json to_json(const UnprovableSectors& bad) {
  json out = json::object();
  for (const auto& [number, reason] : bad.reasons) out[std::to_string(number)] = reason;
  return out;
}

UnprovableSectors unprovable_sectors_from_json(const json& j) {
  UnprovableSectors out;
  if (j.is_null()) return out;  // a Go nil map
  if (!j.is_object())
    throw InvalidInput("CheckProvable result: expected an object, got " + j.dump());
  for (const auto& [key, reason] : j.items()) {
    if (key.empty() || key.find_first_not_of("0123456789") != std::string::npos)
      throw InvalidInput("CheckProvable result: \"" + key + "\" is not a sector number");
    out.reasons[std::stoull(key)] = jf::text(reason, "CheckProvable result[" + key + "]");
  }
  return out;
}

json to_json(const chain::SubmitWindowedPoStParams& p) {
  json partitions = json::array();
  for (const auto& part : p.partitions)
    partitions.push_back(
        {{"Index", part.index}, {"Skipped", chain::bitfield_to_json(part.skipped)}});
  json proofs = json::array();
  for (const auto& proof : p.proofs)
    proofs.push_back(
        {{"PoStProof", proof.post_proof}, {"ProofBytes", chain::bytes_to_json(proof.proof_bytes)}});
  return {{"Deadline", p.deadline},
          {"Partitions", std::move(partitions)},
          {"Proofs", std::move(proofs)},
          {"ChainCommitEpoch", p.chain_commit_epoch},
          {"ChainCommitRand", chain::bytes_to_json(p.chain_commit_rand)}};
}

chain::SubmitWindowedPoStParams submit_windowed_post_params_from_json(const json& j) {
  const std::string where = "SubmitWindowedPoStParams";
  chain::SubmitWindowedPoStParams p;
  p.deadline = jf::u64(jf::field(j, where, "Deadline"), where + ".Deadline");
  const auto& partitions = jf::field(j, where, "Partitions");
  if (!partitions.is_null())
    for (const auto& part : jf::array(partitions, where + ".Partitions"))
      p.partitions.push_back(
          {jf::u64(jf::field(part, where + ".Partitions[]", "Index"),
                   where + ".Partitions[].Index"),
           chain::bitfield_from_json(jf::field(part, where + ".Partitions[]", "Skipped"))});
  const auto& proofs = jf::field(j, where, "Proofs");
  if (!proofs.is_null())
    for (const auto& proof : jf::array(proofs, where + ".Proofs"))
      p.proofs.push_back(
          {jf::i64(jf::field(proof, where + ".Proofs[]", "PoStProof"),
                   where + ".Proofs[].PoStProof"),
           chain::bytes_from_json(jf::field(proof, where + ".Proofs[]", "ProofBytes"))});
  p.chain_commit_epoch =
      jf::i64(jf::field(j, where, "ChainCommitEpoch"), where + ".ChainCommitEpoch");
  p.chain_commit_rand = chain::bytes_from_json(jf::field(j, where, "ChainCommitRand"));
  return p;
}

void register_proving_api(jsonrpc::Registry& registry, ProvingApi api) {
  const auto unavailable = [](const char* method) {
    return NotImplemented(std::string(method) +
                          " needs a full node: this miner runs without FULLNODE_API_INFO");
  };
  api::serve(registry, kCheckProvable,
             [api, unavailable](std::int64_t post_proof, const std::vector<SectorRef>& sectors) {
               if (!api.check_provable) throw unavailable("CheckProvable");
               return api.check_provable(post_proof, sectors);
             });
  api::serve(registry, kComputeWindowPoSt,
             [api, unavailable](std::uint64_t deadline, const chain::TipSetKey& at) {
               if (!api.compute_window_post) throw unavailable("ComputeWindowPoSt");
               return api.compute_window_post(deadline, at);
             });
}

UnprovableSectors check_provable(std::uint64_t miner_id, const std::vector<SectorRef>& sectors,
                                 chain::FullNodeClient& node,
                                 const post::window::SectorAccess& access) {
  chain::BitField numbers;
  for (const auto& ref : sectors) {
    if (ref.id.miner != miner_id)
      throw InvalidInput("CheckProvable: sector " + paths::sector_name(ref.id) +
                         " is not of this miner (t0" + std::to_string(miner_id) + ")");
    numbers.set(ref.id.number);
  }
  UnprovableSectors out;
  if (numbers.empty()) return out;
  const auto head = node.chain_head().key();
  for (const auto& s :
       post::window::check_sectors(chain::Address::from_id(miner_id), numbers, head, node, access))
    if (!s.provable()) out.reasons[s.info.sector_number] = s.failure;
  return out;
}

std::vector<chain::SubmitWindowedPoStParams> compute_window_post(
    std::uint64_t miner_id, std::uint64_t index, const chain::TipSetKey& at,
    chain::FullNodeClient& node, const post::window::SectorAccess& access, params::ProofMode mode,
    std::uint64_t max_partitions_per_message, StageContext& ctx,
    const post::WindowPartitionProver& workers) {
  const auto miner = chain::Address::from_id(miner_id);
  const chain::TipSetKey head = at.cids.empty() ? node.chain_head().key() : at;
  const auto current = node.state_miner_proving_deadline(miner, head);
  if (index >= current.params.period_deadlines)
    throw InvalidInput("ComputeWindowPoSt: deadline index " + std::to_string(index) +
                       " is out of range (the chain has " +
                       std::to_string(current.params.period_deadlines) + " deadlines)");
  // Deadlines after the current one last opened in the period before.
  const chain::ChainEpoch period_start =
      current.period_start - (index > current.index ? current.params.proving_period : 0);
  const auto deadline =
      chain::new_deadline_info(period_start, index, current.current_epoch, current.params);
  if (deadline.challenge < 0)
    throw InvalidInput("ComputeWindowPoSt: deadline " + std::to_string(index) +
                       " has not been challenged yet at epoch " +
                       std::to_string(current.current_epoch));
  const auto partitions = node.state_miner_partitions(miner, index, head);
  if (partitions.empty()) return {};
  const auto info = node.state_miner_info(miner, head);
  std::vector<chain::SubmitWindowedPoStParams> out;
  for (auto& chunk :
       post::window::partition_chunks(partitions.size(), {}, max_partitions_per_message)) {
    const post::window::ProveRequest request{.miner = miner,
                                             .deadline = deadline,
                                             .partitions = std::move(chunk),
                                             .head = head,
                                             .post_proof = info.window_post_proof_type,
                                             .sector_size = info.sector_size};
    out.push_back(post::window::prove_partitions(request, node, access, mode, ctx, workers));
  }
  return out;
}

}  // namespace tessera::miner
