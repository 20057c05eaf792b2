#include "storage/lease/lease_keeper.hpp"

#include <unistd.h>

#include <algorithm>
#include <exception>
#include <utility>

#include "common/error.hpp"
#include "common/log.hpp"

namespace tessera::lease {
namespace {

using std::chrono::milliseconds;

constexpr std::size_t kMaxHostNameLength = 64;

// Whole seconds, rounded up, as the logs show remaining times.
long long whole_seconds(milliseconds duration) {
  return (std::max<long long>(duration.count(), 0) + 999) / 1000;
}

}  // namespace

std::string make_holder_id(std::string_view instance) {
  if (instance.empty() || instance.size() > 48)
    throw InvalidInput("a lease holder instance must have 1 to 48 characters");
  char name[256] = {};
  std::string host = gethostname(name, sizeof name - 1) == 0 ? name : "";
  host = host.substr(0, kMaxHostNameLength);
  if (host.empty()) host = "localhost";
  std::string id = host + "-" + std::string(instance);
  std::replace_if(
      id.begin(), id.end(), [](char c) { return c <= ' ' || c > '~'; }, '_');
  return id;
}

LeaseKeeper::LeaseKeeper(MiningLease& lease, std::string holder, milliseconds ttl, Clock clock)
    : lease_(lease), holder_(std::move(holder)), ttl_(ttl), clock_(std::move(clock)) {
  check_holder(holder_);
  check_ttl(ttl_);
}

bool LeaseKeeper::may_mine() {
  drop_if_expired();
  if (!expiry_ || *expiry_ - clock_() <= ttl_ / 3) ask_service();
  drop_if_expired();
  return expiry_.has_value();
}

void LeaseKeeper::release() {
  if (!expiry_) return;
  expiry_.reset();  // stop mining now, whatever the service answers
  known_holder_.clear();
  auto logger = log::get("miner");
  try {
    lease_.release(holder_);
    TLOG_INFO(logger, "released mining lease");
  } catch (const std::exception& e) {
    TLOG_WARN(logger, "could not release the mining lease, it lapses at its expiry: {}", e.what());
  }
}

void LeaseKeeper::ask_service() {
  auto logger = log::get("miner");
  const auto sent = clock_();
  LeaseState answer;
  try {
    answer = lease_.acquire(holder_, ttl_);
  } catch (const std::exception& e) {
    known_holder_.clear();
    if (service_failing_) return;
    service_failing_ = true;
    standing_by_for_.clear();
    if (expiry_) {
      TLOG_WARN(logger, "mining lease service failed, mining until the lease expires in {}s: {}",
                whole_seconds(std::chrono::duration_cast<milliseconds>(*expiry_ - clock_())),
                e.what());
    } else {
      TLOG_WARN(logger, "mining lease service failed, not mining: {}", e.what());
    }
    return;
  }
  if (service_failing_) {
    service_failing_ = false;
    TLOG_INFO(logger, "mining lease service answers again");
  }
  known_holder_ = answer.holder;
  if (answer.granted) {
    if (!expiry_)
      TLOG_INFO(logger, "acquired mining lease as {} for {}s", holder_, whole_seconds(ttl_));
    expiry_ = sent + std::min(answer.remaining, ttl_);
    standing_by_for_.clear();
    return;
  }
  if (expiry_) lose("the service says " + answer.holder + " holds it");
  if (answer.holder != standing_by_for_) {
    standing_by_for_ = answer.holder;
    TLOG_INFO(logger, "standing by: mining lease held by {} for {}s", answer.holder,
              whole_seconds(answer.remaining));
  }
}

void LeaseKeeper::drop_if_expired() {
  if (expiry_ && clock_() >= *expiry_) lose("it expired without a renewal");
}

void LeaseKeeper::lose(const std::string& why) {
  expiry_.reset();
  TLOG_WARN(log::get("miner"), "lost mining lease: {}", why);
}

}  // namespace tessera::lease
