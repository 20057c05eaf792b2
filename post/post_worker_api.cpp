#include "post/post_worker_api.hpp"

#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::post {
namespace {

namespace f = json_fields;

// The proofs a worker answered, checked to be of the task's proof type.
const chain::PoStProof& of_type(const chain::PoStProof& proof, std::int64_t post_proof) {
  if (proof.post_proof != post_proof)
    throw InvalidInput("the PoSt worker answered a proof of type " +
                       std::to_string(proof.post_proof) + " for a task of type " +
                       std::to_string(post_proof));
  return proof;
}

}  // namespace

PostSectorChallenge post_sector_challenge_from_json(const nlohmann::json& json) {
  return sector_challenge_from_json(json, "PostSectorChallenge");
}

nlohmann::json to_json(const chain::PoStProof& proof) {
  return {{"PoStProof", proof.post_proof}, {"ProofBytes", base64_encode(proof.proof_bytes)}};
}

chain::PoStProof post_proof_from_json(const nlohmann::json& json) {
  const std::string where = "PoStProof";
  const auto& bytes = f::field(json, where, "ProofBytes");  // null: a Go nil slice
  return {f::i64(f::field(json, where, "PoStProof"), where + ".PoStProof"),
          bytes.is_null() ? Bytes{} : base64_decode(f::text(bytes, where + ".ProofBytes"))};
}

nlohmann::json to_json(const WindowPoStResult& result) {
  nlohmann::json skipped = nlohmann::json::array();
  for (std::uint64_t number : result.skipped)
    skipped.push_back({{"Miner", result.miner_id}, {"Number", number}});
  return {{"PoStProofs", to_json(result.proof)}, {"Skipped", skipped}};
}

WindowPoStResult window_post_result_from_json(const nlohmann::json& json) {
  const std::string where = "WindowPoStResult";
  WindowPoStResult out;
  out.proof = post_proof_from_json(f::field(json, where, "PoStProofs"));
  const auto& skipped = f::field(json, where, "Skipped");
  if (skipped.is_null()) return out;  // a Go nil slice
  for (const auto& id : f::array(skipped, where + ".Skipped")) {
    out.miner_id = f::u64(f::field(id, where + ".Skipped", "Miner"), where + ".Skipped.Miner");
    out.skipped.push_back(
        f::u64(f::field(id, where + ".Skipped", "Number"), where + ".Skipped.Number"));
  }
  return out;
}

void serve_post_worker_api(jsonrpc::Registry& registry, WindowPartitionProver window,
                           WinningProver winning) {
  api::serve(registry, kGenerateWindowPoSt,
             [window = std::move(window)](std::int64_t ppt, std::uint64_t miner,
                                          const std::vector<PostSectorChallenge>& sectors,
                                          std::int64_t partition, const Bytes& randomness) {
               if (!window) throw NotImplemented("this worker does not compute WindowPoSt");
               if (partition < 0) throw InvalidInput("partition index is negative");
               auto result = window(PostTask{ppt, miner, sectors, randomness,
                                             static_cast<std::uint64_t>(partition)});
               return WindowPoStResult{{ppt, std::move(result.proof)}, result.skipped, miner};
             });
  api::serve(registry, kGenerateWinningPoSt,
             [winning = std::move(winning)](std::int64_t ppt, std::uint64_t miner,
                                            const std::vector<PostSectorChallenge>& sectors,
                                            const Bytes& randomness) {
               if (!winning) throw NotImplemented("this worker does not compute WinningPoSt");
               return std::vector<chain::PoStProof>{
                   {ppt, winning(PostTask{ppt, miner, sectors, randomness, 0})}};
             });
}

WindowPartitionProver remote_window_prover(jsonrpc::Client& client,
                                           std::chrono::milliseconds timeout) {
  return [&client, timeout](const PostTask& task) {
    const auto result = api::call_within(
        timeout, client, kGenerateWindowPoSt, task.post_proof, task.miner_id, task.sectors,
        static_cast<std::int64_t>(task.partition_index), task.randomness);
    WindowPartitionResult out{.skipped = result.skipped};
    if (out.skipped.empty()) out.proof = of_type(result.proof, task.post_proof).proof_bytes;
    return out;
  };
}

WinningProver remote_winning_prover(jsonrpc::Client& client, std::chrono::milliseconds timeout) {
  return [&client, timeout](const PostTask& task) {
    const auto proofs = api::call_within(timeout, client, kGenerateWinningPoSt, task.post_proof,
                                         task.miner_id, task.sectors, task.randomness);
    if (proofs.size() != 1)
      throw InvalidInput("the PoSt worker answered " + std::to_string(proofs.size()) +
                         " WinningPoSt proofs, expected one");
    return of_type(proofs[0], task.post_proof).proof_bytes;
  };
}

}  // namespace tessera::post
