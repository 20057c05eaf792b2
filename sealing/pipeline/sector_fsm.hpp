// lotus's sealing state machine as a table (storage/pipeline/fsm.go, reference/lotus-compat.md
// §8): which event moves a sector from which state to which, and how an event is recorded in
// the sector's Log. Pure: the pipeline decides which event happens; this decides where it leads.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "storage/datastore/sector_info.hpp"

namespace tessera::pipeline {

// One event of lotus's planner: its Go type name without the package ("SectorPacked") and the
// JSON lotus logs as its Message.
struct SectorEvent {
  std::string type;
  nlohmann::json message = nlohmann::json::object();
  std::string trace;  // for failure events, the error (lotus writes the error's %+v there)
};

// The state a sector in `state` enters on `event`; nullopt when lotus's planner does not accept
// that event there. SectorForceState is not in the table (its target comes with the event);
// SectorRemove is accepted in every state but Removing and Removed.
std::optional<std::string> next_state(std::string_view state, std::string_view event);

// lotus keeps at most this many Log entries per sector, dropping the oldest.
inline constexpr std::size_t kMaxLogEntries = 8000;

// Moves info to `to` and appends the event to its Log (Kind "event;sealing.<type>", Message the
// event's JSON, Trace its error, Timestamp unix seconds), trimming the Log to kMaxLogEntries.
void record_event(datastore::SectorInfo& info, const SectorEvent& event, const std::string& to,
                  std::int64_t unix_now);

// Applies an event through the table: InvalidInput naming the state and event when the
// planner does not accept it (info unchanged). SectorForceState takes its target from
// message["State"], which must be a known state.
void apply_event(datastore::SectorInfo& info, const SectorEvent& event, std::int64_t unix_now);

// True for the states the pipeline no longer drives by itself: Proving, Available, Removed,
// FailedUnrecoverable and the fault/termination states (handled by proving, not sealing).
bool is_resting_state(std::string_view state);

}  // namespace tessera::pipeline
