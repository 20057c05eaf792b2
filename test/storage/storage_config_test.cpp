// storage.json and sectorstore.json in Go's JSON layout.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <sstream>

#include "common/uuid.hpp"
#include "common/error.hpp"
#include "storage/paths/local_storage_meta.hpp"
#include "storage/paths/storage_config.hpp"
#include "test/support/files.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera::paths;
using tessera::new_uuid_v4;

namespace {

template <typename F>
std::string invalid_message(F&& f) {
  try {
    f();
  } catch (const tessera::InvalidInput& e) {
    return e.what();
  }
  return "no InvalidInput";
}

}  // namespace

TEST_CASE("storage.json is written as Go json.MarshalIndent", "[repo]") {
  // Layout of `json.MarshalIndent(StorageConfig{...}, "", "  ")` (lotus-compat.md §1.1).
  StorageConfig cfg{{"/home/u/.lotusminer"}};
  CHECK(storage_config_to_json(cfg) ==
        "{\n  \"StoragePaths\": [\n    {\n      \"Path\": \"/home/u/.lotusminer\"\n    }\n  ]\n}");
  CHECK(storage_config_to_json(StorageConfig{}) == "{\n  \"StoragePaths\": null\n}");

  tessera::test::TempDir dir;
  auto file = dir / "storage.json";
  CHECK_THROWS_AS(read_storage_config(file), tessera::NotFound);
  CHECK(add_storage_path(file, "/a"));
  CHECK(add_storage_path(file, "/b"));
  CHECK_FALSE(add_storage_path(file, "/a"));
  CHECK(read_storage_config(file).storage_paths == std::vector<std::string>{"/a", "/b"});
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);

  // init restore's placeholder entry with an empty path, and extra keys, are accepted.
  CHECK(storage_config_from_json(R"({"StoragePaths":[{"Path":""}],"X":1})", "s").storage_paths ==
        std::vector<std::string>{""});
  CHECK(storage_config_from_json(R"({"StoragePaths":null})", "s").storage_paths.empty());

  std::ofstream(file) << "{\"StoragePaths\": [{\"Path\": 5}]}";
  CHECK(invalid_message([&] { read_storage_config(file); }).find(file.string()) !=
        std::string::npos);
  std::ofstream(file) << "{\"StoragePaths\": ";
  CHECK(invalid_message([&] { read_storage_config(file); }).find(file.string()) !=
        std::string::npos);
  CHECK_THROWS_AS(storage_config_from_json("[]", "s"), tessera::InvalidInput);
  CHECK_THROWS_AS(storage_config_from_json(R"({"StoragePaths":{}})", "s"), tessera::InvalidInput);
}

TEST_CASE("sectorstore.json follows Go field order and null slices", "[repo]") {
  LocalStorageMeta meta;
  meta.id = "76f1988b-ef30-4d7e-b3ec-9a627f4ba5a8";
  meta.weight = 10;
  meta.can_seal = true;
  meta.can_store = true;
  CHECK(local_storage_meta_to_json(meta) ==
        "{\n"
        "  \"ID\": \"76f1988b-ef30-4d7e-b3ec-9a627f4ba5a8\",\n"
        "  \"Weight\": 10,\n"
        "  \"CanSeal\": true,\n"
        "  \"CanStore\": true,\n"
        "  \"MaxStorage\": 0,\n"
        "  \"Groups\": null,\n"
        "  \"AllowTo\": null,\n"
        "  \"AllowTypes\": null,\n"
        "  \"DenyTypes\": null,\n"
        "  \"AllowMiners\": null,\n"
        "  \"DenyMiners\": null\n"
        "}");
  meta.groups = {"g1"};
  meta.deny_types = {"update", "update-cache"};
  meta.max_storage = 1ull << 40;

  tessera::test::TempDir dir;
  auto file = dir / "sectorstore.json";
  CHECK_THROWS_AS(read_local_storage_meta(file), tessera::NotFound);
  write_local_storage_meta(file, meta);
  CHECK(read_local_storage_meta(file) == meta);
  CHECK(tessera::test::read_file(file).find("\"Groups\": [\n    \"g1\"\n  ]") != std::string::npos);

  // A lotus v1.13.2 file has only the first seven keys.
  LocalStorageMeta old = local_storage_meta_from_json(
      R"({"ID":"x","Weight":10,"CanSeal":false,"CanStore":true,"MaxStorage":0,"Groups":null,)"
      R"("AllowTo":null})",
      "old");
  CHECK(old.id == "x");
  CHECK(old.can_store);
  CHECK(old.allow_types.empty());

  std::ofstream(file) << R"({"ID":"x","Weight":"10"})";
  std::string msg = invalid_message([&] { read_local_storage_meta(file); });
  CHECK(msg.find(file.string()) != std::string::npos);
  CHECK(msg.find("Weight") != std::string::npos);
  CHECK_THROWS_AS(local_storage_meta_from_json(R"({"Weight":-1})", "m"), tessera::InvalidInput);
  CHECK_THROWS_AS(local_storage_meta_from_json(R"({"CanSeal":1})", "m"), tessera::InvalidInput);
  CHECK_THROWS_AS(local_storage_meta_from_json(R"({"Groups":[1]})", "m"), tessera::InvalidInput);
  CHECK_THROWS_AS(local_storage_meta_from_json(R"({"ID":5})", "m"), tessera::InvalidInput);
  CHECK_THROWS_AS(local_storage_meta_from_json("{", "m"), tessera::InvalidInput);
}

TEST_CASE("new_uuid_v4 sets the version and variant bits", "[repo]") {
  const std::regex shape("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::string a = new_uuid_v4();
  std::string b = new_uuid_v4();
  CHECK(std::regex_match(a, shape));
  CHECK(std::regex_match(b, shape));
  CHECK(a != b);
}
