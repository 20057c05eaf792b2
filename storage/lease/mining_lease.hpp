// The mining lease of a distributed miner (issue #14): of the `--winning-post` processes of one
// miner actor, only the holder of the actor's lease mines, so no epoch is mined twice (double
// mining is slashable). MiningLease is the contract; LocalMiningLease keeps the lease in the root
// miner's metadata datastore, served next to the sector-number service (lease_api.hpp), and
// lease::MiningLeaseClient reaches it from the other miners. lease::LeaseKeeper is the holder's
// side.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "storage/datastore/metadata_store.hpp"

namespace tessera::lease {

// Where LocalMiningLease keeps its record (a tessera key, beside /tessera/sectorid/...; not in
// storage/datastore/keys.hpp, which lists lotus's keys).
inline constexpr std::string_view kMiningLeaseKey = "/tessera/mining-lease";
// The longest lease granted at once.
inline constexpr std::chrono::milliseconds kMaxLeaseTtl = std::chrono::minutes(10);
// The longest holder ID.
inline constexpr std::size_t kMaxHolderLength = 128;

// An answer about the lease. From acquire: granted tells whether the caller holds it now; holder
// is who does and remaining how long its lease still runs. From current: granted tells whether
// anyone holds an unexpired lease (holder "" and remaining 0 when nobody does).
struct LeaseState {
  bool granted = false;
  std::string holder;
  std::chrono::milliseconds remaining{0};

  bool operator==(const LeaseState&) const = default;
};

// InvalidInput unless holder is 1..kMaxHolderLength printable ASCII characters without spaces.
void check_holder(std::string_view holder);
// InvalidInput unless ttl is 1 ms..kMaxLeaseTtl.
void check_ttl(std::chrono::milliseconds ttl);

class MiningLease {
 public:
  virtual ~MiningLease() = default;
  // Grants holder the lease for ttl from now, or renews it when holder has it, unless another
  // holder's lease has not expired: then the answer names that holder (granted false).
  // InvalidInput for a bad holder or ttl (check_holder, check_ttl).
  virtual LeaseState acquire(std::string_view holder, std::chrono::milliseconds ttl) = 0;
  // Ends holder's lease at once; a lease held by another holder, or none, is left as it is.
  // InvalidInput for a bad holder.
  virtual void release(std::string_view holder) = 0;
  // Who holds the lease now, and for how long still.
  virtual LeaseState current() = 0;
};

// The lease of one actor in its root miner's metadata datastore, under kMiningLeaseKey: the
// holder and the expiry (wall clock, unix ms), written synced before acquire answers, so a
// restarted service keeps honoring an unexpired lease. A record that does not decode is never
// overwritten: every call then throws InvalidInput naming the key, and nobody mines until an
// operator removes it (a standby taking over could double-mine with a holder that still mines).
// A stored expiry more than kMaxLeaseTtl ahead (the wall clock stepped back) is cut to
// kMaxLeaseTtl from now, since no lease runs longer. Thread-safe.
class LocalMiningLease final : public MiningLease {
 public:
  using WallClock = std::function<std::chrono::system_clock::time_point()>;

  // The lease of actor (named in logs and errors, e.g. "f01000") in store, which must outlive
  // it; clock: the wall clock (tests inject one).
  LocalMiningLease(datastore::MetadataStore& store, std::string actor,
                   WallClock clock = std::chrono::system_clock::now);

  // MiningLease's contract; also InvalidInput for a corrupt record, IoError when the datastore
  // fails.
  LeaseState acquire(std::string_view holder, std::chrono::milliseconds ttl) override;
  void release(std::string_view holder) override;
  LeaseState current() override;

 private:
  struct Record {
    std::string holder;
    std::int64_t expiry_ms = 0;  // unix ms
  };
  // The stored record, or nullopt; InvalidInput naming the key when it does not decode. An
  // expiry more than kMaxLeaseTtl after now_ms is cut to that, in the store too.
  std::optional<Record> load(std::int64_t now_ms);
  std::int64_t now_ms() const;
  // How long record still runs at now_ms (zero once expired).
  static std::chrono::milliseconds remaining(const Record& record, std::int64_t now_ms);

  datastore::MetadataStore& store_;
  std::string actor_;
  WallClock clock_;
  std::mutex mu_;
};

}  // namespace tessera::lease
