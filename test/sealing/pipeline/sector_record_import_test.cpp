// Going back to one miner: a Seal-miner's finished sector records taken from its offline backup
// into the miner that goes on alone, through `lotus-miner sectors import-records` on real repos
// and LevelDB stores, and every refusal leaving the repo as it was.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "cli/command.hpp"
#include "cli/commands.hpp"
#include "common/error.hpp"
#include "sealing/pipeline/sector_record_import.hpp"
#include "storage/datastore/backup.hpp"
#include "storage/datastore/keys.hpp"
#include "storage/datastore/miner_records.hpp"
#include "storage/datastore/sector_info.hpp"
#include "storage/repo/repo.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;

namespace {

Bytes record(std::uint64_t number, const std::string& state) {
  datastore::SectorInfo info;
  info.sector_number = number;
  info.state = state;
  info.sector_type = 5;
  return datastore::encode_sector_info(info);
}

// A miner repo of actor f0<actor> holding entries.
std::filesystem::path make_repo(const std::filesystem::path& path, std::uint64_t actor,
                                const std::vector<datastore::Entry>& entries = {}) {
  repo::Repo::init(path);
  auto locked = repo::Repo::lock(path);
  auto store = datastore::MetadataStore::open(locked->datastore_path("metadata"));
  datastore::write_miner_id(*store, actor);
  store->put_all(entries);
  return path;
}

std::vector<datastore::Entry> entries_of(const std::filesystem::path& path,
                                         std::string_view prefix) {
  auto locked = repo::Repo::lock(path);
  return datastore::MetadataStore::open(locked->datastore_path("metadata"))->list(prefix);
}

struct Output {
  int code;
  std::string out, err;
};

Output run(const std::vector<std::string>& args) {
  const auto app = cli::make_miner_app();
  std::ostringstream out, err;
  const int code = cli::run_command_line(app, args, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("import-records: a Seal-miner's finished sectors join the root's repo, once",
          "[pipeline][import]") {
  test::TempDir dir;
  const auto root = make_repo(dir / "root", 1001, {{"/sectors/7", record(7, "Proving")}});
  const auto seal = make_repo(dir / "seal", 1001,
                              {{"/sectors/0", record(0, "Proving")},
                               {"/sectors/1", record(1, "Removed")},
                               {"/sectors/2", record(2, "Available")},
                               {"/stmgr/calls/abc", Bytes{1, 2, 3}},
                               {"/storage/nextid", Bytes{9}}});
  const auto backup = dir / "seal.cbor";
  {
    auto locked = repo::Repo::lock(seal);
    datastore::write_backup_file(
        *datastore::MetadataStore::open(locked->datastore_path("metadata")), backup);
  }

  const auto first =
      run({"--miner-repo", root.string(), "sectors", "import-records", backup.string()});
  INFO(first.out << first.err);
  REQUIRE(first.code == 0);
  CHECK(first.out ==
        "Imported 3 sector records (0 already present) from " + backup.string() + "\n");
  const auto sectors = entries_of(root, datastore::kSectorsPrefix);
  REQUIRE(sectors.size() == 4);
  CHECK(sectors[0] == datastore::Entry{"/sectors/0", record(0, "Proving")});
  CHECK(sectors[3] == datastore::Entry{"/sectors/7", record(7, "Proving")});
  CHECK(entries_of(root, "/stmgr/").empty());  // only sector records travel
  CHECK(datastore::read_next_id(
            *datastore::MetadataStore::open(repo::Repo::lock(root)->datastore_path("metadata")))
            .has_value() == false);

  const auto again =
      run({"--miner-repo", root.string(), "sectors", "import-records", backup.string()});
  CHECK(again.code == 0);
  CHECK(again.out ==
        "Imported 0 sector records (3 already present) from " + backup.string() + "\n");

  // A corrupt backup (one byte flipped) is refused by its checksum; nothing changes.
  std::ifstream in(backup, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  bytes[bytes.size() / 2] ^= 0x40;
  std::ofstream(dir / "corrupt.cbor", std::ios::binary) << bytes;
  const auto corrupt = run({"--miner-repo", root.string(), "sectors", "import-records",
                            (dir / "corrupt.cbor").string()});
  CHECK(corrupt.code != 0);
  CHECK(entries_of(root, datastore::kSectorsPrefix).size() == 4);
  CHECK(run({"--miner-repo", root.string(), "sectors", "import-records",
             (dir / "missing.cbor").string()})
            .code != 0);
}

TEST_CASE("import-records refuses another actor, unfinished sectors, conflicts and bad records",
          "[pipeline][import]") {
  test::TempDir dir;
  const auto root = make_repo(dir / "root", 1001, {{"/sectors/4", record(4, "Proving")}});
  const auto own_address = entries_of(root, datastore::kMinerAddressKey).at(0);
  auto locked = repo::Repo::lock(root);
  auto store = datastore::MetadataStore::open(locked->datastore_path("metadata"));
  const auto before = store->list("");
  const auto refused = [&](const std::vector<datastore::Entry>& backup, const std::string& what) {
    CHECK_THROWS_WITH(pipeline::import_sector_records(*store, backup), Catch::Contains(what));
    CHECK(store->list("") == before);
  };

  refused({{"/sectors/0", record(0, "Proving")}}, "no /miner-address");
  datastore::Entry other = own_address;
  other.second.back() ^= 1;
  refused({other, {"/sectors/0", record(0, "Proving")}}, "another miner actor");
  refused({own_address,
           {"/sectors/0", record(0, "Proving")},
           {"/sectors/1", record(1, "PreCommit2")},
           {"/sectors/2", record(2, "WaitSeed")}},
          "sectors 1, 2 are still sealing");
  refused({own_address, {"/sectors/0", record(0, "Proving")}, {"/sectors/4", record(4, "Removed")}},
          "already holds other records for sectors 4");
  refused({own_address, {"/sectors/0", Bytes{0xa1, 0x00}}}, "backup record /sectors/0");
  refused({own_address, {"/sectors/3", record(5, "Proving")}}, "holds sector 5");
  CHECK_THROWS_AS(
      pipeline::import_sector_records(*store, {own_address, {"/sectors/4", record(4, "Removed")}}),
      Conflict);

  const auto same = pipeline::import_sector_records(
      *store,
      {own_address, {"/sectors/4", record(4, "Proving")}, {"/sectors/9", record(9, "Proving")}});
  CHECK(same.imported == 1);
  CHECK(same.already_present == 1);
}
