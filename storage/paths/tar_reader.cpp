#include "storage/paths/tar_reader.hpp"

#include <fcntl.h>

#include <algorithm>
#include <string_view>

#include "common/error.hpp"
#include "common/file_io.hpp"

namespace tessera::paths {
namespace {

constexpr std::size_t kBlock = 512;
// ustar header fields (offset, width).
constexpr std::size_t kNameAt = 0, kNameWidth = 100;
constexpr std::size_t kSizeAt = 124, kSizeWidth = 12;
constexpr std::size_t kChecksumAt = 148, kChecksumWidth = 8;
constexpr std::size_t kTypeflagAt = 156;
constexpr std::size_t kMagicAt = 257;
constexpr std::size_t kPrefixAt = 345, kPrefixWidth = 155;

std::string_view field_text(const std::array<std::uint8_t, 512>& header, std::size_t at,
                            std::size_t width) {
  const auto* begin = reinterpret_cast<const char*>(header.data() + at);
  return {begin, static_cast<std::size_t>(std::find(begin, begin + width, '\0') - begin)};
}

// An octal number field (spaces and NULs around it allowed), or Go's base-256 form for sizes
// past 8 GiB (first byte 0x80, the rest big-endian).
std::uint64_t number_field(const std::array<std::uint8_t, 512>& header, std::size_t at,
                           std::size_t width, std::string_view what) {
  if (header[at] == 0x80) {
    std::uint64_t value = 0;
    for (std::size_t i = 1; i < width; ++i) {
      if (value >> 56) throw InvalidInput("tar: " + std::string(what) + " too large");
      value = value << 8 | header[at + i];
    }
    return value;
  }
  std::uint64_t value = 0;
  bool digits = false;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = static_cast<char>(header[at + i]);
    if (c >= '0' && c <= '7') {
      if (value >> 60) throw InvalidInput("tar: " + std::string(what) + " too large");
      value = value * 8 + static_cast<std::uint64_t>(c - '0');
      digits = true;
    } else if (c == ' ' || c == '\0') {
      if (digits) break;
    } else {
      throw InvalidInput("tar: " + std::string(what) + " is not an octal number");
    }
  }
  return value;
}

bool all_zero(const std::array<std::uint8_t, 512>& block) {
  return std::all_of(block.begin(), block.end(), [](std::uint8_t b) { return b == 0; });
}

}  // namespace

TarExtractor::TarExtractor(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) throw IoError("create " + dir_.string() + ": " + ec.message());
}

TarExtractor::~TarExtractor() = default;

void TarExtractor::start_entry() {
  if (all_zero(header_)) {
    ended_ = true;
    return;
  }
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < kBlock; ++i)
    sum += (i >= kChecksumAt && i < kChecksumAt + kChecksumWidth) ? ' ' : header_[i];
  if (number_field(header_, kChecksumAt, kChecksumWidth, "checksum") != sum)
    throw InvalidInput("tar: header checksum mismatch");
  const auto size = number_field(header_, kSizeAt, kSizeWidth, "size");
  const char type = static_cast<char>(header_[kTypeflagAt]);
  data_left_ = size;
  padding_left_ = (kBlock - size % kBlock) % kBlock;
  data_offset_ = 0;
  if (type == 'x' || type == 'g') return;  // PAX records: read past (file_ stays null)
  if (type != '0' && type != '\0')
    throw InvalidInput(std::string("tar: entry of type '") + type + "' is not a regular file");
  std::string name(field_text(header_, kNameAt, kNameWidth));
  const bool ustar = field_text(header_, kMagicAt, 6) == "ustar";
  if (ustar && !field_text(header_, kPrefixAt, kPrefixWidth).empty())
    name = std::string(field_text(header_, kPrefixAt, kPrefixWidth)) + "/" + name;
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos)
    throw InvalidInput("tar: entry name \"" + name + "\" is not a plain file name");
  file_ = std::make_unique<File>(dir_ / name, O_WRONLY | O_CREAT | O_TRUNC);
  ++files_;
}

void TarExtractor::write(const std::uint8_t* data, std::size_t size) {
  if (failed_) throw InvalidInput("tar: the archive was already refused");
  try {
    while (size > 0 && !ended_) {
      if (data_left_ > 0) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(size, data_left_));
        if (file_) file_->write_at(data_offset_, data, n);
        data_offset_ += n;
        data_left_ -= n;
        data += n;
        size -= n;
        if (data_left_ == 0 && file_) file_->sync();  // whole on disk before the move is declared
        continue;
      }
      if (padding_left_ > 0) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(size, padding_left_));
        padding_left_ -= n;
        data += n;
        size -= n;
        continue;
      }
      file_.reset();
      const auto n = std::min(size, kBlock - header_fill_);
      std::copy(data, data + n, header_.begin() + static_cast<std::ptrdiff_t>(header_fill_));
      header_fill_ += n;
      data += n;
      size -= n;
      if (header_fill_ < kBlock) continue;
      header_fill_ = 0;
      start_entry();
    }
  } catch (...) {
    failed_ = true;
    file_.reset();
    throw;
  }
}

void TarExtractor::finish() {
  if (failed_) throw InvalidInput("tar: the archive was refused");
  if (!ended_) throw InvalidInput("tar: the archive ended before its end block");
  file_.reset();
}

}  // namespace tessera::paths
