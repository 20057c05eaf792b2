// TarStream checked against GNU tar (an independent reader) and by hand.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/error.hpp"
#include "storage/paths/tar_writer.hpp"
#include "test/support/files.hpp"
#include "test/support/process.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;

namespace {

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// bytes of length n: i % 251 (no block-sized repetition).
std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(i % 251);
  return s;
}

// The whole archive of dir, read `chunk` bytes at a time; checks that its length is size().
std::string tar_of(const std::filesystem::path& dir, std::size_t chunk = 4096) {
  paths::TarStream tar(dir);
  std::string out;
  std::string buffer(chunk, '\0');
  while (auto n = tar.read(reinterpret_cast<std::uint8_t*>(buffer.data()), chunk))
    out.append(buffer, 0, n);
  CHECK(out.size() == tar.size());
  return out;
}

// Parses an octal field (leading digits up to a NUL or space).
std::uint64_t octal(const std::string& block, std::size_t offset, std::size_t width) {
  std::uint64_t value = 0;
  for (std::size_t i = offset; i < offset + width && block[i] >= '0' && block[i] <= '7'; ++i)
    value = value * 8 + static_cast<std::uint64_t>(block[i] - '0');
  return value;
}

}  // namespace

TEST_CASE("TarStream: GNU tar lists and extracts the regular files", "[storage][tar]") {
  test::TempDir dir;
  const auto src = dir / "cache";
  std::filesystem::create_directories(src / "subdir");
  write_text(src / "t_aux", pattern(1000));
  write_text(src / "p_aux", pattern(64));
  write_text(src / "subdir" / "inner", "left out");
  std::filesystem::create_symlink(src / "p_aux", src / "link");
  ::chmod((src / "t_aux").c_str(), 0640);

  const auto tar = tar_of(src);
  // p_aux: header + 1 block; t_aux: header + 2 blocks; two zero blocks.
  REQUIRE(tar.size() == 512 * (2 + 3 + 2));
  CHECK(tar.substr(tar.size() - 1024) == std::string(1024, '\0'));
  write_text(dir / "cache.tar", tar);

  auto listed = test::run_process("/usr/bin/tar", {"-tvf", (dir / "cache.tar").string()});
  CAPTURE(listed.out, listed.err);
  REQUIRE(listed.exit_code == 0);
  CHECK(listed.err.empty());
  const auto p_line = listed.out.substr(0, listed.out.find('\n'));
  const auto t_line = listed.out.substr(p_line.size() + 1);
  CHECK(p_line.starts_with("-rw-"));
  CHECK(p_line.find(" 64 ") != std::string::npos);
  CHECK(p_line.ends_with(" p_aux"));
  CHECK(t_line.starts_with("-rw-r----- "));
  CHECK(t_line.find(" 1000 ") != std::string::npos);
  CHECK(t_line.ends_with(" t_aux\n"));
  CHECK(std::count(listed.out.begin(), listed.out.end(), '\n') == 2);

  std::filesystem::create_directories(dir / "out");
  auto extracted = test::run_process(
      "/usr/bin/tar", {"-xf", (dir / "cache.tar").string(), "-C", (dir / "out").string()});
  CAPTURE(extracted.err);
  REQUIRE(extracted.exit_code == 0);
  CHECK(test::read_file(dir / "out" / "p_aux") == pattern(64));
  CHECK(test::read_file(dir / "out" / "t_aux") == pattern(1000));
  CHECK(test::file_mode(dir / "out" / "t_aux") == 0640);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir / "out")) ++entries;
  CHECK(entries == 2);
}

TEST_CASE("TarStream: the ustar header fields and checksum", "[storage][tar]") {
  test::TempDir dir;
  write_text(dir / "p_aux", pattern(64));
  ::chmod((dir / "p_aux").c_str(), 0644);
  struct stat st {};
  REQUIRE(::stat((dir / "p_aux").c_str(), &st) == 0);

  const auto header = tar_of(dir.path()).substr(0, 512);
  CHECK(header.substr(0, 6) == std::string("p_aux\0", 6));
  CHECK(header.substr(100, 8) == std::string("0000644\0", 8));
  CHECK(header.substr(124, 12) == std::string("00000000100\0", 12));
  CHECK(octal(header, 136, 12) == static_cast<std::uint64_t>(st.st_mtim.tv_sec) +
                                      (st.st_mtim.tv_nsec >= 500'000'000 ? 1 : 0));
  CHECK(header[156] == '0');
  CHECK(header.substr(257, 8) == std::string("ustar\0"
                                             "00",
                                             8));
  // Checksum: six octal digits, NUL, space; the unsigned byte sum with the field as spaces.
  CHECK(header[154] == '\0');
  CHECK(header[155] == ' ');
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < 512; ++i)
    sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(header[i]);
  CHECK(octal(header, 148, 6) == sum);
}

TEST_CASE("TarStream: an empty directory, a missing one, a long name", "[storage][tar]") {
  test::TempDir dir;
  CHECK(tar_of(dir.path()) == std::string(1024, '\0'));
  CHECK_THROWS_AS(tar_of(dir / "missing"), NotFound);
  write_text(dir / std::string(101, 'x'), "");
  CHECK_THROWS_AS(tar_of(dir.path()), InvalidInput);
}

TEST_CASE("TarStream: any read size gives the same archive; a file that shrank is an error",
          "[storage][tar]") {
  test::TempDir dir;
  write_text(dir / "a", pattern(1000));
  write_text(dir / "b", pattern(512));
  write_text(dir / "c", "");
  const auto whole = tar_of(dir.path(), 1 << 20);
  CHECK(whole.size() == 512 + 1024 + 512 + 512 + 512 + 1024);
  for (std::size_t chunk : {1, 7, 511, 512, 513, 3000}) CHECK(tar_of(dir.path(), chunk) == whole);

  paths::TarStream tar(dir.path());
  std::filesystem::resize_file(dir / "a", 10);
  std::string buffer(4096, '\0');
  CHECK_THROWS_AS(tar.read(reinterpret_cast<std::uint8_t*>(buffer.data()), buffer.size()), IoError);
}
