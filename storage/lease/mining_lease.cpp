#include "storage/lease/mining_lease.hpp"

#include <algorithm>
#include <utility>

#include "common/cbor/cbor.hpp"
#include "common/error.hpp"
#include "common/log.hpp"

namespace tessera::lease {
namespace {

using std::chrono::milliseconds;

// The record: a CBOR array [holder (text), expiry (unix ms, unsigned)].
Bytes encode_record(std::string_view holder, std::int64_t expiry_ms) {
  cbor::Writer w;
  w.write_array_header(2);
  w.write_text(holder);
  w.write_uint(static_cast<std::uint64_t>(expiry_ms));
  return w.take();
}

double seconds(milliseconds duration) {
  return static_cast<double>(duration.count()) / 1000.0;
}

}  // namespace

void check_holder(std::string_view holder) {
  const bool printable =
      std::all_of(holder.begin(), holder.end(), [](char c) { return c > ' ' && c <= '~'; });
  if (holder.empty() || holder.size() > kMaxHolderLength || !printable) {
    throw InvalidInput("mining lease holder must be 1-" + std::to_string(kMaxHolderLength) +
                       " printable ASCII characters without spaces, got \"" +
                       std::string(holder.substr(0, kMaxHolderLength)) + "\"");
  }
}

void check_ttl(milliseconds ttl) {
  if (ttl <= milliseconds(0) || ttl > kMaxLeaseTtl) {
    throw InvalidInput("mining lease ttl must be 1 ms to " + std::to_string(kMaxLeaseTtl.count()) +
                       " ms, got " + std::to_string(ttl.count()) + " ms");
  }
}

LocalMiningLease::LocalMiningLease(datastore::MetadataStore& store, std::string actor,
                                   WallClock clock)
    : store_(store), actor_(std::move(actor)), clock_(std::move(clock)) {}

LeaseState LocalMiningLease::acquire(std::string_view holder, milliseconds ttl) {
  check_holder(holder);
  check_ttl(ttl);
  std::lock_guard lock(mu_);
  const auto now = now_ms();
  const auto record = load(now);
  if (record && record->holder != holder) {
    const auto left = remaining(*record, now);
    if (left > milliseconds(0)) return LeaseState{false, record->holder, left};
  }
  store_.put(kMiningLeaseKey, encode_record(holder, now + ttl.count()));
  auto logger = log::get("miner");
  if (!record) {
    TLOG_INFO(logger, "granted the mining lease of {} to {} for {}s", actor_, holder, seconds(ttl));
  } else if (record->holder != holder) {
    TLOG_INFO(logger, "granted the mining lease of {} to {} for {}s ({}'s lease expired {}s ago)",
              actor_, holder, seconds(ttl), record->holder,
              seconds(milliseconds(now - record->expiry_ms)));
  } else {
    TLOG_DEBUG(logger, "renewed the mining lease of {} for {} for {}s", actor_, holder,
               seconds(ttl));
  }
  return LeaseState{true, std::string(holder), ttl};
}

void LocalMiningLease::release(std::string_view holder) {
  check_holder(holder);
  std::lock_guard lock(mu_);
  const auto record = load(now_ms());
  if (!record || record->holder != holder) return;
  store_.remove(kMiningLeaseKey);
  TLOG_INFO(log::get("miner"), "{} released the mining lease of {}", holder, actor_);
}

LeaseState LocalMiningLease::current() {
  std::lock_guard lock(mu_);
  const auto now = now_ms();
  const auto record = load(now);
  if (!record) return {};
  const auto left = remaining(*record, now);
  if (left <= milliseconds(0)) return {};
  return LeaseState{true, record->holder, left};
}

std::optional<LocalMiningLease::Record> LocalMiningLease::load(std::int64_t now_ms) {
  const auto raw = store_.get(kMiningLeaseKey);
  if (!raw) return std::nullopt;
  Record record;
  try {
    const auto value = cbor::decode(*raw);
    const auto& fields = value.as_array();
    if (fields.size() != 2) throw InvalidInput("expected 2 fields");
    const auto expiry_ms = fields[1].as_uint();
    if (expiry_ms > static_cast<std::uint64_t>(INT64_MAX)) throw InvalidInput("expiry too large");
    record = Record{fields[0].as_text(), static_cast<std::int64_t>(expiry_ms)};
    check_holder(record.holder);
  } catch (const InvalidInput& e) {
    throw InvalidInput("the mining lease of " + actor_ + " cannot be read: corrupt record " +
                       std::string(kMiningLeaseKey) + " in the metadata datastore (" + e.what() +
                       "); nobody may mine until it is removed");
  }
  // No lease is granted for longer than kMaxLeaseTtl, so an expiry further ahead comes from a
  // wall clock that stepped back; the holder's own count ends within kMaxLeaseTtl anyway.
  if (record.expiry_ms - now_ms > kMaxLeaseTtl.count()) {
    TLOG_WARN(log::get("miner"),
              "the mining lease of {} held by {} ran {}s past the wall clock, more than any "
              "lease; cut to {}s (did the clock step back?)",
              actor_, record.holder, seconds(milliseconds(record.expiry_ms - now_ms)),
              seconds(kMaxLeaseTtl));
    record.expiry_ms = now_ms + kMaxLeaseTtl.count();
    store_.put(kMiningLeaseKey, encode_record(record.holder, record.expiry_ms));
  }
  return record;
}

std::int64_t LocalMiningLease::now_ms() const {
  return std::chrono::duration_cast<milliseconds>(clock_().time_since_epoch()).count();
}

milliseconds LocalMiningLease::remaining(const Record& record, std::int64_t now_ms) {
  return std::max(milliseconds(record.expiry_ms - now_ms), milliseconds(0));
}

}  // namespace tessera::lease
