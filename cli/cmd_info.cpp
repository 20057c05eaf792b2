// `lotus-miner info`: the miner actor's power, balances and sectors, line for line as lotus
// prints them (lotus cli/miner/info.go; reference/lotus-compat.md §6.2).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iomanip>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/full_node.hpp"
#include "cli/miner_api_client.hpp"
#include "cli/sectors_format.hpp"
#include "cli/size_format.hpp"
#include "common/api/common_api.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jsonrpc/dispatcher.hpp"
#include "miner/miner_api.hpp"
#include "miner/sectors_api.hpp"

namespace tessera::cli {
namespace {

using chain::format_fil_short;

double to_double(const chain::BigInt& v) {
  return std::stod(v.to_string());
}

std::string percent(const chain::BigInt& part, const chain::BigInt& whole) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(4)
      << (whole == chain::BigInt() ? 0.0 : 100.0 * to_double(part) / to_double(whole)) << "%";
  return out.str();
}

// "StartTime: 1m2s (started at 2026-11-23 11:50:01 +0000 UTC)" from the daemon's RFC 3339
// start time (Go's Duration and Time strings, both truncated to the second).
void print_start_time(std::ostream& out, const std::string& rfc3339) {
  std::tm utc{};
  if (!strptime(rfc3339.c_str(), "%Y-%m-%dT%H:%M:%S", &utc))
    throw InvalidInput("StartTime: unexpected time \"" + rfc3339 + "\"");
  const std::time_t start = timegm(&utc);
  const auto now = std::chrono::system_clock::now();
  const auto up = std::chrono::duration_cast<std::chrono::seconds>(
      now - std::chrono::system_clock::from_time_t(start));
  char when[64];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S +0000 UTC", &utc);
  out << "StartTime: " << go_duration_string(up) << " (started at " << when << ")\n";
}

// "Chain: [sync ok] [basefee 100 aFIL]" (lotus cli SyncBasefeeCheck). Head timestamps are
// whole seconds, so a node with sub-second epochs counts as in sync within 2 s.
void print_chain_line(std::ostream& out, chain::FullNodeClient& node) {
  const auto head = node.chain_head();
  const std::int64_t delay =
      static_cast<std::int64_t>(std::max<std::uint64_t>(1, node.version().block_delay));
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  const std::int64_t behind = now - static_cast<std::int64_t>(head.blocks.front().timestamp);
  out << "Chain: ";
  if (behind < std::max<std::int64_t>(2, delay * 3 / 2))
    out << "[sync ok]";
  else if (behind < delay * 5)
    out << "[sync slow (" << behind << "s behind)]";
  else
    out << "[sync behind! (" << behind << "s behind)]";
  out << " [basefee " << format_fil_short(head.blocks.front().parent_base_fee) << "]\n";
}

// Expected wins as lotus projects them: 5 leaders per 30 s epoch (builtin constants), with
// multi-wins through the Poisson distribution.
void print_win_projection(std::ostream& out, const chain::MinerPower& power) {
  constexpr double kBlocksPerEpoch = 5, kEpochSeconds = 30, kEpochsInDay = 2880;
  double ratio = to_double(power.miner_power.quality_adj_power) * kBlocksPerEpoch /
                 to_double(power.total_power.quality_adj_power);
  if (!(ratio > 0)) return;
  ratio = -std::expm1(-ratio);
  const auto seconds = [](double s) {
    return go_duration_string(std::chrono::seconds(static_cast<std::int64_t>(s)));
  };
  char weekly[32];
  std::snprintf(weekly, sizeof weekly, "%.02f", ratio * 7 * kEpochsInDay);
  out << "Projected average block win rate: " << weekly << "/week (every "
      << seconds(kEpochSeconds / ratio) << ")\n";
  out << "Projected block win with 99.9% probability every "
      << seconds(kEpochSeconds * std::log(1 - 0.999) / std::log(1 - ratio)) << "\n";
  out << "(projections DO NOT account for future network and miner growth)\n";
}

void print_power(std::ostream& out, chain::FullNodeClient& node, const chain::Address& miner,
                 const chain::MinerInfo& info) {
  const auto power = node.state_miner_power(miner, {});
  out << "Power: " << deci_str(to_double(power.miner_power.quality_adj_power)) << " / "
      << deci_str(to_double(power.total_power.quality_adj_power)) << " ("
      << percent(power.miner_power.quality_adj_power, power.total_power.quality_adj_power) << ")\n";
  out << "\tRaw: " << size_str(to_double(power.miner_power.raw_byte_power)) << " / "
      << size_str(to_double(power.total_power.raw_byte_power)) << " ("
      << percent(power.miner_power.raw_byte_power, power.total_power.raw_byte_power) << ")\n";
  const auto counts = node.state_miner_sector_count(miner, {});
  const double ssize = static_cast<double>(info.sector_size);
  out << "\tCommitted: " << size_str(static_cast<double>(counts.live) * ssize) << "\n";
  const double proving = static_cast<double>(counts.active + counts.faulty) * ssize;
  if (counts.faulty == 0) {
    out << "\tProving: " << size_str(proving) << "\n";
  } else {
    out << "\tProving: " << size_str(proving) << " ("
        << size_str(static_cast<double>(counts.faulty) * ssize) << " Faulty, " << std::fixed
        << std::setprecision(2)
        << (counts.live
                ? 100.0 * static_cast<double>(counts.faulty) / static_cast<double>(counts.live)
                : 0.0)
        << "%)\n";
  }
  if (!power.has_min_power)
    out << "Below minimum power threshold, no blocks will be won";
  else
    print_win_projection(out, power);
  out << "\n";
}

void print_balances(std::ostream& out, chain::FullNodeClient& node, const chain::Address& miner,
                    const chain::MinerInfo& info) {
  const auto funds = node.state_read_miner_funds(miner, {});
  const auto available = node.state_miner_available_balance(miner, {});
  chain::TokenAmount spendable;
  if (available > chain::TokenAmount()) spendable = available;
  out << "Miner Balance:    " << format_fil_short(funds.balance) << "\n";
  out << "      PreCommit:  " << format_fil_short(funds.pre_commit_deposits) << "\n";
  out << "      Pledge:     " << format_fil_short(funds.initial_pledge) << "\n";
  out << "      Vesting:    " << format_fil_short(funds.locked_funds) << "\n";
  out << "      Available:  " << format_fil_short(available) << "\n";
  const auto market = node.state_market_balance(miner, {});
  spendable = spendable + (market.escrow - market.locked);
  out << "Market Balance:   " << format_fil_short(market.escrow) << "\n";
  out << "       Locked:    " << format_fil_short(market.locked) << "\n";
  out << "       Available: " << format_fil_short(market.escrow - market.locked) << "\n";
  const auto worker = node.wallet_balance(info.worker);
  spendable = spendable + worker;
  out << "Worker Balance:   " << format_fil_short(worker) << "\n";
  if (!info.control_addresses.empty()) {
    chain::TokenAmount control;
    for (const auto& a : info.control_addresses) control = control + node.wallet_balance(a);
    spendable = spendable + control;
    out << "       Control:   " << format_fil_short(control) << "\n";
  }
  out << "Total Spendable:  " << format_fil_short(spendable) << "\n";
  out << "\nBeneficiary:\t" << info.beneficiary.to_string(chain::Network::kTestnet) << "\n\n";
}

// The Sectors block (SectorsSummary in lotus's state order), then a blank line. A miner that
// runs no sealing pipeline (a PoSt-only role) does not serve SectorsSummary: no block then.
void print_sectors(std::ostream& out, jsonrpc::Client& miner_api) {
  std::map<std::string, std::uint64_t> summary;
  try {
    summary = api::call(miner_api, miner::kSectorsSummary);
  } catch (const jsonrpc::RpcError& e) {
    if (e.code() == jsonrpc::kMethodNotFound) return;
    throw;
  }
  out << "Sectors:\n" << format_sectors_summary(summary) << "\n";
}

int info_action(Context& ctx) {
  auto node = connect_full_node(ctx);
  std::unique_ptr<jsonrpc::Client> miner_api;
  if (!ctx.is_set("actor")) {
    miner_api = connect_miner_api(ctx);
    const auto subsystems = api::call(*miner_api, miner::kRuntimeSubsystems);
    ctx.out() << "Enabled subsystems: [";
    for (std::size_t i = 0; i < subsystems.size(); ++i)
      ctx.out() << (i ? " " : "") << subsystems[i];
    ctx.out() << "]\n";
    print_start_time(ctx.out(), api::call(*miner_api, api::kStartTime));
  }
  print_chain_line(ctx.out(), node);
  ctx.out() << "\n";
  const chain::Address miner = miner_actor_address(ctx);
  const auto info = node.state_miner_info(miner, {});
  ctx.out() << "Miner: " << miner.to_string(chain::Network::kTestnet) << " ("
            << size_str(static_cast<double>(info.sector_size)) << " sectors)\n";
  print_power(ctx.out(), node, miner, info);
  print_balances(ctx.out(), node, miner, info);
  if (miner_api && !ctx.boolean("hide-sectors-info")) print_sectors(ctx.out(), *miner_api);
  return 0;
}

}  // namespace

Command make_info_command() {
  return Command{.name = "info",
                 .usage = "Print miner info",
                 .flags = {{.name = "hide-sectors-info",
                            .type = FlagType::kBool,
                            .usage = "hide sectors info"}},
                 .action = info_action};
}

}  // namespace tessera::cli
