// `lotus-miner proving info|deadlines|deadline|faults`: the miner's proving period, its
// deadlines and partitions and its faulty sectors, read from the full node (lotus
// cli/spcli/proving.go ProvingInfoCmd; v1.23.3 cmd/lotus-miner/proving.go for the others, whose
// text is in cli/proving_format.hpp).
#include <cstdio>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/epoch_time.hpp"
#include "cli/full_node.hpp"
#include "cli/proving_format.hpp"

namespace tessera::cli {
namespace {

// The miner's address as lotus prints it on a test network ("t01000").
std::string miner_text(const chain::Address& miner) {
  return miner.to_string(chain::Network::kTestnet);
}

int proving_info_action(Context& ctx) {
  auto node = connect_full_node(ctx);
  const chain::Address miner = miner_actor_address(ctx);
  const auto head = node.chain_head();
  const std::uint64_t delay = node.version().block_delay;
  ctx.out() << "Miner: " << miner_text(miner) << "\n";
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

// Every deadline's partitions, in deadline order.
std::vector<std::vector<chain::PartitionState>> all_partitions(
    chain::FullNodeClient& node, const chain::Address& miner, std::size_t deadlines,
    const chain::TipSetKey& at) {
  std::vector<std::vector<chain::PartitionState>> out;
  for (std::uint64_t index = 0; index < deadlines; ++index)
    out.push_back(node.state_miner_partitions(miner, index, at));
  return out;
}

int proving_deadlines_action(Context& ctx) {
  auto node = connect_full_node(ctx);
  const chain::Address miner = miner_actor_address(ctx);
  const auto at = node.chain_head().key();
  const auto deadlines = node.state_miner_deadlines(miner, at);
  const auto current = node.state_miner_proving_deadline(miner, at);
  ctx.out() << format_proving_deadlines(miner_text(miner), deadlines,
                                        all_partitions(node, miner, deadlines.size(), at),
                                        current.index, ctx.boolean("all"));
  return 0;
}

int proving_deadline_action(Context& ctx) {
  if (ctx.args().size() != 1)
    throw UsageError("incorrect number of arguments, got " + std::to_string(ctx.args().size()));
  const std::uint64_t index = parse_deadline_index(ctx.args()[0]);
  auto node = connect_full_node(ctx);
  const chain::Address miner = miner_actor_address(ctx);
  const auto at = node.chain_head().key();
  const auto deadlines = node.state_miner_deadlines(miner, at);
  const auto current = node.state_miner_proving_deadline(miner, at);
  // The miner actor's own words for an index past its deadlines (lotus gets them from the node).
  if (index >= deadlines.size())
    throw InvalidInput("getting partitions for deadline " + std::to_string(index) +
                       ": invalid deadline " + std::to_string(index));
  const auto partitions = node.state_miner_partitions(miner, index, at);
  ctx.out() << format_proving_deadline(
      index, deadlines[index], partitions, current.index == index,
      DeadlineDetailOptions{.sector_nums = ctx.boolean("sector-nums"),
                            .bitfield = ctx.boolean("bitfield")});
  return 0;
}

int proving_faults_action(Context& ctx) {
  auto node = connect_full_node(ctx);
  const chain::Address miner = miner_actor_address(ctx);
  const auto at = node.chain_head().key();
  const auto deadlines = node.state_miner_deadlines(miner, at);
  ctx.out() << format_proving_faults(miner_text(miner),
                                     all_partitions(node, miner, deadlines.size(), at));
  return 0;
}

}  // namespace

Command make_proving_command() {
  Command info{
      .name = "info", .usage = "View current state information", .action = proving_info_action};
  Command deadlines{
      .name = "deadlines",
      .usage = "View the current proving period deadlines information",
      .flags = {{.name = "all",
                 .aliases = {"a"},
                 .type = FlagType::kBool,
                 .usage = "Count all sectors (only live sectors are counted by default)"}},
      .action = proving_deadlines_action};
  Command deadline{
      .name = "deadline",
      .usage = "View the current proving period deadline information by its index",
      .args_usage = "<deadlineIdx>",
      .flags = {{.name = "sector-nums",
                 .aliases = {"n"},
                 .type = FlagType::kBool,
                 .usage = "Print sector/fault numbers belonging to this deadline"},
                {.name = "bitfield",
                 .aliases = {"b"},
                 .type = FlagType::kBool,
                 .usage = "Print partition bitfield stats"}},
      .action = proving_deadline_action};
  Command faults{.name = "faults",
                 .usage = "View the currently known proving faulty sectors information",
                 .action = proving_faults_action};
  return Command{.name = "proving",
                 .usage = "View proving information",
                 .subcommands = {info, deadlines, deadline, faults}};
}

}  // namespace tessera::cli
