// Sector file locks (lotus paths/index_locks.go): per sector and file type, many readers or one
// writer. The sealing pipeline holds them while it works on a sector's files; StorageLock,
// StorageTryLock and StorageGetLocks expose them over the API. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "storage/paths/sector_file_types.hpp"

namespace tessera::paths {

inline constexpr std::size_t kFileTypeCount = 5;

// One sector's holders per file type (lotus storiface.SectorLock: Write and Read counts).
struct SectorLockState {
  SectorId sector;
  std::array<std::uint32_t, kFileTypeCount> write{};
  std::array<std::uint32_t, kFileTypeCount> read{};
};

// {"Locks": [{"Sector": {...}, "Write": [...], "Read": [...]}]} (lotus SectorLocks).
nlohmann::json to_json(const std::vector<SectorLockState>& locks);

class SectorLocks {
 public:
  // Releases its locks when destroyed.
  class Guard {
   public:
    Guard(SectorLocks* owner, SectorId sector, std::uint32_t read, std::uint32_t write)
        : owner_(owner), sector_(sector), read_(read), write_(write) {}
    Guard(Guard&& other) noexcept;
    Guard& operator=(Guard&&) = delete;
    ~Guard();

   private:
    SectorLocks* owner_;
    SectorId sector_;
    std::uint32_t read_, write_;
  };

  // Takes read locks on the `read` types and write locks on the `write` types (bit masks),
  // waiting until nothing conflicts; nullopt when `cancelled` becomes true first. InvalidInput
  // for unknown type bits.
  std::optional<Guard> lock(const SectorId& sector, std::uint32_t read, std::uint32_t write,
                            const std::atomic<bool>& cancelled);
  // The same without waiting: nullopt when something conflicts now.
  std::optional<Guard> try_lock(const SectorId& sector, std::uint32_t read, std::uint32_t write);
  // Every sector with a lock held.
  std::vector<SectorLockState> held() const;

 private:
  bool can_take(const SectorId& sector, std::uint32_t read, std::uint32_t write) const;
  void take(const SectorId& sector, std::uint32_t read, std::uint32_t write);
  void release(const SectorId& sector, std::uint32_t read, std::uint32_t write);

  mutable std::mutex mu_;
  std::condition_variable released_;
  std::map<SectorId, SectorLockState> locks_;
};

}  // namespace tessera::paths
