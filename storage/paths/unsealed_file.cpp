#include "storage/paths/unsealed_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/error.hpp"
#include "common/file_io.hpp"
#include "common/file_util.hpp"

namespace tessera::paths {

UnsealedFileWriter::UnsealedFileWriter(std::filesystem::path file, std::uint64_t sector_size)
    : file_(std::move(file)), temp_(file_.string() + ".tmp"), sector_size_(sector_size) {
  if (std::filesystem::exists(file_)) throw Conflict("file already exists: " + file_.string());
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw IoError("create " + temp_.string() + ": " + std::strerror(errno));
}

UnsealedFileWriter::~UnsealedFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!finished_) ::unlink(temp_.c_str());
}

void UnsealedFileWriter::write_all(const std::uint8_t* data, std::size_t size) {
  while (size) {
    auto n = ::write(fd_, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw IoError("write " + file_.string() + ": " + std::strerror(errno));
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void UnsealedFileWriter::write(const std::uint8_t* padded, std::size_t size) {
  if (written_ + size > sector_size_) throw InvalidInput("unsealed data exceeds the sector size");
  write_all(padded, size);
  written_ += size;
}

void UnsealedFileWriter::finish(const chain::BitField& allocated) {
  const Bytes zeros(1 << 16, 0);
  while (written_ < sector_size_) {
    auto n = std::min<std::uint64_t>(zeros.size(), sector_size_ - written_);
    write(zeros.data(), n);
  }
  Bytes trailer = allocated.to_rle();
  const auto length = static_cast<std::uint32_t>(trailer.size());
  for (int i = 0; i < 4; ++i) trailer.push_back(static_cast<std::uint8_t>(length >> (8 * i)));
  write_all(trailer.data(), trailer.size());
  if (::fsync(fd_) != 0) throw IoError("fsync " + temp_.string() + ": " + std::strerror(errno));
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw IoError("close " + temp_.string() + ": " + std::strerror(errno));
  }
  fd_ = -1;
  // link() never replaces a name: a file that appeared meanwhile is not overwritten.
  if (::link(temp_.c_str(), file_.c_str()) != 0) {
    const int err = errno;
    if (err == EEXIST) throw Conflict("file already exists: " + file_.string());
    throw IoError("link " + file_.string() + ": " + std::strerror(err));
  }
  finished_ = true;
  ::unlink(temp_.c_str());
  sync_directory(file_.parent_path());
}

namespace {

// The allocated ranges of an unsealed file, from its trailer, after checking that the file is
// sector-size bytes of data plus a well-formed trailer.
chain::BitField read_trailer(const File& in, std::uint64_t sector_size) {
  const std::uint64_t size = in.size();
  const std::string name = in.path();
  if (size < sector_size + 4) {
    throw InvalidInput("unsealed file " + name + " is truncated (" + std::to_string(size) +
                       " bytes for a " + std::to_string(sector_size) + "-byte sector)");
  }
  std::uint8_t length_bytes[4];
  in.read_at(size - 4, length_bytes, 4);
  std::uint32_t trailer_len = 0;
  for (int i = 0; i < 4; ++i) trailer_len |= std::uint32_t(length_bytes[i]) << (8 * i);
  if (sector_size + trailer_len + 4 != size) {
    throw InvalidInput("unsealed file " + name + " does not match a " +
                       std::to_string(sector_size) + "-byte sector");
  }
  Bytes trailer(trailer_len);
  in.read_at(sector_size, trailer.data(), trailer.size());
  return chain::BitField::from_rle(trailer);
}

}  // namespace

chain::BitField read_unsealed_trailer(const std::filesystem::path& file,
                                      std::uint64_t sector_size) {
  return read_trailer(File(file, O_RDONLY), sector_size);
}

UnsealedFile read_unsealed_file(const std::filesystem::path& file, std::uint64_t sector_size) {
  File in(file, O_RDONLY);
  UnsealedFile out;
  out.allocated = read_trailer(in, sector_size);
  out.padded.resize(sector_size);
  in.read_at(0, out.padded.data(), out.padded.size());
  return out;
}

chain::BitField extract_unsealed_data(const std::filesystem::path& file, std::uint64_t sector_size,
                                      const std::filesystem::path& out_path) {
  File in(file, O_RDONLY);
  auto allocated = read_trailer(in, sector_size);
  File out(out_path, O_WRONLY | O_CREAT | O_TRUNC);
  Bytes chunk(std::min<std::uint64_t>(sector_size, 1 << 21));
  for (std::uint64_t offset = 0; offset < sector_size; offset += chunk.size()) {
    const auto n =
        static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), sector_size - offset));
    in.read_at(offset, chunk.data(), n);
    out.write_at(offset, chunk.data(), n);
  }
  out.sync();
  return allocated;
}

}  // namespace tessera::paths
