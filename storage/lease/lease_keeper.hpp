// The holder's side of the mining lease: a `--winning-post` miner asks may_mine() before each
// mining round and mines only on true. The keeper acquires and renews the lease through a
// MiningLease (the root's LocalMiningLease or a MiningLeaseClient) and counts each lease from
// when its request was sent, so a slow answer only shortens it; the service counts from when it
// received the request, so a standby is never granted the lease before this holder's own count
// has run out. Pure logic: no threads, the caller's clock. Transitions are logged once each on
// the "miner" logger: "acquired mining lease", "standing by: mining lease held by <holder> for
// <N>s", "lost mining lease: <why>".
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "storage/lease/mining_lease.hpp"

namespace tessera::lease {

// A holder ID for one miner repo on this host: "<hostname>-<instance>" (the hostname cut to 64
// characters, characters check_holder refuses replaced by '_'). The same instance (say, a hash
// of the repo path) gives the same ID after a restart, so a miner killed while holding the lease
// takes it back at once instead of waiting for it to lapse; only one process can run on a repo.
// InvalidInput for an empty instance or one of more than 48 characters.
std::string make_holder_id(std::string_view instance);

class LeaseKeeper {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // Keeps the lease for holder (check_holder) through lease, which must outlive the keeper,
  // asking for ttl (check_ttl) at a time. ttl should span several mining rounds. InvalidInput
  // for a bad holder or ttl.
  LeaseKeeper(MiningLease& lease, std::string holder, std::chrono::milliseconds ttl,
              Clock clock = std::chrono::steady_clock::now);

  // True only while this holder has a lease it knows unexpired. Asks the service when it holds
  // none, and renews once a third of ttl or less is left (on every call from then on until a
  // renewal succeeds). When the service fails or cannot be reached it keeps the lease it has
  // until the lease's known expiry, then stops. Never throws: service errors are logged.
  bool may_mine();

  // Gives the lease back, if held, so that a standby can take over at once; may_mine() then
  // acquires again. Never throws: when the service cannot be told, the lease lapses at its
  // expiry.
  void release();

  // The holder the service last named: this keeper's own while it holds the lease, the other
  // one while standing by, "" before any answer or after a failed one.
  const std::string& known_holder() const { return known_holder_; }

  const std::string& holder() const { return holder_; }

 private:
  // Asks the service for the lease (acquire) and records its answer.
  void ask_service();
  // Ends a lease whose known expiry has passed.
  void drop_if_expired();
  // Forgets the lease, logging why it was lost.
  void lose(const std::string& why);

  MiningLease& lease_;
  std::string holder_;
  std::chrono::milliseconds ttl_;
  Clock clock_;
  std::optional<std::chrono::steady_clock::time_point> expiry_;  // while holding the lease
  std::string known_holder_;
  std::string standing_by_for_;   // the holder last logged as standing by for
  bool service_failing_ = false;  // a failure was logged and the service has not answered since
};

}  // namespace tessera::lease
