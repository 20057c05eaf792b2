// The text of `lotus-miner sectors status`, `sectors list`, `sectors update-state`'s state list
// and `info`'s Sectors block, as lotus v1.23.3 prints them (cmd/lotus-miner/sectors.go,
// cmd/lotus-miner/info.go; reference/lotus-compat.md §6.2), without colours (tessera prints
// none). Pure functions from data to text; the commands gather the data.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "miner/sectors_api.hpp"

namespace tessera::cli {

struct SectorStatusOptions {
  bool on_chain_info = false;  // --on-chain-info: the "Sector On Chain Info" block
  bool proof = false;          // --proof: the proof bytes as hex
  bool log = false;            // --log: the event log
  bool local_time = true;      // log timestamps in the local zone (false: UTC, for tests)
};

// `sectors status` for one sector, every line as lotus prints it ("SectorID:\t5\n" …).
std::string format_sector_status(const miner::ApiSectorInfo& status,
                                 const SectorStatusOptions& options);

// Go's time.Time.String() of a unix time: "2023-05-01 12:00:00 +0000 UTC" (local zone, or UTC).
std::string go_time_string(std::int64_t unix_seconds, bool local_time);

// go-units BytesSize: "%.4g" and a 1024-based unit, no space ("1KiB", "31.5GiB", "100B").
std::string go_units_bytes_size(double bytes);

struct SectorsListOptions {
  bool show_removed = false;    // -r (also implied by --states)
  bool fast = false;            // -f: no on-chain columns (Expiration, Pledge, DealWeight …)
  bool events = false;          // -e: Events column
  bool initial_pledge = false;  // -p: Pledge column
  bool seal_time = false;       // -t: SealTime column
};

// What `sectors list` learns from the full node.
struct SectorsListChain {
  std::int64_t head_height = 0;
  std::uint64_t block_delay = 30;     // seconds per epoch, for Expiration's "(in …)"
  std::set<std::uint64_t> committed;  // StateMinerSectors: sectors on chain
  std::set<std::uint64_t> active;     // StateMinerActiveSectors: sectors proving
};

// One listed sector: its SectorsStatus answer, or the error that call gave.
struct SectorsListEntry {
  std::uint64_t number = 0;
  std::optional<miner::ApiSectorInfo> status;
  std::string error;  // when status is empty
};

// The `sectors list` table (lotus tablewriter: columns with no value omitted, "  Error: …" and
// "  RecoveryTimeout: …" lines under their row), rows sorted by number, Removed sectors hidden
// unless options.show_removed.
std::string format_sectors_list(std::vector<SectorsListEntry> entries,
                                const SectorsListChain& chain, const SectorsListOptions& options);

// The states `sectors list` asks SectorsListInStates for: --states (comma-separated, as given)
// or, for --unproven, every known state but Proving and Available; empty for neither.
std::vector<std::string> sectors_list_states(const std::optional<std::string>& states_flag,
                                             bool unproven);

// `info`'s Sectors block without its "Sectors:" heading: "\tTotal: N\n" then "\t<state>: n\n"
// per state in lotus's display order (states lotus does not order come last, by name).
std::string format_sectors_summary(const std::map<std::string, std::uint64_t>& summary);

// What `sectors update-state` prints for a state lotus does not know (it then exits 0):
// ` "<state>" is not a valid state. Possible states for sectors are: ` and one state per line.
std::string format_invalid_state(const std::string& state);

}  // namespace tessera::cli
