#include <signal.h>
#include <sys/resource.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "common/error.hpp"
#include "sealing/porep/tree_file_writer.hpp"
#include "sealing/porep/tree_store.hpp"
#include "test/support/device_under_test.hpp"
#include "test/support/files.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::porep;

namespace {

constexpr std::size_t kPiece = 64 << 10;

bool temporary_exists(const std::filesystem::path& path) {
  return std::filesystem::exists(path.string() + ".tmp");
}

// RLIMIT_FSIZE for this process while it lives, with SIGXFSZ ignored so that a write past it
// fails (EFBIG) instead of killing the process; both restored after.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    saved_handler_ = ::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{bytes, saved_.rlim_max};
    ok_ = ::setrlimit(RLIMIT_FSIZE, &limit) == 0;
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    ::signal(SIGXFSZ, saved_handler_);
  }
  bool ok() const { return ok_; }

 private:
  rlimit saved_{};
  sighandler_t saved_handler_;
  bool ok_ = false;
};

}  // namespace

TEST_CASE("the tree file writer puts each file in place whole, once finished and written",
          "[tree][writer]") {
  test::TempDir dir;
  constexpr std::size_t kPieces = 16;
  constexpr std::size_t kBound = 4 * kPiece;
  TreeFileWriter writer(3, kBound);
  std::vector<std::filesystem::path> paths{dir / "a", dir / "b", dir / "c"};
  std::vector<Bytes> expected;
  std::vector<TreeFileWriter::FileId> files;
  for (std::size_t f = 0; f < paths.size(); ++f) {
    expected.push_back(test::random_nodes(kPieces * kPiece / 32, f));
    files.push_back(writer.create(paths[f], kPieces * kPiece));
  }
  // Piece 5 of "b" is never written: it stays zero, as a sized file's unwritten bytes do.
  std::fill_n(expected[1].begin() + 5 * kPiece, kPiece, 0);
  // Every piece of the three files, queued in a shuffled order.
  std::vector<std::pair<std::size_t, std::size_t>> pieces;
  for (std::size_t f = 0; f < paths.size(); ++f)
    for (std::size_t p = 0; p < kPieces; ++p)
      if (!(f == 1 && p == 5)) pieces.emplace_back(f, p);
  std::shuffle(pieces.begin(), pieces.end(), std::mt19937(7));
  for (const auto& [f, p] : pieces) {
    const auto from = expected[f].begin() + static_cast<std::ptrdiff_t>(p * kPiece);
    writer.write(files[f], p * kPiece, Bytes(from, from + kPiece));
  }
  for (const auto& path : paths) CHECK_FALSE(std::filesystem::exists(path));  // none finished yet

  writer.finish(files[0]);
  writer.finish(files[1]);
  writer.abandon(files[2]);
  writer.wait();
  CHECK(test::read_bytes(paths[0]) == expected[0]);
  CHECK(test::read_bytes(paths[1]) == expected[1]);
  CHECK_FALSE(std::filesystem::exists(paths[2]));
  for (const auto& path : paths) CHECK_FALSE(temporary_exists(path));
  CHECK(writer.peak_queued_bytes() > 0);
  CHECK(writer.peak_queued_bytes() <= kBound);

  // A finished file takes no more rows and is not given up.
  CHECK_THROWS_AS(writer.write(files[0], 0, Bytes(32)), InvalidInput);
  writer.abandon(files[0]);
  writer.wait();
  CHECK(test::read_bytes(paths[0]) == expected[0]);
}

TEST_CASE("a tree file writer destroyed without waiting finishes what was finished only",
          "[tree][writer]") {
  test::TempDir dir;
  const Bytes data = test::random_nodes(8 * kPiece / 32, 3);
  {
    TreeFileWriter writer;
    const auto finished = writer.create(dir / "finished", data.size());
    const auto unfinished = writer.create(dir / "unfinished", data.size());
    for (std::size_t at = 0; at < data.size(); at += kPiece) {
      const auto from = data.begin() + static_cast<std::ptrdiff_t>(at);
      writer.write(finished, at, Bytes(from, from + kPiece));
      writer.write(unfinished, at, Bytes(from, from + kPiece));
    }
    writer.finish(finished);
  }
  CHECK(test::read_bytes(dir / "finished") == data);
  CHECK_FALSE(std::filesystem::exists(dir / "unfinished"));
  CHECK_FALSE(temporary_exists(dir / "unfinished"));
  CHECK_FALSE(temporary_exists(dir / "finished"));
}

TEST_CASE("a failed write reaches the caller, stops the tree file writer and leaves no file",
          "[tree][writer]") {
  test::TempDir dir;
  TreeFileWriter writer(2, 4 * kPiece);
  const auto done = writer.create(dir / "done", kPiece);
  writer.write(done, 0, Bytes(kPiece, 1));
  writer.finish(done);
  writer.wait();

  constexpr std::uint64_t kMiB = 1 << 20;
  const auto big = writer.create(dir / "big", 64 * kMiB);  // sparse, sized before the limit
  std::string failure = "no failure";
  {
    FileSizeLimit limit(48 * kMiB);  // a write at 48 MiB or past it fails (EFBIG)
    REQUIRE(limit.ok());
    try {
      for (const std::uint64_t at : {0, 16, 32, 48, 56})
        writer.write(big, at * kMiB, Bytes(kPiece, 2));
      writer.finish(big);
      writer.wait();
    } catch (const IoError& e) {
      failure = e.what();
    }
  }
  {  // a file that cannot be sized is refused at once and leaves nothing
    FileSizeLimit limit(48 * kMiB);
    REQUIRE(limit.ok());
    TreeFileWriter other;
    CHECK_THROWS_AS(other.create(dir / "huge", 64 * kMiB), IoError);
  }
  CHECK_FALSE(temporary_exists(dir / "huge"));
  CHECK_THAT(failure, Catch::Contains("big.tmp"));
  writer.abandon(big);
  // The pool takes nothing more and keeps reporting the failure.
  CHECK_THROWS_AS(writer.create(dir / "later", kPiece), IoError);
  CHECK_THROWS_AS(writer.wait(), IoError);
  CHECK(test::read_bytes(dir / "done") == Bytes(kPiece, 1));  // finished before the failure: kept
  CHECK_FALSE(std::filesystem::exists(dir / "big"));
  CHECK_FALSE(temporary_exists(dir / "big"));
  CHECK_FALSE(std::filesystem::exists(dir / "later"));
  CHECK_FALSE(temporary_exists(dir / "later"));
}

TEST_CASE("a tree file that cannot be put in place is an IoError and leaves nothing behind",
          "[tree][writer]") {
  test::TempDir dir;
  // A directory that is not empty stands where the file goes: the rename fails (EISDIR).
  const auto path = dir / "sc-02-data-tree-c.dat";
  std::filesystem::create_directories(path / "occupied");
  const Bytes leaves = test::random_nodes(64, 4);
  const LeafReader read = [&](std::uint64_t first, std::size_t count, std::uint8_t* out) {
    std::copy_n(leaves.begin() + static_cast<std::ptrdiff_t>(first * 32), count * 32, out);
  };
  const TreeLayout layout{crypto::TreeHash::kPoseidon, 8, 64, true, 0};
  CHECK_THROWS_AS(write_tree_file(layout, read, path), IoError);
  CHECK(std::filesystem::is_directory(path / "occupied"));
  CHECK_FALSE(temporary_exists(path));

  // Through a shared writer the failure comes at wait(), and a later tree is refused.
  TreeFileWriter writer;
  write_tree_file(layout, read, path, {}, nullptr, nullptr, &writer);
  CHECK_THROWS_AS(writer.wait(), IoError);
  CHECK_FALSE(temporary_exists(path));
  CHECK_THROWS_AS(write_tree_file(layout, read, dir / "next", {}, nullptr, nullptr, &writer),
                  IoError);
  CHECK_FALSE(std::filesystem::exists(dir / "next"));
  CHECK_FALSE(temporary_exists(dir / "next"));
}
