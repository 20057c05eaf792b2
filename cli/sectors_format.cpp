#include "cli/sectors_format.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <sstream>

#include "chain/types/big_int.hpp"
#include "cli/epoch_time.hpp"
#include "cli/size_format.hpp"
#include "cli/table_writer.hpp"
#include "common/encoding.hpp"
#include "sealing/pipeline/sector_states.hpp"

namespace tessera::cli {
namespace {

// Go's fmt "%s" of a *cid.Cid: the CID text, "<nil>" for a nil pointer.
std::string cid_or_nil(const std::optional<cid::Cid>& c) {
  return c ? c->to_string() : "<nil>";
}

// Go's fmt "%x" of a signed integer.
std::string go_hex(std::int64_t v) {
  char buf[32];
  const unsigned long long magnitude =
      v < 0 ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
  std::snprintf(buf, sizeof buf, "%s%llx", v < 0 ? "-" : "", magnitude);
  return buf;
}

// Go's fmt "%v" of a []uint64: "[1 2 3]".
std::string go_list(const std::vector<std::uint64_t>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? " " : "") + std::to_string(values[i]);
  return out + "]";
}

// big.Int truncating division to a float, as lotus's big.Div(...).Uint64() then float64().
double div_to_double(const chain::BigInt& num, std::int64_t den) {
  const chain::BigInt q = num / chain::BigInt::from_int(den);
  if (q.negative())
    return 0;  // Uint64() of a negative big.Int is not meaningful; lotus never
               // sees one (weights are non-negative)
  return std::stod(q.to_string());
}

bool piece_is_verified(const miner::ApiSectorPiece& piece) {
  const auto proposal = piece.deal_info.find("DealProposal");
  if (proposal == piece.deal_info.end() || !proposal->is_object()) return false;
  const auto verified = proposal->find("VerifiedDeal");
  return verified != proposal->end() && verified->is_boolean() && verified->get<bool>();
}

// The row of one sector, by column name (lotus sectors.go sectorsListCmd).
std::map<std::string, std::string> list_row(const miner::ApiSectorInfo& st,
                                            const SectorsListChain& chain,
                                            const SectorsListOptions& options) {
  const std::uint64_t s = st.sector_id;
  const bool in_committed = chain.committed.contains(s);
  const bool in_active = chain.active.contains(s);

  constexpr int kVerifiedPowerGainMul = 9;
  double dw = 0, vp = 0;
  const std::int64_t lifetime = st.expiration - st.activation;
  const bool estimate = lifetime <= 0 || pipeline::is_upgrade_state(st.state);
  if (!estimate) {
    dw = div_to_double(st.deal_weight + st.verified_deal_weight, lifetime);
    vp = div_to_double(st.verified_deal_weight * chain::BigInt::from_int(kVerifiedPowerGainMul),
                       lifetime);
  } else {
    for (const auto& piece : st.pieces) {
      if (piece.deal_info.is_null()) continue;
      dw += static_cast<double>(piece.size);
      if (piece_is_verified(piece)) vp += static_cast<double>(piece.size) * kVerifiedPowerGainMul;
    }
  }

  const auto deals =
      std::count_if(st.deals.begin(), st.deals.end(), [](std::uint64_t d) { return d != 0; });
  std::int64_t expiration = st.expiration;
  if (st.on_time > 0 && st.on_time < expiration) expiration = st.on_time;  // CC-upgraded

  std::map<std::string, std::string> row{{"ID", std::to_string(s)},
                                         {"State", st.state},
                                         {"OnChain", in_committed ? "YES" : "NO"},
                                         {"Active", in_active ? "YES" : "NO"}};
  if (deals > 0)
    row["Deals"] = std::to_string(deals);
  else
    row["Deals"] = st.to_upgrade ? "CC(upgrade)" : "CC";

  if (!options.fast) {
    if (!in_committed) {
      row["Expiration"] = "n/a";
    } else {
      row["Expiration"] = epoch_time(chain.head_height, expiration, chain.block_delay);
      if (st.early > 0)
        row["RecoveryTimeout"] = epoch_time(chain.head_height, st.early, chain.block_delay);
    }
    if (in_committed && options.initial_pledge)
      row["Pledge"] = chain::format_fil_short(st.initial_pledge);
  }

  if (!options.fast && deals > 0) {
    const auto wrap = [&](const std::string& text) { return estimate ? "[" + text + "]" : text; };
    row["DealWeight"] = wrap(go_units_bytes_size(dw));
    if (vp > 0) row["VerifiedPower"] = wrap(go_units_bytes_size(vp));
  }

  if (options.events) {
    std::size_t events = 0;
    for (const auto& entry : st.log) {
      if (!entry.kind.starts_with("event")) continue;
      if (entry.kind == "event;sealing.SectorRestart") continue;
      ++events;
    }
    row["Events"] = std::to_string(events);
  }

  if (options.seal_time && st.log.size() > 1) {
    const auto start = static_cast<std::int64_t>(st.log.front().timestamp);
    for (const auto& entry : st.log) {
      if (entry.kind != "event;sealing.SectorProving") continue;
      row["SealTime"] = go_duration_string(
          std::chrono::seconds(static_cast<std::int64_t>(entry.timestamp) - start));
      break;
    }
  }
  return row;
}

}  // namespace

std::string go_time_string(std::int64_t unix_seconds, bool local_time) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  char buf[96];
  if (local_time) {
    localtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %z %Z", &tm);
  } else {
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S +0000 UTC", &tm);
  }
  return buf;
}

std::string go_units_bytes_size(double bytes) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
  constexpr std::size_t kLast = sizeof kUnits / sizeof kUnits[0] - 1;
  std::size_t i = 0;
  while (bytes >= 1024 && i < kLast) {
    bytes /= 1024;
    ++i;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g%s", bytes, kUnits[i]);
  return buf;
}

std::string format_sector_status(const miner::ApiSectorInfo& st,
                                 const SectorStatusOptions& options) {
  std::ostringstream out;
  out << "SectorID:\t" << st.sector_id << "\n";
  out << "Status:\t\t" << st.state << "\n";
  out << "CIDcommD:\t" << cid_or_nil(st.comm_d) << "\n";
  out << "CIDcommR:\t" << cid_or_nil(st.comm_r) << "\n";
  out << "Ticket:\t\t" << hex_encode(st.ticket.value) << "\n";
  out << "TicketH:\t" << st.ticket.epoch << "\n";
  out << "Seed:\t\t" << hex_encode(st.seed.value) << "\n";
  out << "SeedH:\t\t" << st.seed.epoch << "\n";
  out << "Precommit:\t" << cid_or_nil(st.pre_commit_msg) << "\n";
  out << "Commit:\t\t" << cid_or_nil(st.commit_msg) << "\n";
  if (options.proof) out << "Proof:\t\t" << hex_encode(st.proof) << "\n";
  out << "Deals:\t\t" << go_list(st.deals) << "\n";
  out << "Retries:\t" << st.retries << "\n";
  if (!st.last_err.empty()) out << "Last Error:\t\t" << st.last_err << "\n";

  if (options.on_chain_info) {
    out << "\nSector On Chain Info\n";
    out << "SealProof:\t\t" << go_hex(st.seal_proof) << "\n";
    out << "Activation:\t\t" << st.activation << "\n";
    out << "Expiration:\t\t" << st.expiration << "\n";
    out << "DealWeight:\t\t" << st.deal_weight.to_string() << "\n";
    out << "VerifiedDealWeight:\t\t" << st.verified_deal_weight.to_string() << "\n";
    out << "InitialPledge:\t\t" << chain::format_fil(st.initial_pledge) << "\n";
    out << "\nExpiration Info\n";
    out << "OnTime:\t\t" << st.on_time << "\n";
    out << "Early:\t\t" << st.early << "\n";
  }

  if (options.log) {
    out << "--------\nEvent Log:\n";
    for (std::size_t i = 0; i < st.log.size(); ++i) {
      const auto& l = st.log[i];
      out << i << ".\t"
          << go_time_string(static_cast<std::int64_t>(l.timestamp), options.local_time) << ":\t["
          << l.kind << "]\t" << l.message << "\n";
      if (!l.trace.empty()) out << "\t" << l.trace << "\n";
    }
  }
  return out.str();
}

std::string format_sectors_list(std::vector<SectorsListEntry> entries,
                                const SectorsListChain& chain, const SectorsListOptions& options) {
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.number < b.number; });
  TableWriter table({"ID", "State", "OnChain", "Active", "Expiration", "SealTime", "Events",
                     "Deals", "DealWeight", "VerifiedPower", "Pledge"});
  // lotus's "new-line" columns, printed under their row as "  <name>: <value>".
  static const char* const kNewLineColumns[] = {"Error", "RecoveryTimeout"};
  std::vector<std::vector<std::string>> below;
  for (const auto& entry : entries) {
    std::map<std::string, std::string> row;
    if (!entry.status) {
      row = {{"ID", std::to_string(entry.number)}, {"Error", entry.error}};
    } else {
      if (!options.show_removed && entry.status->state == pipeline::kRemoved) continue;
      row = list_row(*entry.status, chain, options);
    }
    std::vector<std::string> lines;
    for (const char* column : kNewLineColumns) {
      auto it = row.find(column);
      if (it == row.end()) continue;
      if (!it->second.empty()) lines.push_back("  " + std::string(column) + ": " + it->second);
      row.erase(it);
    }
    below.push_back(std::move(lines));
    table.add_row(std::move(row));
  }
  std::ostringstream rendered;
  table.flush(rendered);
  // The table prints one line per row after its header; the new-line columns go under each.
  std::istringstream lines(rendered.str());
  std::string out, line;
  for (std::size_t i = 0; std::getline(lines, line); ++i) {
    out += line + "\n";
    if (i >= 1 && i - 1 < below.size())
      for (const auto& extra : below[i - 1]) out += extra + "\n";
  }
  return out;
}

std::vector<std::string> sectors_list_states(const std::optional<std::string>& states_flag,
                                             bool unproven) {
  std::vector<std::string> out;
  if (states_flag) {
    std::string item;
    std::istringstream in(*states_flag);
    while (std::getline(in, item, ',')) out.push_back(item);
    if (!states_flag->empty() && states_flag->back() == ',') out.push_back("");
    if (states_flag->empty()) out.push_back("");  // strings.Split("", ",") = [""]
  }
  if (unproven) {
    for (auto state : pipeline::all_states())
      if (state != pipeline::kProving && state != pipeline::kAvailable) out.emplace_back(state);
  }
  return out;
}

std::string format_sectors_summary(const std::map<std::string, std::uint64_t>& summary) {
  std::uint64_t total = 0;
  std::vector<std::pair<std::string, std::uint64_t>> rows;
  for (const auto& [state, count] : summary) {
    total += count;
    rows.emplace_back(state, count);
  }
  // Stable on the map's name order, so unordered states come last by name.
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return pipeline::info_display_rank(a.first) < pipeline::info_display_rank(b.first);
  });
  std::string out = "\tTotal: " + std::to_string(total) + "\n";
  for (const auto& [state, count] : rows) out += "\t" + state + ": " + std::to_string(count) + "\n";
  return out;
}

std::string format_invalid_state(const std::string& state) {
  std::string out = " \"" + state + "\" is not a valid state. Possible states for sectors are: \n";
  for (auto s : pipeline::all_states()) out += std::string(s) + "\n";
  return out;
}

}  // namespace tessera::cli
