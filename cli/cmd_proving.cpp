// `lotus-miner proving info|deadlines|deadline|faults`: the miner's proving period, its
// deadlines and partitions and its faulty sectors, read from the full node (lotus
// cli/spcli/proving.go ProvingInfoCmd; v1.23.3 cmd/lotus-miner/proving.go for the others, whose
// text is in cli/proving_format.hpp); `proving check` and `proving compute window-post`, which
// ask the running miner (CheckProvable, ComputeWindowPoSt: miner/proving_api.hpp); `proving
// workers`, the PoSt workers of WorkerStats.
#include <chrono>
#include <cstdio>
#include <ostream>
#include <set>

#include "cli/commands.hpp"
#include "cli/epoch_time.hpp"
#include "cli/full_node.hpp"
#include "cli/miner_api_client.hpp"
#include "cli/proving_format.hpp"
#include "cli/sealing_format.hpp"
#include "common/jsonrpc/client.hpp"
#include "miner/proving_api.hpp"
#include "sealing/workers/worker_api.hpp"
#include "storage/index/index_api.hpp"

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
std::vector<std::vector<chain::PartitionState>> all_partitions(chain::FullNodeClient& node,
                                                               const chain::Address& miner,
                                                               std::size_t deadlines,
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

// The sector numbers --storage-id's path holds (StorageList); nullopt without the flag.
std::optional<std::set<std::uint64_t>> storage_filter(Context& ctx, jsonrpc::Client& miner_api,
                                                      std::uint64_t miner_id) {
  if (!ctx.is_set("storage-id")) return std::nullopt;
  std::set<std::uint64_t> out;
  const auto declared = api::call(miner_api, paths::kStorageList);
  if (const auto it = declared.find(ctx.string("storage-id")); it != declared.end())
    for (const auto& declaration : it->second)
      if (declaration.sector.miner == miner_id) out.insert(declaration.sector.number);
  return out;
}

// Lotus's checks may take the [Proving] timeouts per partition (minutes on mainnet).
constexpr std::chrono::minutes kProvingCallTimeout{30};

int proving_check_action(Context& ctx) {
  if (ctx.args().size() != 1)
    throw UsageError("incorrect number of arguments, got " + std::to_string(ctx.args().size()));
  const std::uint64_t index = parse_deadline_index(ctx.args()[0]);
  auto node = connect_full_node(ctx);
  auto miner_api = connect_miner_api(ctx);
  const chain::Address miner = miner_actor_address(ctx);
  const auto info = node.state_miner_info(miner, {});
  const auto partitions = node.state_miner_partitions(miner, index, {});
  const auto stored = storage_filter(ctx, *miner_api, miner.id());
  std::vector<ProvableRow> rows;
  for (std::uint64_t p = 0; p < partitions.size(); ++p) {
    // Live sectors, or with --faulty only the faulty ones among them.
    const auto& part = partitions[p];
    std::vector<miner::SectorRef> refs;
    for (const auto& sector : node.state_miner_sectors(miner, part.live_sectors, {})) {
      const std::uint64_t number = sector.sector_number;
      if (stored && !stored->count(number)) continue;
      if (ctx.boolean("faulty") && !part.faulty_sectors.contains(number)) continue;
      refs.push_back({{miner.id(), number}, sector.seal_proof});
    }
    if (refs.empty()) continue;
    const auto bad = api::call_within(kProvingCallTimeout, *miner_api, miner::kCheckProvable,
                                      info.window_post_proof_type, refs);
    for (const auto& ref : refs) {
      const auto it = bad.reasons.find(ref.id.number);
      rows.push_back(
          {p, ref.id.number, it == bad.reasons.end() ? std::nullopt : std::optional(it->second)});
    }
  }
  ctx.out() << format_proving_check(index, rows, ctx.boolean("only-bad"));
  return 0;
}

int proving_compute_window_post_action(Context& ctx) {
  if (ctx.args().size() != 1)
    throw UsageError("incorrect number of arguments, got " + std::to_string(ctx.args().size()));
  const std::uint64_t index = parse_deadline_index(ctx.args()[0]);
  auto miner_api = connect_miner_api(ctx);
  const auto start = std::chrono::steady_clock::now();
  const auto params =
      api::call_within(kProvingCallTimeout, *miner_api, miner::kComputeWindowPoSt, index, {});
  ctx.out() << format_computed_window_post(std::chrono::steady_clock::now() - start, params);
  return 0;
}

// lotus-miner proving workers: the PoSt workers in sealing workers' format.
int proving_workers_action(Context& ctx) {
  ctx.require_args(0);
  auto rpc = connect_miner_api(ctx);
  ctx.out() << format_sealing_workers(api::call(*rpc, workers::kWorkerStats), false);
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
  Command deadline{.name = "deadline",
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
  Command check{
      .name = "check",
      .usage = "Check sectors provable",
      .args_usage = "<deadlineIdx>",
      .flags = {{.name = "only-bad", .type = FlagType::kBool, .usage = "print only bad sectors"},
                {.name = "slow",
                 .type = FlagType::kBool,
                 .usage = "run slower checks (tessera always runs the full check)"},
                {.name = "storage-id",
                 .type = FlagType::kString,
                 .usage = "filter sectors by storage path (path id)"},
                {.name = "faulty", .type = FlagType::kBool, .usage = "only check faulty sectors"}},
      .action = proving_check_action};
  Command window_post{.name = "windowed-post",
                      .aliases = {"window-post"},
                      .usage = "Compute WindowPoSt for a specific deadline",
                      .args_usage = "[deadline index]",
                      .description =
                          "Note: This command is intended to be used to verify PoSt "
                          "compute performance.\nIt will not send any messages to "
                          "the chain.",
                      .action = proving_compute_window_post_action};
  Command compute{
      .name = "compute", .usage = "Compute simulated proving tasks", .subcommands = {window_post}};
  Command workers_cmd{.name = "workers", .usage = "list workers", .action = proving_workers_action};
  return Command{.name = "proving",
                 .usage = "View proving information",
                 .subcommands = {info, deadlines, deadline, faults, check, compute, workers_cmd}};
}

}  // namespace tessera::cli
