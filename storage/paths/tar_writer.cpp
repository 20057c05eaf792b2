#include "storage/paths/tar_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include "common/error.hpp"
#include "common/file_io.hpp"

namespace tessera::paths {
namespace {

constexpr std::size_t kBlock = 512;

// Field offsets and widths of a ustar header (POSIX.1-1988).
struct Field {
  std::size_t offset;
  std::size_t width;
};
constexpr Field kName{0, 100};
constexpr Field kMode{100, 8};
constexpr Field kUid{108, 8};
constexpr Field kGid{116, 8};
constexpr Field kSize{124, 12};
constexpr Field kMtime{136, 12};
constexpr Field kChecksum{148, 8};
constexpr std::size_t kTypeflag = 156;
constexpr Field kMagic{257, 6};
constexpr Field kVersion{263, 2};
constexpr Field kDevMajor{329, 8};
constexpr Field kDevMinor{337, 8};

using Header = std::array<char, kBlock>;

// True when value fits the field as octal digits followed by a NUL.
bool fits_octal(Field field, std::uint64_t value) {
  return value < (std::uint64_t{1} << (3 * (field.width - 1)));  // widths here are <= 12
}

// value as zero-padded octal digits and a NUL, as Go's archive/tar writes numbers.
void put_octal(Header& header, Field field, std::uint64_t value) {
  for (std::size_t i = field.width - 1; i-- > 0; value >>= 3)
    header[field.offset + i] = static_cast<char>('0' + (value & 7));
  header[field.offset + field.width - 1] = '\0';
}

void put_bytes(Header& header, Field field, std::string_view text) {
  std::memcpy(header.data() + field.offset, text.data(), std::min(text.size(), field.width));
}

// The header of one regular file; InvalidInput when the name or size does not fit.
Header file_header(const std::string& name, const struct stat& st) {
  if (name.size() > kName.width) throw InvalidInput("file name too long for tar: " + name);
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (!fits_octal(kSize, size)) throw InvalidInput("file too large for ustar: " + name);
  Header header{};
  put_bytes(header, kName, name);
  put_octal(header, kMode, st.st_mode & 07777);
  // Ids that do not fit 7 octal digits are written as 0 (the archive stays plain ustar).
  put_octal(header, kUid, fits_octal(kUid, st.st_uid) ? st.st_uid : 0);
  put_octal(header, kGid, fits_octal(kGid, st.st_gid) ? st.st_gid : 0);
  put_octal(header, kSize, size);
  // Go rounds the modification time to the second.
  const auto mtime = st.st_mtim.tv_sec + (st.st_mtim.tv_nsec >= 500'000'000 ? 1 : 0);
  put_octal(header, kMtime, static_cast<std::uint64_t>(std::max<std::int64_t>(mtime, 0)));
  header[kTypeflag] = '0';
  put_bytes(header, kMagic, std::string_view("ustar\0", 6));
  put_bytes(header, kVersion, "00");
  put_octal(header, kDevMajor, 0);
  put_octal(header, kDevMinor, 0);
  // The checksum is the byte sum with its own field taken as spaces, written as six octal
  // digits, a NUL and a space.
  std::memset(header.data() + kChecksum.offset, ' ', kChecksum.width);
  std::uint64_t sum = 0;
  for (char c : header) sum += static_cast<unsigned char>(c);
  put_octal(header, Field{kChecksum.offset, 7}, sum);
  return header;
}

std::uint64_t padded(std::uint64_t size) {
  return (size + kBlock - 1) / kBlock * kBlock;
}

}  // namespace

TarStream::TarStream(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) throw NotFound("not a directory: " + dir.string());
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    names.push_back(entry.path().filename().string());
  if (ec) throw IoError("listing " + dir.string() + ": " + ec.message());
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    const auto path = dir / name;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    const auto size = static_cast<std::uint64_t>(st.st_size);
    entries_.push_back(Entry{path, file_header(name, st), size});
    size_ += kBlock + padded(size);
  }
  size_ += 2 * kBlock;
}

TarStream::~TarStream() = default;
TarStream::TarStream(TarStream&&) noexcept = default;

std::size_t TarStream::read(std::uint8_t* out, std::size_t max) {
  std::size_t done = 0;
  while (done < max) {
    if (entry_ == entries_.size()) {  // the two zero blocks that end the archive
      const auto n =
          static_cast<std::size_t>(std::min<std::uint64_t>(max - done, 2 * kBlock - offset_));
      if (n == 0) break;
      std::memset(out + done, 0, n);
      offset_ += n;
      done += n;
      continue;
    }
    const Entry& entry = entries_[entry_];
    std::size_t n = 0;
    if (offset_ < kBlock) {
      n = static_cast<std::size_t>(std::min<std::uint64_t>(max - done, kBlock - offset_));
      std::memcpy(out + done, entry.header.data() + offset_, n);
    } else if (offset_ < kBlock + entry.size) {
      if (!file_) file_ = std::make_unique<File>(entry.path, O_RDONLY);
      const std::uint64_t at = offset_ - kBlock;
      n = static_cast<std::size_t>(std::min<std::uint64_t>(max - done, entry.size - at));
      file_->read_at(at, out + done, n);  // IoError ("truncated") when the file shrank
    } else {
      n = static_cast<std::size_t>(
          std::min<std::uint64_t>(max - done, kBlock + padded(entry.size) - offset_));
      std::memset(out + done, 0, n);
    }
    offset_ += n;
    done += n;
    if (offset_ == kBlock + padded(entry.size)) {
      file_.reset();
      ++entry_;
      offset_ = 0;
    }
  }
  return done;
}

}  // namespace tessera::paths
