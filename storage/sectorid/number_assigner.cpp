#include "storage/sectorid/number_assigner.hpp"

#include <algorithm>
#include <exception>
#include <string>

#include "common/cbor/cbor.hpp"
#include "common/cid/varint.hpp"
#include "common/error.hpp"
#include "storage/datastore/keys.hpp"
#include "storage/datastore/miner_records.hpp"

namespace tessera::sectorid {
namespace {

constexpr std::string_view kRequestPrefix = "/tessera/sectorid/requests/";
constexpr std::string_view kReservationPrefix = "/storage/sectorsids/reserved/";

// True when text is non-empty and every character is a letter, a digit or one of extra.
bool only_word_chars(std::string_view text, std::string_view extra) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [extra](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           extra.find(c) != std::string_view::npos;
  });
}

std::string reservation_key(std::string_view name) {
  if (!only_word_chars(name, "_-")) {
    throw InvalidInput(
        "reservation name contained disallowed characters (allowed: a-z, A-Z, 0-9, '-', '_')");
  }
  return std::string(kReservationPrefix) + std::string(name);
}

constexpr std::size_t kMaxKeyLength = 128;

chain::BitField load_bitfield(const datastore::MetadataStore& store, std::string_view key) {
  auto raw = store.get(key);
  if (!raw) return {};
  try {
    return chain::BitField::from_cbor(*raw);
  } catch (const InvalidInput& e) {
    throw InvalidInput("corrupt " + std::string(key) + ": " + e.what());
  }
}

void check_key(std::string_view key) {
  if (key.size() > kMaxKeyLength || !only_word_chars(key, "._-"))
    throw InvalidInput("allocation key must be 1-128 characters of [A-Za-z0-9._-]");
}

Bytes encode_numbers(const std::vector<std::uint64_t>& numbers) {
  cbor::Writer w;
  w.write_array_header(numbers.size());
  for (auto n : numbers) w.write_uint(n);
  return w.take();
}

std::vector<std::uint64_t> decode_numbers(const Bytes& raw, std::string_view key) {
  try {
    const auto value = cbor::decode(raw);
    std::vector<std::uint64_t> out;
    for (const auto& v : value.as_array()) out.push_back(v.as_uint());
    return out;
  } catch (const InvalidInput& e) {
    throw InvalidInput("corrupt allocation record " + std::string(key) + ": " + e.what());
  }
}

Bytes uvarint(std::uint64_t v) {
  Bytes out;
  cid::put_uvarint(out, v);
  return out;
}

}  // namespace

NumAssignerMeta SectorNumberAssigner::meta() const {
  std::lock_guard lock(mu_);
  return meta_locked();
}

NumAssignerMeta SectorNumberAssigner::meta_locked() const {
  NumAssignerMeta m;
  m.reserved = load_bitfield(store_, datastore::kReservedKey);
  if (store_.get(datastore::kAllocatedKey)) {
    m.allocated = load_bitfield(store_, datastore::kAllocatedKey);
  } else if (auto last = datastore::read_next_id(store_)) {
    m.allocated = chain::BitField::from_runs({0, *last + 1});  // legacy counter: [0, last]
  }
  m.in_use = m.reserved.union_with(m.allocated);
  m.next = m.in_use.first_unset();
  return m;
}

struct SectorNumberAssigner::Pending {
  std::uint64_t count = 0;
  std::string record_key;
  std::vector<std::uint64_t> numbers;
  bool done = false;
  std::exception_ptr error;
};

void SectorNumberAssigner::wait_idle(std::unique_lock<std::mutex>& lock) {
  cv_.wait(lock, [this] { return !writing_; });
}

void SectorNumberAssigner::seed(const chain::BitField& used_elsewhere) {
  std::unique_lock lock(mu_);
  wait_idle(lock);
  auto m = meta_locked();
  auto allocated = m.allocated.union_with(used_elsewhere);
  if (allocated == m.allocated && store_.get(datastore::kAllocatedKey)) return;
  store_.put(datastore::kAllocatedKey, allocated.to_cbor());
}

std::vector<std::uint64_t> SectorNumberAssigner::allocate(std::uint64_t count,
                                                          std::string_view key) {
  check_key(key);
  if (count == 0 || count > kMaxBatch) {
    throw InvalidInput("allocation count must be 1.." + std::to_string(kMaxBatch));
  }
  const std::string record_key = std::string(kRequestPrefix) + std::string(key);
  std::unique_lock lock(mu_);
  std::shared_ptr<Pending> pending;
  if (auto it = in_flight_.find(record_key); it != in_flight_.end()) {
    pending = it->second;  // the same key is being written: share its outcome
  } else {
    if (auto recorded = store_.get(record_key)) return decode_numbers(*recorded, record_key);
    pending = std::make_shared<Pending>();
    pending->count = count;
    pending->record_key = record_key;
    queue_.push_back(pending);
    in_flight_[record_key] = pending;
  }
  while (!pending->done) {
    if (!writing_ && !queue_.empty()) {
      write_queued(lock);
    } else {
      cv_.wait(lock);
    }
  }
  if (pending->error) std::rethrow_exception(pending->error);
  return pending->numbers;
}

void SectorNumberAssigner::write_queued(std::unique_lock<std::mutex>& lock) {
  writing_ = true;
  auto batch = std::move(queue_);
  queue_.clear();
  std::exception_ptr error;
  std::vector<datastore::Entry> entries;
  try {
    auto m = meta_locked();
    std::uint64_t last = 0;
    for (auto& request : batch) {
      for (std::uint64_t i = 0; i < request->count; ++i) {
        last = m.in_use.first_unset();
        m.in_use.set(last);
        m.allocated.set(last);
        request->numbers.push_back(last);
      }
      entries.push_back({request->record_key, encode_numbers(request->numbers)});
    }
    entries.push_back({std::string(datastore::kAllocatedKey), m.allocated.to_cbor()});
    entries.push_back({std::string(datastore::kNextIdKey), uvarint(last)});
  } catch (...) {
    error = std::current_exception();
  }
  if (!error) {
    lock.unlock();
    try {
      store_.put_all(entries);  // synced: durable before anyone in the batch returns
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
  }
  for (auto& request : batch) {
    if (error) {
      request->error = error;
      request->numbers.clear();
    }
    request->done = true;
    in_flight_.erase(request->record_key);
  }
  writing_ = false;
  cv_.notify_all();
}

std::map<std::string, chain::BitField> SectorNumberAssigner::reservations() const {
  std::lock_guard lock(mu_);
  std::map<std::string, chain::BitField> out;
  for (const auto& [key, value] : store_.list(kReservationPrefix)) {
    out[key.substr(kReservationPrefix.size())] = load_bitfield(store_, key);
  }
  return out;
}

void SectorNumberAssigner::reserve(std::string_view name, const chain::BitField& numbers,
                                   bool force) {
  std::unique_lock lock(mu_);
  wait_idle(lock);
  reserve_locked(name, numbers, force);
}

void SectorNumberAssigner::reserve_locked(std::string_view name, const chain::BitField& numbers,
                                          bool force) {
  const auto key = reservation_key(name);
  chain::BitField current;
  if (store_.get(key)) {
    if (!force) throw InvalidInput("reservation with this name already exists");
    current = load_bitfield(store_, key);
  }
  const auto m = meta_locked();
  const auto others = m.reserved.subtract(current);
  if (!others.intersect_with(numbers).empty() && !force) {
    throw InvalidInput("new reservation is colliding with another existing reservation");
  }
  if (!m.allocated.intersect_with(numbers).empty() && !force) {
    throw InvalidInput("new reservation is colliding with allocated sector numbers");
  }
  store_.put_all({{key, numbers.to_cbor()},
                  {std::string(datastore::kReservedKey), others.union_with(numbers).to_cbor()}});
}

chain::BitField SectorNumberAssigner::reserve_count(std::string_view name, std::uint64_t count) {
  if (count == 0 || count > kMaxBatch) {
    throw InvalidInput("reservation count must be 1.." + std::to_string(kMaxBatch));
  }
  std::unique_lock lock(mu_);
  wait_idle(lock);
  auto in_use = meta_locked().in_use;
  chain::BitField picked;
  for (std::uint64_t i = 0; i < count; ++i) {
    const auto next = in_use.first_unset();
    in_use.set(next);
    picked.set(next);
  }
  reserve_locked(name, picked, false);
  return picked;
}

void SectorNumberAssigner::free(std::string_view name) {
  const auto key = reservation_key(name);
  std::unique_lock lock(mu_);
  wait_idle(lock);
  if (!store_.get(key)) throw NotFound("reservation with this name doesn't exist");
  const auto remaining =
      load_bitfield(store_, datastore::kReservedKey).subtract(load_bitfield(store_, key));
  store_.put(datastore::kReservedKey, remaining.to_cbor());
  store_.remove(key);
}

}  // namespace tessera::sectorid
