// A part of the miner process that the role flags switch on or off (the API server, the sector
// index, sector numbers, storage paths; next sealing, PoSt, mining). It registers its API
// methods when it is made, from its own typed view of the config; the node starts subsystems in
// order, serves the API last, and stops them in the reverse order, so nothing is stopped while
// something started after it still uses it.
#pragma once

#include <string_view>

namespace tessera::miner {

class Subsystem {
 public:
  virtual ~Subsystem() = default;
  // For logs: "sector index", "storage paths", ...
  virtual std::string_view name() const = 0;
  // Starts its threads and connections; throws on failure (the node then stops the subsystems
  // started before it).
  virtual void start() = 0;
  // Stops what start() began and waits for it; idempotent, never throws.
  virtual void stop() = 0;
};

}  // namespace tessera::miner
