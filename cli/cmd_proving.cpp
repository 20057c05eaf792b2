// `lotus-miner proving info`: the miner's proving period and current deadline (lotus
// cli/spcli/proving.go ProvingInfoCmd).
#include <cstdio>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/epoch_time.hpp"
#include "cli/full_node.hpp"

namespace tessera::cli {
namespace {

int proving_info_action(Context& ctx) {
  auto node = connect_full_node(ctx);
  const chain::Address miner = miner_actor_address(ctx);
  const auto head = node.chain_head();
  const std::uint64_t delay = node.version().block_delay;
  ctx.out() << "Miner: " << miner.to_string(chain::Network::kTestnet) << "\n";
  const auto cd = node.state_miner_proving_deadline(miner, head.key());
  const auto deadlines = node.state_miner_deadlines(miner, head.key());
  std::uint64_t proving = 0, faults = 0, recovering = 0, deadline_sectors = 0;
  for (std::uint64_t index = 0; index < deadlines.size(); ++index) {
    for (const auto& part : node.state_miner_partitions(miner, index, {})) {
      proving += part.live_sectors.count();
      faults += part.faulty_sectors.count();
      recovering += part.recovering_sectors.count();
      if (index == cd.index) deadline_sectors += part.active_sectors.count();
    }
  }
  // Integer percentage, as lotus computes it (faults * 100 / proving).
  const double fault_percent = proving > 0 ? static_cast<double>(faults * 100 / proving) : 0.0;
  const auto& ts = head.blocks.front();
  const auto at = [&](chain::ChainEpoch e) {
    return epoch_time_ts(cd.current_epoch, e, delay, ts.height, ts.timestamp);
  };
  const auto rel = [&](chain::ChainEpoch e) { return epoch_time(cd.current_epoch, e, delay); };
  char percent[32];
  std::snprintf(percent, sizeof percent, "%.2f%%", fault_percent);
  auto& out = ctx.out();
  out << "Current Epoch:           " << cd.current_epoch << "\n";
  out << "Proving Period Boundary: " << cd.period_start % cd.params.proving_period << "\n";
  out << "Proving Period Start:    " << at(cd.period_start) << "\n";
  out << "Next Period Start:       " << at(cd.period_start + cd.params.proving_period) << "\n\n";
  out << "Faults:      " << faults << " (" << percent << ")\n";
  out << "Recovering:  " << recovering << "\n";
  out << "Deadline Index:       " << cd.index << "\n";
  out << "Deadline Sectors:     " << deadline_sectors << "\n";
  out << "Deadline Open:        " << rel(cd.open) << "\n";
  out << "Deadline Close:       " << rel(cd.close) << "\n";
  out << "Deadline Challenge:   " << rel(cd.challenge) << "\n";
  out << "Deadline FaultCutoff: " << rel(cd.fault_cutoff) << "\n";
  return 0;
}

}  // namespace

Command make_proving_command() {
  Command info{
      .name = "info", .usage = "View current state information", .action = proving_info_action};
  return Command{.name = "proving", .usage = "View proving information", .subcommands = {info}};
}

}  // namespace tessera::cli
