#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <fstream>

#include "common/error.hpp"
#include "storage/paths/unsealed_file.hpp"
#include "test/support/process.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;

namespace {

// A 2 KiB unsealed file whose first 1024 padded bytes hold the byte pattern i % 251.
Bytes write_unsealed(const std::filesystem::path& path) {
  Bytes data(1024);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i % 251);
  paths::UnsealedFileWriter writer(path, 2048);
  writer.write(data.data(), data.size());
  writer.finish(chain::BitField::from_runs({0, 1024}));
  data.resize(2048, 0);
  return data;
}

}  // namespace

TEST_CASE("unsealed files: write, read, trailer and streamed extraction", "[storage][unsealed]") {
  test::TempDir dir;
  const auto data = write_unsealed(dir / "unsealed");

  auto file = paths::read_unsealed_file(dir / "unsealed", 2048);
  CHECK(file.padded == data);
  CHECK(file.allocated.to_runs() == std::vector<std::uint64_t>{0, 1024});
  CHECK(paths::read_unsealed_trailer(dir / "unsealed", 2048).to_runs() ==
        std::vector<std::uint64_t>{0, 1024});

  auto allocated = paths::extract_unsealed_data(dir / "unsealed", 2048, dir / "staged");
  CHECK(allocated.to_runs() == std::vector<std::uint64_t>{0, 1024});
  CHECK(test::read_file(dir / "staged") == std::string(data.begin(), data.end()));
}

TEST_CASE("unsealed files: wrong sector size, truncation and missing files are refused",
          "[storage][unsealed]") {
  test::TempDir dir;
  write_unsealed(dir / "unsealed");
  CHECK_THROWS_WITH(paths::read_unsealed_trailer(dir / "unsealed", 1024),
                    Catch::Contains("does not match a 1024-byte sector"));
  CHECK_THROWS_WITH(paths::extract_unsealed_data(dir / "unsealed", 8 << 20, dir / "staged"),
                    Catch::Contains("is truncated"));
  CHECK_FALSE(std::filesystem::exists(dir / "staged"));
  CHECK_THROWS_AS(paths::read_unsealed_file(dir / "missing", 2048), NotFound);

  std::filesystem::resize_file(dir / "unsealed", 2048 + 2);
  CHECK_THROWS_AS(paths::read_unsealed_file(dir / "unsealed", 2048), InvalidInput);
}

TEST_CASE("unsealed files: a writer killed mid-file leaves no file under the sector's name",
          "[storage][unsealed][kill]") {
  test::TempDir dir;
  const auto path = dir / "s-t01000-1";
  // The child writes half the data and dies without unwinding, as kill -9 leaves it.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    paths::UnsealedFileWriter writer(path, 2048);
    const Bytes half(1024, 7);
    writer.write(half.data(), half.size());
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK(std::filesystem::file_size(dir / "s-t01000-1.tmp") == 1024);

  // The call running again writes the file whole over what the killed one left.
  const auto data = write_unsealed(path);
  CHECK(paths::read_unsealed_file(path, 2048).padded == data);
  CHECK_FALSE(std::filesystem::exists(dir / "s-t01000-1.tmp"));

  // A finished file is never overwritten, and a writer given up removes its partial file.
  CHECK_THROWS_AS(paths::UnsealedFileWriter(path, 2048), Conflict);
  CHECK(paths::read_unsealed_file(path, 2048).padded == data);
  {
    paths::UnsealedFileWriter writer(dir / "other", 2048);
    const Bytes some(64, 1);
    writer.write(some.data(), some.size());
  }
  CHECK_FALSE(std::filesystem::exists(dir / "other"));
  CHECK_FALSE(std::filesystem::exists(dir / "other.tmp"));
}
