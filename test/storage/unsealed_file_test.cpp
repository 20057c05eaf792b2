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
