#include "storage/paths/sector_locks.hpp"

#include <chrono>
#include <utility>

#include <nlohmann/json.hpp>

namespace tessera::paths {
namespace {

// The index of a file type's bit (unsealed 0 … update-cache 4).
std::size_t slot(FileType type) {
  return static_cast<std::size_t>(__builtin_ctz(static_cast<std::uint32_t>(type)));
}

}  // namespace

nlohmann::json to_json(const std::vector<SectorLockState>& locks) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& l : locks)
    list.push_back({{"Sector", to_json(l.sector)}, {"Write", l.write}, {"Read", l.read}});
  return nlohmann::json{{"Locks", list}};
}

SectorLocks::Guard::Guard(Guard&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      sector_(other.sector_),
      read_(other.read_),
      write_(other.write_) {}

SectorLocks::Guard::~Guard() {
  if (owner_) owner_->release(sector_, read_, write_);
}

bool SectorLocks::can_take(const SectorId& sector, std::uint32_t read, std::uint32_t write) const {
  auto it = locks_.find(sector);
  if (it == locks_.end()) return true;
  for (FileType t : file_types_in(read))
    if (it->second.write[slot(t)] > 0) return false;
  for (FileType t : file_types_in(write))
    if (it->second.write[slot(t)] > 0 || it->second.read[slot(t)] > 0) return false;
  return true;
}

void SectorLocks::take(const SectorId& sector, std::uint32_t read, std::uint32_t write) {
  auto& state = locks_[sector];
  state.sector = sector;
  for (FileType t : file_types_in(read)) ++state.read[slot(t)];
  for (FileType t : file_types_in(write)) ++state.write[slot(t)];
}

void SectorLocks::release(const SectorId& sector, std::uint32_t read, std::uint32_t write) {
  {
    std::lock_guard lock(mu_);
    auto it = locks_.find(sector);
    if (it == locks_.end()) return;
    for (FileType t : file_types_in(read)) --it->second.read[slot(t)];
    for (FileType t : file_types_in(write)) --it->second.write[slot(t)];
    const auto zero = std::array<std::uint32_t, kFileTypeCount>{};
    if (it->second.read == zero && it->second.write == zero) locks_.erase(it);
  }
  released_.notify_all();
}

std::optional<SectorLocks::Guard> SectorLocks::lock(const SectorId& sector, std::uint32_t read,
                                                    std::uint32_t write,
                                                    const std::atomic<bool>& cancelled) {
  file_types_in(read | write);  // InvalidInput for unknown bits, before waiting
  std::unique_lock lock(mu_);
  while (!can_take(sector, read, write)) {
    if (cancelled) return std::nullopt;
    // Wake now and then to notice cancellation, which nobody signals.
    released_.wait_for(lock, std::chrono::milliseconds(100));
  }
  take(sector, read, write);
  return Guard(this, sector, read, write);
}

std::optional<SectorLocks::Guard> SectorLocks::try_lock(const SectorId& sector, std::uint32_t read,
                                                        std::uint32_t write) {
  file_types_in(read | write);
  std::lock_guard lock(mu_);
  if (!can_take(sector, read, write)) return std::nullopt;
  take(sector, read, write);
  return Guard(this, sector, read, write);
}

std::vector<SectorLockState> SectorLocks::held() const {
  std::lock_guard lock(mu_);
  std::vector<SectorLockState> out;
  for (const auto& [sector, state] : locks_) out.push_back(state);
  return out;
}

}  // namespace tessera::paths
