#include "post/window/fault_declarations.hpp"

#include "common/log.hpp"
#include "post/window/sector_check.hpp"

namespace tessera::post::window {
namespace {

// Checks `sectors` of each partition (one check_sectors call for the deadline) and returns,
// per partition in order, those that pass (want_provable) or fail (!want_provable), logging
// each failure with its reason under `what`.
std::vector<chain::SectorDeclaration> declarations(
    const chain::Address& miner, std::uint64_t deadline_index, const chain::TipSetKey& head,
    chain::FullNodeClient& node, const SectorAccess& access,
    const std::vector<chain::BitField>& sectors_per_partition, bool want_provable,
    std::string_view what) {
  chain::BitField all;
  for (const auto& sectors : sectors_per_partition) all = all.union_with(sectors);
  std::vector<chain::SectorDeclaration> out;
  if (all.empty()) return out;
  const auto checked = check_sectors(miner, all, head, node, access);
  const auto logger = log::get("wdpost");
  for (const auto& s : checked)
    if (!s.provable())
      TLOG_WARN(logger, "{} of deadline {}: sector {} fails its check: {}", what, deadline_index,
                s.info.sector_number, s.failure);
  const chain::BitField selected = sectors_where(checked, want_provable);
  for (std::size_t i = 0; i < sectors_per_partition.size(); ++i) {
    auto declared = sectors_per_partition[i].intersect_with(selected);
    if (!declared.empty()) out.push_back({deadline_index, i, std::move(declared)});
  }
  return out;
}

}  // namespace

std::vector<chain::DeclarationsParams> recoveries_to_declare(
    const chain::Address& miner, std::uint64_t deadline_index, const chain::TipSetKey& head,
    chain::FullNodeClient& node, const SectorAccess& access,
    std::uint64_t max_partitions_per_message) {
  std::vector<chain::BitField> unrecovered;
  for (const auto& p : node.state_miner_partitions(miner, deadline_index, head))
    unrecovered.push_back(p.faulty_sectors.subtract(p.recovering_sectors));
  const auto recoveries =
      declarations(miner, deadline_index, head, node, access, unrecovered, true, "recovery check");
  std::vector<chain::DeclarationsParams> out;
  for (const auto& recovery : recoveries) {
    if (out.empty() || (max_partitions_per_message != 0 &&
                        out.back().declarations.size() >= max_partitions_per_message))
      out.emplace_back();
    out.back().declarations.push_back(recovery);
  }
  return out;
}

chain::DeclarationsParams faults_to_declare(const chain::Address& miner,
                                            std::uint64_t deadline_index,
                                            const chain::TipSetKey& head,
                                            chain::FullNodeClient& node,
                                            const SectorAccess& access) {
  std::vector<chain::BitField> non_faulty;
  for (const auto& p : node.state_miner_partitions(miner, deadline_index, head))
    non_faulty.push_back(p.live_sectors.subtract(p.faulty_sectors));
  return {
      declarations(miner, deadline_index, head, node, access, non_faulty, false, "fault check")};
}

}  // namespace tessera::post::window
