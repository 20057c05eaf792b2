// TarExtractor against an archive written by Go's archive/tar (what lotus's
// tarutil.TarDirectory sends), against TarStream, and against hostile archives.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "storage/paths/tar_reader.hpp"
#include "storage/paths/tar_writer.hpp"
#include "test/support/files.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;

namespace {

// A 512-byte header block from its non-zero runs (offset, text).
std::string block_of(const std::vector<std::pair<std::size_t, std::string>>& runs) {
  std::string block(512, '\0');
  for (const auto& [offset, text] : runs) block.replace(offset, text.size(), text);
  return block;
}

// Go 1.19 archive/tar (Debian golang-go) writing a directory holding p_aux = "abc" and
// sc-02-data-tree-r-last.dat = 600 'x' (mtime 2026-01-02 03:04:05 UTC) the way lotus's
// tarutil.TarDirectory does: tar.FileInfoHeader, Name = the base name, WriteHeader, the data,
// Close. Headers copied byte for byte (their non-zero runs) from that program's output; the
// archive is 3584 bytes.
std::string go_archive() {
  const auto header = [](const std::string& name, const std::string& size,
                         const std::string& checksum) {
    return block_of({{0, name},
                     {100, "0000644"},
                     {108, "0000000"},
                     {116, "0000000"},
                     {124, size},
                     {136, "15125632645"},
                     {148, checksum},
                     {155, " 0"},
                     {257, "ustar"},
                     {263, "00root"},
                     {297, "root"},
                     {329, "0000000"},
                     {337, "0000000"}});
  };
  std::string tar = header("p_aux", "00000000003", "012115");
  tar += "abc" + std::string(509, '\0');
  tar += header("sc-02-data-tree-r-last.dat", "00000001130", "015442");
  tar += std::string(600, 'x') + std::string(424, '\0');
  tar += std::string(1024, '\0');
  return tar;
}

// Feeds tar to an extractor into dir in pieces of `chunk` bytes, then finishes it.
std::size_t extract(const std::string& tar, const std::filesystem::path& dir, std::size_t chunk) {
  paths::TarExtractor extractor(dir);
  for (std::size_t at = 0; at < tar.size(); at += chunk) {
    const auto n = std::min(chunk, tar.size() - at);
    extractor.write(reinterpret_cast<const std::uint8_t*>(tar.data() + at), n);
  }
  extractor.finish();
  return extractor.files();
}

// A ustar header for one entry, with its checksum (the tests' own writer, for hostile cases).
std::string ustar_header(const std::string& name, std::size_t size, char type) {
  std::string block(512, '\0');
  block.replace(0, name.size(), name);
  char field[16];
  std::snprintf(field, sizeof field, "%011zo", size);
  block.replace(124, 11, field);
  block[156] = type;
  block.replace(257, 6, std::string("ustar\0", 6));
  std::memset(block.data() + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : block) sum += c;
  std::snprintf(field, sizeof field, "%06o", sum);
  block.replace(148, 7, std::string(field, 6) + '\0');
  return block;
}

std::string entry(const std::string& name, const std::string& data, char type = '0') {
  return ustar_header(name, data.size(), type) + data +
         std::string((512 - data.size() % 512) % 512, '\0');
}

}  // namespace

TEST_CASE("TarExtractor: unpacks what Go's archive/tar wrote, in any pieces", "[storage][tar]") {
  const auto tar = go_archive();
  REQUIRE(tar.size() == 3584);
  for (const std::size_t chunk : {1, 7, 511, 512, 513, 4096}) {
    INFO("chunk " << chunk);
    test::TempDir dir;
    CHECK(extract(tar, dir / "cache", chunk) == 2);
    CHECK(test::read_file(dir / "cache" / "p_aux") == "abc");
    CHECK(test::read_file(dir / "cache" / "sc-02-data-tree-r-last.dat") == std::string(600, 'x'));
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir / "cache"))
      ++count;
    CHECK(count == 2);
  }
}

TEST_CASE("TarExtractor: TarStream's archive of a cache directory comes back byte for byte",
          "[storage][tar]") {
  test::TempDir dir;
  const auto src = dir / "src";
  std::filesystem::create_directories(src);
  std::string big(3 << 20, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i % 251);
  std::ofstream(src / "sc-02-data-tree-r-last.dat", std::ios::binary) << big;
  std::ofstream(src / "p_aux", std::ios::binary) << std::string(64, 'p');
  std::ofstream(src / "empty", std::ios::binary);
  paths::TarStream stream(src);
  std::string tar;
  std::string buffer(100'000, '\0');
  while (auto n = stream.read(reinterpret_cast<std::uint8_t*>(buffer.data()), buffer.size()))
    tar.append(buffer, 0, n);
  CHECK(extract(tar, dir / "out", 65'536) == 3);
  CHECK(test::read_file(dir / "out" / "sc-02-data-tree-r-last.dat") == big);
  CHECK(test::read_file(dir / "out" / "p_aux") == std::string(64, 'p'));
  CHECK(std::filesystem::file_size(dir / "out" / "empty") == 0);
}

TEST_CASE("TarExtractor: hostile or broken archives are refused and write nothing outside",
          "[storage][tar]") {
  const std::string end(1024, '\0');
  const std::vector<std::pair<std::string, std::string>> refused{
      {"a name climbing out", entry("../evil", "x") + end},
      {"a path with a directory", entry("sub/evil", "x") + end},
      {"an absolute path", entry("/tmp/evil", "x") + end},
      {"the directory itself", entry(".", "") + end},
      {"a symlink", entry("link", "", '2') + end},
      {"a directory entry", entry("sub", "", '5') + end},
  };
  for (const auto& [what, tar] : refused) {
    INFO(what);
    test::TempDir dir;
    CHECK_THROWS_AS(extract(tar, dir / "out", 512), InvalidInput);
    CHECK_FALSE(std::filesystem::exists(dir / "evil"));
    CHECK_FALSE(std::filesystem::exists(dir / "out" / "sub"));
    CHECK_FALSE(std::filesystem::exists(dir / "out" / "link"));
  }

  test::TempDir dir;
  auto corrupt = entry("p_aux", "abc") + end;
  corrupt[0] = 'q';  // the checksum no longer matches
  CHECK_THROWS_WITH(extract(corrupt, dir / "a", 512), Catch::Contains("checksum"));

  // Cut inside the data, or without its end blocks: finish() refuses.
  const auto whole = entry("p_aux", std::string(1000, 'd')) + end;
  CHECK_THROWS_WITH(extract(whole.substr(0, 900), dir / "b", 512), Catch::Contains("ended before"));
  CHECK_THROWS_WITH(extract(whole.substr(0, 1536), dir / "c", 512),
                    Catch::Contains("ended before"));

  // A refused extractor refuses whatever comes after.
  paths::TarExtractor extractor(dir / "d");
  const auto bad = entry("../x", "1");
  CHECK_THROWS_AS(extractor.write(reinterpret_cast<const std::uint8_t*>(bad.data()), bad.size()),
                  InvalidInput);
  CHECK_THROWS_AS(extractor.write(reinterpret_cast<const std::uint8_t*>(end.data()), end.size()),
                  InvalidInput);
  CHECK_THROWS_AS(extractor.finish(), InvalidInput);
}
