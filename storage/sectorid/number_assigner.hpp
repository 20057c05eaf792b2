// Sector-number assignment as lotus v1.23 does it (storage/pipeline/numassign.go) over the
// miner's metadata datastore, plus what a shared allocation service needs: batches,
// idempotency keys (a retried request gets the same numbers) and seeding from numbers used
// elsewhere. Allocations are written in lotus's own keys, so lotus can still read the repo, by
// group commit: requests that arrive while one synced LevelDB batch is being written share the
// next one, and none returns before its batch is on disk.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "chain/types/bitfield.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/sectorid/number_source.hpp"

namespace tessera::sectorid {

inline constexpr std::uint64_t kMaxBatch = 10000;

class SectorNumberAssigner final : public SectorNumberSource {
 public:
  explicit SectorNumberAssigner(datastore::MetadataStore& store) : store_(store) {}

  NumAssignerMeta meta() const override;
  // Marks numbers as allocated (the chain's allocated sectors, or [0, n] from the fork's
  // <repo>/sectorid file holding n), durably.
  void seed(const chain::BitField& used_elsewhere);
  // Allocates count numbers, each the lowest not in use, durably, and records them under key.
  // A key seen before returns its recorded numbers and allocates nothing. Keys are 1-128
  // characters of [A-Za-z0-9._-]. InvalidInput for a bad key or count (1..kMaxBatch).
  std::vector<std::uint64_t> allocate(std::uint64_t count, std::string_view key) override;

  // lotus's named reservations (/storage/sectorsids/reserved/<name>, their union under
  // /storage/sectorsids/reserved). Names are [A-Za-z0-9_-]+.
  std::map<std::string, chain::BitField> reservations() const override;
  // Refuses (InvalidInput, lotus's messages) a taken name or numbers already reserved or
  // allocated, unless force.
  void reserve(std::string_view name, const chain::BitField& numbers, bool force) override;
  // Reserves the count lowest free numbers and returns them.
  chain::BitField reserve_count(std::string_view name, std::uint64_t count) override;
  // Drops a reservation; NotFound when there is none by that name.
  void free(std::string_view name) override;

 private:
  struct Pending;
  NumAssignerMeta meta_locked() const;
  void reserve_locked(std::string_view name, const chain::BitField& numbers, bool force);
  // Leader of a group commit: assigns numbers to every queued request and writes them in one
  // synced batch with mu_ released; called with mu_ held through lock.
  void write_queued(std::unique_lock<std::mutex>& lock);
  // Waits until no group commit is being written (other mutations read then write the store).
  void wait_idle(std::unique_lock<std::mutex>& lock);

  datastore::MetadataStore& store_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool writing_ = false;
  std::vector<std::shared_ptr<Pending>> queue_;
  std::map<std::string, std::shared_ptr<Pending>> in_flight_;  // by request record key
};

}  // namespace tessera::sectorid
