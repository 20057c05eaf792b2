// The text of `lotus-miner proving deadlines|deadline|faults`, as lotus v1.23.3 prints it
// (cmd/lotus-miner/proving.go; reference/lotus-compat.md §6.2), without colours (tessera prints
// none), and the deadline-index argument as lotus parses it. Pure functions from the full node's
// answers to text; cli/cmd_proving.cpp gathers the data.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/types/actor_state.hpp"
#include "chain/types/miner_params.hpp"

namespace tessera::cli {

// The <deadlineIdx> argument as Go's strconv.ParseUint(s, 10, 64): decimal digits only.
// Throws InvalidInput "could not parse deadline index: strconv.ParseUint: parsing "x": invalid
// syntax" (or "value out of range" past 2^64-1).
std::uint64_t parse_deadline_index(std::string_view text);

// `proving deadlines`: "Miner: <miner>" then the tabwriter (2, 4, 2) table "deadline
// partitions  sectors (faults)  proven partitions", one row per deadline (partitions[i] are
// deadline i's), "(current)" after the current one. Partitions and sectors count live sectors
// only (partitions without any are not counted) unless all, which counts every partition and
// all its sectors; faults are always every faulty sector. Throws InvalidInput when partitions
// and deadlines differ in length.
std::string format_proving_deadlines(const std::string& miner,
                                     const std::vector<chain::DeadlineState>& deadlines,
                                     const std::vector<std::vector<chain::PartitionState>>& partitions,
                                     std::uint64_t current_index, bool all);

struct DeadlineDetailOptions {
  bool sector_nums = false;  // -n: each set's sector numbers
  bool bitfield = false;     // -b: each set's RLE+ run statistics and CBOR size
};

// `proving deadline <index>`: "Deadline Index:", "Partitions:", "Proven Partitions:",
// "Current:" then, per partition, "Partition Index:" and its All, Live, Active, Faulty and
// Recovering sector counts.
std::string format_proving_deadline(std::uint64_t index, const chain::DeadlineState& deadline,
                                    const std::vector<chain::PartitionState>& partitions,
                                    bool current, const DeadlineDetailOptions& options);

// `proving faults`: "Miner: <miner>" then the tabwriter (2, 4, 2) table "deadline  partition
// sectors", one row per faulty sector in deadline, partition and sector order.
std::string format_proving_faults(const std::string& miner,
                                  const std::vector<std::vector<chain::PartitionState>>& partitions);

// One sector `proving check` asked about.
struct ProvableRow {
  std::uint64_t partition = 0;
  std::uint64_t sector = 0;
  std::optional<std::string> bad;  // CheckProvable's reason; nullopt when it is provable
};

// `proving check <deadline>`: the tabwriter (2, 4, 2) table "deadline  partition  sector
// status", one row per sector in the given order, "good" or "bad (<reason>)"; only the bad ones
// when only_bad.
std::string format_proving_check(std::uint64_t deadline, const std::vector<ProvableRow>& rows,
                                 bool only_bad);

// `proving compute window-post`: "Took <Go duration>" then the params as Go's
// json.MarshalIndent(…, "", "  ") prints lotus's readable form of them (Skipped as sector
// numbers, proofs and randomness in base64; "null" for none), and a newline.
std::string format_computed_window_post(std::chrono::nanoseconds took,
                                        const std::vector<chain::SubmitWindowedPoStParams>& params);

}  // namespace tessera::cli
