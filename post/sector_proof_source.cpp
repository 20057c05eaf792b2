#include "post/sector_proof_source.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/cid/cid.hpp"
#include "common/error.hpp"
#include "common/json_fields.hpp"
#include "crypto/fr.hpp"
#include "crypto/poseidon.hpp"
#include "post/fallback/vanilla_post_json.hpp"
#include "sealing/porep/sector_files.hpp"

namespace tessera::post {

SectorPostProof prove_from_files(const PostSectorChallenge& challenge, const SectorFiles& files) {
  const porep::SealedReplica replica(challenge.seal_proof, files.cache, files.sealed);
  const crypto::Digest32 root = replica.tree_r_last().root();
  if (root != replica.aux().comm_r_last)
    throw Error("sector " + std::to_string(challenge.sector_number) +
                ": its TreeRLast root is not p_aux's comm_r_last");
  const crypto::Fr inputs[2] = {crypto::Fr::from_bytes(replica.aux().comm_c.data()),
                                crypto::Fr::from_bytes(root.data())};
  if (crypto::poseidon_hash(inputs, 2, 2).to_bytes() != challenge.comm_r)
    throw Error("sector " + std::to_string(challenge.sector_number) +
                ": its files commit to another CommR than the chain's");
  return prove_leaves(challenge.sector_number, challenge.leaves, replica.tree_r_last(),
                      replica.aux().comm_c);
}

SectorProofSource local_proof_source(SectorFileLookup files) {
  return [files = std::move(files)](const PostSectorChallenge& challenge, ProofDeadline) {
    const auto found = files(challenge.sector_number);
    if (!found)
      throw NotFound("the files of sector " + std::to_string(challenge.sector_number) +
                     " are not in this machine's storage paths");
    return prove_from_files(challenge, *found);
  };
}

SectorProofSource first_of(SectorProofSource first, SectorProofSource second) {
  return [first = std::move(first), second = std::move(second)](
             const PostSectorChallenge& challenge, ProofDeadline deadline) {
    try {
      return first(challenge, deadline);
    } catch (const NotFound&) {
      return second(challenge, deadline);
    }
  };
}

nlohmann::json sector_challenge_json(const PostSectorChallenge& c) {
  const Bytes comm_r(c.comm_r.begin(), c.comm_r.end());
  return {{"SealProof", c.seal_proof},
          {"SectorNumber", c.sector_number},
          {"SealedCID", {{"/", cid::commitment_sealed_cid(comm_r).to_string()}}},
          {"Challenge", c.leaves},
          {"Update", false}};
}

PostSectorChallenge sector_challenge_from_json(const nlohmann::json& json,
                                               const std::string& where) {
  namespace f = json_fields;
  if (!json.is_object()) throw InvalidInput(where + " is not an object");
  if (const auto update = json.find("Update"); update != json.end() && *update != false)
    throw InvalidInput("vanilla proofs of updated (snap-deal) replicas are not supported");
  PostSectorChallenge out;
  out.seal_proof = f::i64(f::field(json, where, "SealProof"), where + ".SealProof");
  out.sector_number = f::u64(f::field(json, where, "SectorNumber"), where + ".SectorNumber");
  for (const auto& leaf : f::array(f::field(json, where, "Challenge"), where + ".Challenge"))
    out.leaves.push_back(f::u64(leaf, where + ".Challenge"));
  const auto& cid_json = f::field(json, where, "SealedCID");
  const auto sealed =
      cid::Cid::parse(f::text(f::field(cid_json, where + ".SealedCID", "/"), where + ".SealedCID"));
  const Bytes& digest = sealed.digest;
  if (digest.size() != out.comm_r.size() || sealed != cid::commitment_sealed_cid(digest))
    throw InvalidInput("SealedCID " + sealed.to_string() + " is not a sealed commitment");
  std::copy(digest.begin(), digest.end(), out.comm_r.begin());
  return out;
}

nlohmann::json to_json(const SingleVanillaRequest& request) {
  return {{"Miner", request.miner_id},
          {"Sector", sector_challenge_json(request.challenge)},
          {"ProofType", request.challenge.post_proof}};
}

SingleVanillaRequest single_vanilla_request_from_json(const nlohmann::json& json) {
  namespace f = json_fields;
  const std::string where = "the vanilla proof request";
  SingleVanillaRequest out;
  out.miner_id = f::u64(f::field(json, where, "Miner"), where + ".Miner");
  out.challenge = sector_challenge_from_json(f::field(json, where, "Sector"), where + ".Sector");
  out.challenge.post_proof = f::i64(f::field(json, where, "ProofType"), where + ".ProofType");
  return out;
}

std::string answer_single_vanilla(const std::string& body, const paths::SectorFileFinder& find) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded()) throw InvalidInput("the vanilla proof request is not JSON");
  const auto request = single_vanilla_request_from_json(json);
  const auto& c = request.challenge;
  const paths::SectorId id{request.miner_id, c.sector_number};
  const auto sealed = find(paths::FileType::kSealed, id);
  const auto cache = find(paths::FileType::kCache, id);
  if (!sealed || !cache)
    throw NotFound("no files of sector " + std::to_string(c.sector_number) + " of miner f0" +
                   std::to_string(request.miner_id) + " here");
  return post_proofs_to_json({prove_from_files(c, SectorFiles{*sealed, *cache})}).dump();
}

}  // namespace tessera::post
