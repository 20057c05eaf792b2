#include "post/window/sector_check.hpp"

#include <algorithm>
#include <map>
#include <random>

#include "chain/types/miner_params.hpp"
#include "common/error.hpp"
#include "sealing/porep/proof_types.hpp"

namespace tessera::post::window {

std::vector<CheckedSector> sectors_on_chain(const chain::Address& miner,
                                            const chain::BitField& sectors,
                                            const chain::TipSetKey& head,
                                            chain::FullNodeClient& node) {
  std::map<std::uint64_t, chain::SectorOnChainInfo> infos;
  if (!sectors.empty())
    for (auto& info : node.state_miner_sectors(miner, sectors, head))
      infos.emplace(info.sector_number, std::move(info));
  std::vector<CheckedSector> out;
  for (std::uint64_t number : sectors.all(UINT64_MAX)) {
    CheckedSector s;
    s.info.sector_number = number;
    if (const auto it = infos.find(number); it == infos.end()) {
      s.failure = "the chain has no info for it";
    } else if (it->second.sealed_cid.digest.size() != s.comm_r.size()) {
      s.failure = "its sealed CID has no 32-byte CommR";
    } else {
      s.info = it->second;
      std::copy(s.info.sealed_cid.digest.begin(), s.info.sealed_cid.digest.end(), s.comm_r.begin());
    }
    out.push_back(std::move(s));
  }
  return out;
}

void prove_sectors(std::vector<CheckedSector>& sectors, const PostChallengeParams& params,
                   const SectorAccess& access) {
  std::vector<CheckedSector*> proving;
  for (auto& s : sectors)
    if (s.provable()) proving.push_back(&s);
  if (proving.empty()) return;
  const auto post_proof = chain::window_post_proof_for_sector_size(params.sector_size);
  const auto failures =
      run_bounded(proving.size(), access.limits, [&](std::size_t i, ProofDeadline by) {
        CheckedSector& s = *proving[i];
        const PostSectorChallenge challenge{
            .seal_proof = s.info.seal_proof,
            .sector_number = s.info.sector_number,
            .comm_r = s.comm_r,
            .leaves = challenged_leaves(params, i, s.info.sector_number),
            .post_proof = post_proof};
        if (porep::seal_proof_info(s.info.seal_proof).sector_size != params.sector_size)
          throw InvalidInput("its seal proof is for another sector size than the others'");
        auto proof = access.source(challenge, by);
        if (!verify_sector(params, i, s.comm_r, proof))
          throw Error("its vanilla proof does not verify against the chain's CommR");
        s.proof = std::move(proof);
      });
  for (std::size_t i = 0; i < proving.size(); ++i) {
    if (failures[i].empty()) continue;
    proving[i]->failure = failures[i];
    proving[i]->proof.reset();
  }
}

std::vector<CheckedSector> check_sectors(const chain::Address& miner,
                                         const chain::BitField& sectors,
                                         const chain::TipSetKey& head, chain::FullNodeClient& node,
                                         const SectorAccess& access) {
  auto checked = sectors_on_chain(miner, sectors, head, node);
  PostChallengeParams params{.api = PostApi::kV1_2, .challenge_count = kWindowPostChallenges};
  for (auto& s : checked) {
    if (!s.provable() || params.sector_size != 0) continue;
    try {
      params.sector_size = porep::seal_proof_info(s.info.seal_proof).sector_size;
    } catch (const Error& e) {
      s.failure = e.what();
    }
  }
  std::random_device random;
  for (auto& byte : params.randomness) byte = static_cast<std::uint8_t>(random());
  prove_sectors(checked, params, access);
  return checked;
}

chain::BitField sectors_where(const std::vector<CheckedSector>& checked, bool provable) {
  chain::BitField out;
  for (const auto& s : checked)
    if (s.provable() == provable) out.set(s.info.sector_number);
  return out;
}

}  // namespace tessera::post::window
