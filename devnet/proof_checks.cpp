#include "devnet/proof_checks.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "post/post_worker.hpp"
#include "sealing/params/verifying_keys.hpp"
#include "sealing/porep/circuit/porep_snark.hpp"
#include "sealing/porep/commd.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/replica_id.hpp"
#include "sealing/porep/sdr_graph.hpp"
#include "sealing/porep/vanilla_proof.hpp"
#include "sealing/porep/vanilla_proof_json.hpp"

namespace tessera::chain::devnet {
namespace {

constexpr std::uint64_t kWindowPostChallenges = 10;
constexpr std::uint64_t kWinningPostChallenges = 66;

crypto::Digest32 digest_of(const Bytes& bytes) {
  crypto::Digest32 d{};
  if (bytes.size() != d.size()) throw InvalidInput("expected 32 bytes of randomness");
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

crypto::Digest32 commitment_of(const cid::Cid& c) {
  if (c.digest.size() != 32) throw InvalidInput("commitment CID without a 32-byte digest");
  return digest_of(c.digest);
}

nlohmann::json parse_json(const Bytes& bytes) {
  return nlohmann::json::parse(bytes.begin(), bytes.end());
}

// The verifying key of a circuit; a missing or malformed key is the node's fault, not the
// message's: ActorError kErrIllegalState naming the file.
const groth16::PreparedVerifyingKey& verifying_key(params::Circuit circuit,
                                                   std::uint64_t sector_size) {
  try {
    return params::cached_verifying_key(circuit, sector_size);
  } catch (const Error& e) {
    throw ActorError(exit_code::kErrIllegalState,
                     std::string("the devnet cannot verify this proof: ") + e.what());
  }
}

std::vector<post::circuit::PostPublicSector> public_sectors(
    const std::vector<SectorOnChainInfo>& sectors) {
  std::vector<post::circuit::PostPublicSector> out;
  for (const auto& s : sectors) out.push_back({s.sector_number, commitment_of(s.sealed_cid)});
  return out;
}

// True when proof holds one valid vanilla PoSt proof per sector of `sectors`, in order.
bool verify_vanilla_post(const post::PostChallengeParams& params,
                         const std::vector<SectorOnChainInfo>& sectors, const Bytes& proof) {
  return post::verify_vanilla_proof_bytes(params, public_sectors(sectors), proof);
}

}  // namespace

bool verify_seal(std::uint64_t miner_id, const SectorPreCommitOnChainInfo& precommit,
                 const Bytes& proof, const ApplyContext& ctx) {
  const auto& info = precommit.info;
  const Bytes entropy = address_entropy(Address::from_id(miner_id));
  try {
    const auto ticket = digest_of(
        ctx.ticket_randomness(DomainSeparationTag::kSealRandomness, info.seal_rand_epoch, entropy));
    const ChainEpoch seed_epoch =
        precommit.pre_commit_epoch + ctx.params->pre_commit_challenge_delay;
    const auto seed = digest_of(ctx.beacon_randomness(
        DomainSeparationTag::kInteractiveSealChallengeSeed, seed_epoch, entropy));
    const auto sector_size = porep::seal_proof_info(info.seal_proof).sector_size;
    const auto comm_d = info.unsealed_cid ? commitment_of(*info.unsealed_cid)
                                          : porep::compute_commd(sector_size, {});
    porep::PorepPublicInputs inputs;
    inputs.registered_proof = info.seal_proof;
    inputs.replica_id =
        porep::replica_id(porep::prover_id_for(miner_id), info.sector_number, ticket, comm_d,
                          porep::porep_id_for(static_cast<std::uint64_t>(info.seal_proof)));
    inputs.comm_d = comm_d;
    inputs.comm_r = commitment_of(info.sealed_cid);
    inputs.seed = seed;
    if (ctx.params->proofs == params::ProofMode::kVanilla) {
      const auto vanilla = porep::vanilla_proof_from_json(parse_json(proof));
      return vanilla.registered_proof == info.seal_proof && porep::verify_porep(inputs, vanilla);
    }
    const auto& vk = verifying_key(params::Circuit::kPoRep, sector_size);
    return porep::circuit::verify_porep_snark(inputs, proof, vk);
  } catch (const nlohmann::json::exception&) {
    return false;
  } catch (const InvalidInput&) {
    return false;
  }
}

bool verify_window_post(std::uint64_t miner_id, std::uint64_t sector_size,
                        const std::vector<SectorOnChainInfo>& sectors, ChainEpoch challenge_epoch,
                        const Bytes& proof, const ApplyContext& ctx) {
  try {
    const post::PostChallengeParams params{
        .randomness = digest_of(ctx.beacon_randomness(DomainSeparationTag::kWindowedPoStChallengeSeed,
                                                      challenge_epoch,
                                                      address_entropy(Address::from_id(miner_id)))),
        .api = post::PostApi::kV1_2,
        .challenge_count = kWindowPostChallenges,
        .sector_size = sector_size};
    if (ctx.params->proofs == params::ProofMode::kVanilla)
      return verify_vanilla_post(params, sectors, proof);
    const auto& vk = verifying_key(params::Circuit::kWindowPoSt, sector_size);
    return post::circuit::verify_window_post_snark(params, public_sectors(sectors), proof, vk);
  } catch (const nlohmann::json::exception&) {
    return false;
  } catch (const InvalidInput&) {
    return false;
  }
}

bool verify_winning_post(params::ProofMode mode, const Bytes& randomness,
                         std::uint64_t sector_size, const std::vector<SectorOnChainInfo>& sectors,
                         const Bytes& proof) {
  try {
    const post::PostChallengeParams params{.randomness = digest_of(randomness),
                                           .api = post::PostApi::kV1_0,
                                           .challenge_count = kWinningPostChallenges,
                                           .sector_size = sector_size};
    if (mode == params::ProofMode::kVanilla) return verify_vanilla_post(params, sectors, proof);
    if (sectors.size() != 1) return false;
    const auto& vk = params::cached_verifying_key(params::Circuit::kWinningPoSt, sector_size);
    return post::circuit::verify_winning_post_snark(params, public_sectors(sectors).front(), proof,
                                                    vk);
  } catch (const nlohmann::json::exception&) {
    return false;
  } catch (const InvalidInput&) {
    return false;
  }
}

}  // namespace tessera::chain::devnet
