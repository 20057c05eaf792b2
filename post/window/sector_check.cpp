#include "post/window/sector_check.hpp"

#include <algorithm>
#include <map>

#include "common/error.hpp"
#include "crypto/fr.hpp"
#include "crypto/poseidon.hpp"

namespace tessera::post::window {
namespace {

// The chain's info of each sector, ascending; one the chain does not know or whose sealed
// CID holds no CommR has its failure set.
std::vector<CheckedSector> chain_sectors(const chain::Address& miner,
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

// Why the opened replica does not commit to comm_r, or empty when it does.
std::string commitment_mismatch(const porep::SealedReplica& replica,
                                const crypto::Digest32& comm_r) {
  const crypto::Digest32 root = replica.tree_r_last().root();
  if (root != replica.aux().comm_r_last) return "its TreeRLast root is not p_aux's comm_r_last";
  const crypto::Fr inputs[2] = {crypto::Fr::from_bytes(replica.aux().comm_c.data()),
                                crypto::Fr::from_bytes(root.data())};
  if (crypto::poseidon_hash(inputs, 2, 2).to_bytes() != comm_r)
    return "its files commit to another CommR than the chain's";
  return {};
}

// Opens the files of each sector still provable; a failure is its reason.
void check_files(std::vector<CheckedSector>& sectors, const SectorFileLookup& files,
                 StageContext& ctx) {
  parallel_for(ctx, sectors.size(), [&](std::uint64_t begin, std::uint64_t end) {
    for (std::uint64_t i = begin; i < end; ++i) {
      CheckedSector& s = sectors[i];
      if (!s.provable()) continue;
      const auto found = files(s.info.sector_number);
      if (!found) {
        s.failure = "its files are not reachable from this machine";
        continue;
      }
      try {
        auto replica =
            std::make_unique<porep::SealedReplica>(s.info.seal_proof, found->cache, found->sealed);
        s.failure = commitment_mismatch(*replica, s.comm_r);
        if (s.provable()) s.replica = std::move(replica);
      } catch (const Error& e) {
        s.failure = e.what();
      }
    }
  });
  ctx.yield_point();
}

}  // namespace

std::vector<CheckedSector> check_sectors(const chain::Address& miner,
                                         const chain::BitField& sectors,
                                         const chain::TipSetKey& head, chain::FullNodeClient& node,
                                         const SectorFileLookup& files, StageContext& ctx) {
  auto checked = chain_sectors(miner, sectors, head, node);
  check_files(checked, files, ctx);
  return checked;
}

chain::BitField sectors_where(const std::vector<CheckedSector>& checked, bool provable) {
  chain::BitField out;
  for (const auto& s : checked)
    if (s.provable() == provable) out.set(s.info.sector_number);
  return out;
}

}  // namespace tessera::post::window
