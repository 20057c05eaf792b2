#include "cli/proving_format.hpp"

#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/sealing_format.hpp"
#include "cli/size_format.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"

namespace tessera::cli {
namespace {

// Go's fmt "%v" of a []uint64: "[1 2 3]".
std::string go_list(const std::vector<std::uint64_t>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? " " : "") + std::to_string(values[i]);
  return out + "]";
}

// "\t<name> Sectors:" padded to a fixed column, as lotus's printStats.
void print_set(std::ostream& out, const std::string& name, const chain::BitField& set,
               const DeadlineDetailOptions& options) {
  const std::uint64_t count = set.count();
  out << "\t" << name << " Sectors:" << std::string(18 - name.size(), ' ') << count;
  if (options.bitfield) {
    // go-bitfield's run iterator over the canonical RLE+: no empty runs, unset runs first only
    // when bit 0 is unset (the JSON runs' leading zero-length run is not a run).
    std::uint64_t ones = 0, zeros = 0, one_runs = 0, zero_runs = 0;
    bool value = false;
    for (const std::uint64_t length : set.to_runs()) {
      if (length > 0) {
        (value ? ones : zeros) += length;
        ++(value ? one_runs : zero_runs);
      }
      value = !value;
    }
    const std::size_t cbor_size = set.to_cbor().size();
    // The runs of a canonical encoding are never empty: "0 inv".
    out << " (bitfield - runs " << zero_runs << "+" << one_runs << "=" << zero_runs + one_runs
        << " - " << zeros << " 0s " << ones << " 1s - 0 inv - "
        << size_str(static_cast<double>(cbor_size)) << " " << cbor_size << "B)";
  }
  out << "\n";
  if (options.sector_nums) {
    out << "\t" << name << " Sector Numbers:" << std::string(12 - name.size(), ' ')
        << go_list(set.all(count)) << "\n";
  }
}

}  // namespace

std::uint64_t parse_deadline_index(std::string_view text) {
  const auto fail = [&](const char* why) {
    return InvalidInput("could not parse deadline index: strconv.ParseUint: parsing \"" +
                        std::string(text) + "\": " + why);
  };
  if (text.empty()) throw fail("invalid syntax");
  std::uint64_t value = 0;
  // As ParseUint, digit by digit: a bad character or an overflow ends the parse where it is.
  for (const char c : text) {
    if (c < '0' || c > '9') throw fail("invalid syntax");
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10)
      throw fail("value out of range");
    value = value * 10 + digit;
  }
  return value;
}

std::string format_proving_deadlines(
    const std::string& miner, const std::vector<chain::DeadlineState>& deadlines,
    const std::vector<std::vector<chain::PartitionState>>& partitions, std::uint64_t current_index,
    bool all) {
  if (partitions.size() != deadlines.size())
    throw InvalidInput("proving deadlines: " + std::to_string(partitions.size()) +
                       " partition lists for " + std::to_string(deadlines.size()) + " deadlines");
  std::vector<std::vector<std::string>> rows{
      {"deadline", "partitions", "sectors (faults)", "proven partitions"}};
  for (std::size_t index = 0; index < deadlines.size(); ++index) {
    std::uint64_t counted_partitions = 0, sectors = 0, faults = 0;
    for (const auto& part : partitions[index]) {
      const std::uint64_t count = all ? part.all_sectors.count() : part.live_sectors.count();
      if (all || count > 0) ++counted_partitions;
      sectors += count;
      faults += part.faulty_sectors.count();
    }
    std::vector<std::string> row{
        std::to_string(index), std::to_string(counted_partitions),
        std::to_string(sectors) + " (" + std::to_string(faults) + ")",
        std::to_string(deadlines[index].post_submissions.count())};
    if (index == current_index) row.push_back("(current)");
    rows.push_back(std::move(row));
  }
  return "Miner: " + miner + "\n" + go_tabwriter(rows, 2, 2);
}

std::string format_proving_deadline(std::uint64_t index, const chain::DeadlineState& deadline,
                                    const std::vector<chain::PartitionState>& partitions,
                                    bool current, const DeadlineDetailOptions& options) {
  std::ostringstream out;
  out << "Deadline Index:           " << index << "\n";
  out << "Partitions:               " << partitions.size() << "\n";
  out << "Proven Partitions:        " << deadline.post_submissions.count() << "\n";
  out << "Current:                  " << (current ? "true" : "false") << "\n\n";
  for (std::size_t p = 0; p < partitions.size(); ++p) {
    const auto& part = partitions[p];
    out << "Partition Index:          " << p << "\n";
    print_set(out, "All", part.all_sectors, options);
    print_set(out, "Live", part.live_sectors, options);
    print_set(out, "Active", part.active_sectors, options);
    print_set(out, "Faulty", part.faulty_sectors, options);
    print_set(out, "Recovering", part.recovering_sectors, options);
  }
  return out.str();
}

std::string format_proving_faults(
    const std::string& miner, const std::vector<std::vector<chain::PartitionState>>& partitions) {
  std::vector<std::vector<std::string>> rows{{"deadline", "partition", "sectors"}};
  for (std::size_t d = 0; d < partitions.size(); ++d) {
    for (std::size_t p = 0; p < partitions[d].size(); ++p) {
      const auto& faulty = partitions[d][p].faulty_sectors;
      for (const std::uint64_t sector : faulty.all(faulty.count()))
        rows.push_back({std::to_string(d), std::to_string(p), std::to_string(sector)});
    }
  }
  return "Miner: " + miner + "\n" + go_tabwriter(rows, 2, 2);
}

std::string format_proving_check(std::uint64_t deadline, const std::vector<ProvableRow>& rows,
                                 bool only_bad) {
  std::vector<std::vector<std::string>> table{{"deadline", "partition", "sector", "status"}};
  for (const auto& row : rows) {
    if (only_bad && !row.bad) continue;
    table.push_back({std::to_string(deadline), std::to_string(row.partition),
                     std::to_string(row.sector), row.bad ? "bad (" + *row.bad + ")" : "good"});
  }
  return go_tabwriter(table, 2, 2);
}

std::string format_computed_window_post(
    std::chrono::nanoseconds took, const std::vector<chain::SubmitWindowedPoStParams>& params) {
  // Field order as Go marshals lotus's struct: declaration order, not sorted.
  using ordered = nlohmann::ordered_json;
  ordered list = params.empty() ? ordered() : ordered::array();
  for (const auto& p : params) {
    ordered partitions = ordered::array();
    for (const auto& part : p.partitions)
      partitions.push_back(
          {{"Index", part.index}, {"Skipped", part.skipped.all(part.skipped.count())}});
    ordered proofs = ordered::array();
    for (const auto& proof : p.proofs)
      proofs.push_back(
          {{"PoStProof", proof.post_proof}, {"ProofBytes", base64_encode(proof.proof_bytes)}});
    list.push_back({{"Deadline", p.deadline},
                    {"Partitions", std::move(partitions)},
                    {"Proofs", std::move(proofs)},
                    {"ChainCommitEpoch", p.chain_commit_epoch},
                    {"ChainCommitRand", base64_encode(p.chain_commit_rand)}});
  }
  return "Took " + go_duration_string(took) + "\n" + list.dump(2) + "\n";
}

}  // namespace tessera::cli
