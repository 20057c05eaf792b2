// The writer pool tree files go through (supraseal's writer threads): the thread that hashes a
// tree queues each chunk's rows and goes on hashing; a few threads write them, and each file is
// fsynced and renamed into place once all its rows are written, while the next file is built.
// Queued rows are bounded in bytes, so the host memory the writes take is stated, not grown.
// A file is never at its path before it is whole and synced.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/encoding.hpp"

namespace tessera::porep {

class TreeFileWriter {
 public:
  static constexpr std::size_t kDefaultThreads = 2;  // one file's fsync beside the next's rows
  static constexpr std::size_t kDefaultQueuedBytes = std::size_t{64} << 20;

  using FileId = std::size_t;

  explicit TreeFileWriter(std::size_t threads = kDefaultThreads,
                          std::size_t max_queued_bytes = kDefaultQueuedBytes);
  // Lets the queued work finish: finished files are put in place; the temporary files of the
  // others are removed. Errors are not reported here: wait() reports them.
  ~TreeFileWriter();
  TreeFileWriter(const TreeFileWriter&) = delete;
  TreeFileWriter& operator=(const TreeFileWriter&) = delete;

  // Starts a file of `bytes` bytes (zeros), written as <path>.tmp. Throws IoError, leaving
  // nothing, when it cannot be created or sized, and the pool's first error once a write failed.
  FileId create(const std::filesystem::path& path, std::uint64_t bytes);
  // Queues `data` for `offset` in `file`; waits while the queue holds max_queued_bytes or more.
  // Throws the pool's first error: after a failed write nothing more is written.
  void write(FileId file, std::uint64_t offset, Bytes data);
  // Every row of `file` is queued: once they are written it is fsynced and renamed to its path.
  void finish(FileId file);
  // Gives `file` up, unless it is already finished: its queued rows are dropped and its
  // temporary file removed.
  void abandon(FileId file);
  // Returns once every finished file is at its path. Throws the pool's first error (IoError),
  // after removing every file not yet in place.
  void wait();
  // The most bytes the queue held at once.
  std::size_t peak_queued_bytes() const;

 private:
  enum class State { kOpen, kFinishing, kAbandoned, kDone, kRemoved };
  struct Target;
  struct Job {
    FileId file;
    std::uint64_t offset = 0;
    Bytes data;
    bool install = false;  // fsync and rename instead of a write
  };

  // An open file moves to `next` (kFinishing or kAbandoned); any other file is left as it is.
  void stop_writing(FileId file, State next);
  void work();
  void run(const Job& job, Target& target);
  // With mu_ held: the next step of a file whose last queued write or install has just ended.
  void settle(FileId file);
  // Closes and removes target's temporary file; needs mu_ once target is in files_.
  void remove_temporary(Target& target);
  // With mu_ held and nothing queued or running: removes every file not at its path.
  void remove_unfinished();
  void throw_if_failed() const;

  const std::size_t max_queued_bytes_;
  mutable std::mutex mu_;
  std::condition_variable work_ready_, space_, idle_;
  std::deque<Job> queue_;
  std::vector<std::unique_ptr<Target>> files_;
  std::size_t queued_bytes_ = 0, peak_queued_bytes_ = 0, running_ = 0;
  std::exception_ptr error_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace tessera::porep
