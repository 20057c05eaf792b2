#include "storage/paths/unsealed_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "common/error.hpp"

namespace tessera::paths {

UnsealedFileWriter::UnsealedFileWriter(std::filesystem::path file, std::uint64_t sector_size)
    : file_(std::move(file)), sector_size_(sector_size) {
  fd_ = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) throw IoError("create " + file_.string() + ": " + std::strerror(errno));
}

UnsealedFileWriter::~UnsealedFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!finished_) {
    std::error_code ec;
    std::filesystem::remove(file_, ec);
  }
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
  if (::fsync(fd_) != 0) throw IoError("fsync " + file_.string() + ": " + std::strerror(errno));
  ::close(fd_);
  fd_ = -1;
  finished_ = true;
}

UnsealedFile read_unsealed_file(const std::filesystem::path& file, std::uint64_t sector_size) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw NotFound("unsealed file " + file.string() + " cannot be opened");
  Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < sector_size + 4) {
    throw InvalidInput("unsealed file " + file.string() + " is truncated (" + std::to_string(bytes.size()) +
                       " bytes for a " + std::to_string(sector_size) + "-byte sector)");
  }
  std::uint32_t trailer_len = 0;
  for (int i = 0; i < 4; ++i) trailer_len |= std::uint32_t(bytes[bytes.size() - 4 + i]) << (8 * i);
  if (sector_size + trailer_len + 4 != bytes.size()) {
    throw InvalidInput("unsealed file " + file.string() + " does not match a " +
                       std::to_string(sector_size) + "-byte sector");
  }
  UnsealedFile out;
  out.padded.assign(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(sector_size));
  out.allocated = chain::BitField::from_rle(Bytes(bytes.begin() + static_cast<std::ptrdiff_t>(sector_size),
                                                  bytes.end() - 4));
  return out;
}

}  // namespace tessera::paths
