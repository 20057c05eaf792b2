// Where a miner takes its sector numbers from: its own metadata datastore (SectorNumberAssigner)
// or, in a distributed miner started with --sctype=get, the cluster's sector number service
// (miner::SectorNumberClient). Both keep lotus's semantics and the same contract per call; the
// miner's SectorNum* API methods, and later its sealing pipeline, use whichever it was given.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "chain/types/bitfield.hpp"

namespace tessera::sectorid {

// lotus's api.NumAssignerMeta.
struct NumAssignerMeta {
  chain::BitField reserved;
  chain::BitField allocated;
  chain::BitField in_use;
  std::uint64_t next = 0;
};

class SectorNumberSource {
 public:
  virtual ~SectorNumberSource() = default;
  // lotus's SectorNumAssignerMeta.
  virtual NumAssignerMeta meta() const = 0;
  // count new numbers, recorded under key: a key seen before gets its recorded numbers again.
  virtual std::vector<std::uint64_t> allocate(std::uint64_t count, std::string_view key) = 0;
  // lotus's named reservations.
  virtual std::map<std::string, chain::BitField> reservations() const = 0;
  // Reserves numbers under name; InvalidInput (lotus's messages) for a taken name or numbers
  // already reserved or allocated, unless force.
  virtual void reserve(std::string_view name, const chain::BitField& numbers, bool force) = 0;
  // Reserves the count lowest free numbers under name and returns them.
  virtual chain::BitField reserve_count(std::string_view name, std::uint64_t count) = 0;
  // Drops a reservation; NotFound when there is none by that name.
  virtual void free(std::string_view name) = 0;
};

}  // namespace tessera::sectorid
