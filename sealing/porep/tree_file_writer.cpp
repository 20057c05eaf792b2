#include "sealing/porep/tree_file_writer.hpp"

#include <fcntl.h>

#include <algorithm>
#include <optional>

#include "common/error.hpp"
#include "common/file_io.hpp"

namespace tessera::porep {

struct TreeFileWriter::Target {
  std::filesystem::path path;
  std::filesystem::path temp;
  std::optional<File> file;
  std::size_t outstanding = 0;  // queued or running jobs
  State state = State::kOpen;
};

TreeFileWriter::TreeFileWriter(std::size_t threads, std::size_t max_queued_bytes)
    : max_queued_bytes_(max_queued_bytes) {
  for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i)
    threads_.emplace_back([this] { work(); });
}

TreeFileWriter::~TreeFileWriter() {
  {
    std::unique_lock lock(mu_);
    idle_.wait(lock, [&] { return queue_.empty() && running_ == 0; });
    remove_unfinished();
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (auto& thread : threads_) thread.join();
}

TreeFileWriter::FileId TreeFileWriter::create(const std::filesystem::path& path,
                                              std::uint64_t bytes) {
  {
    std::lock_guard lock(mu_);
    throw_if_failed();
  }
  auto target = std::make_unique<Target>();
  target->path = path;
  target->temp = path.string() + ".tmp";
  target->file.emplace(target->temp, O_WRONLY | O_CREAT | O_TRUNC);
  try {
    target->file->truncate(bytes);
  } catch (...) {  // the file was made here: it goes
    remove_temporary(*target);
    throw;
  }
  std::lock_guard lock(mu_);
  files_.push_back(std::move(target));
  return files_.size() - 1;
}

void TreeFileWriter::write(FileId file, std::uint64_t offset, Bytes data) {
  std::unique_lock lock(mu_);
  space_.wait(lock, [&] {
    return error_ || queued_bytes_ == 0 || queued_bytes_ + data.size() <= max_queued_bytes_;
  });
  throw_if_failed();
  Target& target = *files_.at(file);
  if (target.state != State::kOpen)
    throw InvalidInput("tree file " + target.path.string() + " is no longer being written");
  ++target.outstanding;
  queued_bytes_ += data.size();
  peak_queued_bytes_ = std::max(peak_queued_bytes_, queued_bytes_);
  queue_.push_back(Job{file, offset, std::move(data)});
  work_ready_.notify_one();
}

void TreeFileWriter::finish(FileId file) {
  stop_writing(file, State::kFinishing);
}

void TreeFileWriter::abandon(FileId file) {
  stop_writing(file, State::kAbandoned);
}

void TreeFileWriter::stop_writing(FileId file, State next) {
  std::lock_guard lock(mu_);
  Target& target = *files_.at(file);
  if (target.state != State::kOpen) return;
  target.state = next;
  settle(file);
}

void TreeFileWriter::wait() {
  std::unique_lock lock(mu_);
  idle_.wait(lock, [&] { return queue_.empty() && running_ == 0; });
  if (!error_) return;
  remove_unfinished();
  std::rethrow_exception(error_);
}

std::size_t TreeFileWriter::peak_queued_bytes() const {
  std::lock_guard lock(mu_);
  return peak_queued_bytes_;
}

void TreeFileWriter::work() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;
    const Job job = std::move(queue_.front());
    queue_.pop_front();
    Target& target = *files_[job.file];
    const bool skip = error_ || target.state == State::kAbandoned;
    ++running_;
    lock.unlock();
    std::exception_ptr failed;
    if (!skip) {
      try {
        run(job, target);
      } catch (...) {
        failed = std::current_exception();
      }
    }
    lock.lock();
    --running_;
    if (failed && !error_) error_ = failed;
    queued_bytes_ -= job.data.size();
    --target.outstanding;
    if (job.install && !skip && !failed) target.state = State::kDone;
    settle(job.file);
    space_.notify_all();
    idle_.notify_all();
  }
}

void TreeFileWriter::run(const Job& job, Target& target) {
  // Writes to one file may run at once (pwrite); an install runs alone, after the last write,
  // and a file is closed only when no job of it is queued or running.
  if (!job.install) {
    target.file->write_at(job.offset, job.data.data(), job.data.size());
    return;
  }
  target.file->sync();
  target.file.reset();
  std::error_code ec;
  std::filesystem::rename(target.temp, target.path, ec);
  if (ec) throw IoError("rename " + target.temp.string() + ": " + ec.message());
}

void TreeFileWriter::settle(FileId file) {
  Target& target = *files_[file];
  if (target.outstanding) return;
  if (target.state == State::kAbandoned || (target.state == State::kFinishing && error_)) {
    remove_temporary(target);
  } else if (target.state == State::kFinishing) {
    ++target.outstanding;
    queue_.push_back(Job{file, 0, {}, true});
    work_ready_.notify_one();
  }
}

void TreeFileWriter::remove_temporary(Target& target) {
  target.file.reset();
  std::error_code ec;
  std::filesystem::remove(target.temp, ec);
  target.state = State::kRemoved;
}

void TreeFileWriter::remove_unfinished() {
  for (auto& target : files_)
    if (target->state != State::kDone && target->state != State::kRemoved)
      remove_temporary(*target);
}

void TreeFileWriter::throw_if_failed() const {
  if (error_) std::rethrow_exception(error_);
}

}  // namespace tessera::porep
