// The sector index: attach (URLs merged), declare/find/drop, allocation by space and weight,
// unhealthy paths skipped, lotus's JSON shapes, what survives a restart (persisted paths and
// declarations, not URLs), and durability: a change whose datastore write fails changes nothing,
// and readers never see a change that is not persisted yet.
#include <leveldb/env.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <latch>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/error.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/index/sector_index.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::paths;

namespace {

constexpr std::uint64_t kSector = 2048;
constexpr auto kSealed = static_cast<std::uint32_t>(FileType::kSealed);
constexpr auto kCache = static_cast<std::uint32_t>(FileType::kCache);

StorageInfo path_info(const std::string& id, bool seal, bool store, std::uint64_t weight) {
  StorageInfo i;
  i.id = id;
  i.urls = {"http://127.0.0.1:1/remote"};
  i.weight = weight;
  i.can_seal = seal;
  i.can_store = store;
  return i;
}

FsStat with_available(std::int64_t available) {
  return FsStat{.capacity = 1 << 30, .available = available, .fs_available = available};
}

}  // namespace

TEST_CASE("sector index: attach, declare, find and drop", "[sectorindex]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "md");
  SectorIndex index(store.get());
  index.attach(path_info("a", true, true, 10), with_available(1 << 20));
  auto b = path_info("b", false, true, 10);
  b.urls = {"http://127.0.0.1:2/remote"};
  index.attach(b, with_available(1 << 20));
  b.urls = {"http://127.0.0.1:3/remote"};  // a second process announcing the same path
  index.attach(b, with_available(1 << 20));
  CHECK(index.info("b").urls ==
        std::vector<std::string>{"http://127.0.0.1:2/remote", "http://127.0.0.1:3/remote"});
  CHECK_THROWS_AS(index.info("zzz"), NotFound);

  const SectorId s{1000, 7};
  index.declare("b", s, kSealed | kCache, true);
  const auto found = index.find(s, kSealed, kSector, false);
  REQUIRE(found.size() == 1);
  CHECK(found[0].id == "b");
  CHECK(found[0].primary);
  // URLs = base URL + /<type>/<sector name> (lotus storiface).
  CHECK(found[0].urls[0] == "http://127.0.0.1:2/remote/sealed/s-t01000-7");
  CHECK(found[0].base_urls.size() == 2);
  // With allow_fetch, paths that could take it come after, not primary.
  const auto fetch = index.find(s, kSealed, kSector, true);
  REQUIRE(fetch.size() == 2);
  CHECK(fetch[1].id == "a");
  CHECK_FALSE(fetch[1].primary);
  // StorageList's shape.
  CHECK(index.list().at("b").size() == 2);
  index.drop("b", s, kCache);
  CHECK(index.list().at("b").size() == 1);
  CHECK(index.find(s, kCache, kSector, false).empty());
  // An unhealthy path is skipped.
  index.report_health("b", with_available(1 << 20), "disk on fire");
  CHECK(index.find(s, kSealed, kSector, false).empty());
  index.report_health("b", with_available(1 << 20), "");
  CHECK(index.find(s, kSealed, kSector, false).size() == 1);
  CHECK_THROWS_AS(index.declare("nope", s, kSealed, true), NotFound);
  CHECK_THROWS_AS(index.declare("b", s, 64, true), InvalidInput);  // beyond update-cache
}

TEST_CASE("sector index: best allocation by room, role and weight", "[sectorindex]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "md");
  SectorIndex index(store.get());
  // Sealing a 2 KiB sector's sealed + cache takes (10 + 141) / 10 × 2048 = 30924 bytes.
  index.attach(path_info("small", true, true, 10), with_available(30923));
  index.attach(path_info("heavy", true, false, 100), with_available(40000));
  index.attach(path_info("light", true, true, 10), with_available(300000));
  index.attach(path_info("store-only", false, true, 10), with_available(1 << 30));
  const auto sealing = index.best_alloc(kSealed | kCache, kSector, true);
  REQUIRE(sealing.size() == 2);
  CHECK(sealing[0].id == "heavy");  // 40000 × 100 > 300000 × 10
  CHECK(sealing[1].id == "light");
  const auto storing = index.best_alloc(kSealed | kCache, kSector, false);
  REQUIRE(storing.size() == 3);
  CHECK(storing[0].id == "store-only");
  // A denied type is not allocated there.
  auto picky = path_info("picky", true, true, 1000);
  picky.deny_types = {"cache"};
  index.attach(picky, with_available(1 << 30));
  CHECK(index.best_alloc(kSealed | kCache, kSector, true)[0].id != "picky");
  CHECK(index.best_alloc(kSealed, kSector, true)[0].id == "picky");
}

TEST_CASE("sector index: paths and declarations survive a restart, URLs do not", "[sectorindex]") {
  test::TempDir dir;
  const SectorId s{1000, 3};
  {
    auto store = datastore::MetadataStore::open(dir / "md");
    SectorIndex index(store.get());
    index.attach(path_info("a", true, true, 10), with_available(1 << 20));
    index.attach(path_info("gone", true, true, 10), with_available(1 << 20));
    index.declare("a", s, kSealed, true);
    index.declare("gone", s, kCache, false);
    index.detach("gone", "http://127.0.0.1:1/remote");  // its last URL: the path goes
  }
  auto store = datastore::MetadataStore::open(dir / "md");
  SectorIndex index(store.get());
  const auto list = index.list();
  REQUIRE(list.size() == 1);
  REQUIRE(list.at("a").size() == 1);
  CHECK(list.at("a")[0].sector == s);
  CHECK(list.at("a")[0].primary);
  CHECK(index.info("a").urls.empty());
  CHECK(index.info("a").can_seal);
  CHECK(to_json(index.info("a"))["URLs"].is_null());  // Go writes empty slices as null
}

TEST_CASE("sector file names and types", "[sectorindex]") {
  CHECK(sector_name({1000, 5}) == "s-t01000-5");
  CHECK(parse_sector_name("s-t01000-5") == SectorId{1000, 5});
  for (const char* bad :
       {"s-t01000", "s-t0-5", "s-t01000-5x", "s-t01000-05", "x-t01000-5", "s-t01000-5/..", ""}) {
    INFO(bad);
    CHECK_FALSE(parse_sector_name(bad));
  }
  CHECK(file_type_name(FileType::kUpdateCache) == "update-cache");
  CHECK(file_type_from_name("cache") == FileType::kCache);
  CHECK_FALSE(file_type_from_name("piece"));
  // lotus storiface FSOverheadSeal: cache 141/10 of the sector size while sealing, 1/10 after.
  CHECK(space_use(FileType::kCache, 2048, true) == 28876);
  CHECK(space_use(FileType::kCache, 2048, false) == 204);
}

namespace {

// What a mirror can be compared on: every path's info, stat and declarations, and a find.
std::string summary(const SectorIndex& index) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [id, decls] : index.list()) {
    auto& entry = out[id];
    entry["info"] = to_json(index.info(id));
    entry["stat"] = to_json(index.stat(id));
    for (const auto& d : decls)
      entry["decls"].push_back({d.sector.number, static_cast<int>(d.type), d.primary});
    for (const auto& f : index.find(SectorId{1000, 1}, kSealed, kSector, false))
      entry["found"].push_back(f.id);
  }
  return out.dump();
}

}  // namespace

TEST_CASE("sector index: a mirror replaying the pushed changes equals the index", "[sectorindex]") {
  SectorIndex root(nullptr);
  std::vector<nlohmann::json> changes;
  root.on_change([&](const nlohmann::json& change) { changes.push_back(change); });
  root.attach(path_info("a", true, true, 10), with_available(1 << 20));
  auto b = path_info("b", false, true, 5);
  root.attach(b, with_available(1 << 21));
  b.urls = {"http://127.0.0.1:9/remote"};
  root.attach(b, with_available(1 << 22));
  root.declare("a", SectorId{1000, 1}, kSealed | kCache, true);
  root.declare("b", SectorId{1000, 1}, kSealed, false);
  root.declare("b", SectorId{1000, 2}, kSealed | kCache, true);
  root.drop("b", SectorId{1000, 2}, kCache);
  root.report_health("a", with_available(1 << 19), "disk on fire");
  root.detach("b", "http://127.0.0.1:9/remote");  // b keeps its first URL
  root.attach(path_info("c", true, false, 1), with_available(1 << 20));
  root.declare("c", SectorId{1000, 3}, kSealed, true);
  root.detach("c", "http://127.0.0.1:1/remote");  // c goes, with its declaration
  REQUIRE(changes.size() == 12);

  SectorIndex mirror(nullptr);
  for (const auto& change : changes) mirror.apply_change(change);
  CHECK(summary(mirror) == summary(root));

  // A mirror loaded from a snapshot part way through, then given changes it partly holds
  // already (as RemoteIndex replays what arrived while it loaded), ends the same.
  for (std::size_t snapshot = 0; snapshot <= changes.size(); ++snapshot) {
    for (std::size_t replay_from = 0; replay_from <= snapshot; ++replay_from) {
      SectorIndex late(nullptr);
      for (std::size_t i = 0; i < snapshot; ++i) late.apply_change(changes[i]);
      for (std::size_t i = replay_from; i < changes.size(); ++i) late.apply_change(changes[i]);
      CAPTURE(snapshot, replay_from);
      CHECK(summary(late) == summary(root));
    }
  }

  // Changes to a path the mirror lacks are skipped; malformed ones are refused.
  SectorIndex empty(nullptr);
  empty.apply_change(changes[3]);  // a declare on "a"
  CHECK(empty.list().empty());
  CHECK_THROWS_AS(empty.apply_change(nlohmann::json{{"Change", "explode"}, {"ID", "a"}}),
                  InvalidInput);
  CHECK_THROWS_AS(empty.apply_change(nlohmann::json{{"ID", "a"}}), InvalidInput);
  CHECK_THROWS_AS(mirror.apply_change(nlohmann::json{{"Change", "declare"},
                                                     {"ID", "a"},
                                                     {"Sector", to_json(SectorId{1000, 9})},
                                                     {"Types", 1}}),
                  InvalidInput);  // no Primary
}

TEST_CASE("sector index: StorageList declarations in lotus's Decl shape, both ways",
          "[sectorindex]") {
  const Declaration d{SectorId{1000, 7}, FileType::kCache, true};
  const auto j = to_json(d);
  CHECK(j == nlohmann::json{{"Miner", 1000}, {"Number", 7}, {"SectorFileType", kCache}});
  const auto back = declaration_from_json(j);
  CHECK(back.sector == d.sector);
  CHECK(back.type == FileType::kCache);
  CHECK_FALSE(back.primary);  // StorageList does not say
  // Two types, none, a type past update-cache, a missing field: refused.
  for (const auto& bad :
       {nlohmann::json{{"Miner", 1}, {"Number", 2}, {"SectorFileType", kSealed | kCache}},
        nlohmann::json{{"Miner", 1}, {"Number", 2}, {"SectorFileType", 0}},
        nlohmann::json{{"Miner", 1}, {"Number", 2}, {"SectorFileType", 64}},
        nlohmann::json{{"Miner", 1}, {"SectorFileType", kSealed}}}) {
    CAPTURE(bad.dump());
    CHECK_THROWS_AS(declaration_from_json(bad), InvalidInput);
  }
}

namespace {

// LevelDB's default environment, but every append to a file it writes fails while `failing`
// is set: the datastore's synced writes then fail as on a full or broken disk.
class FailingEnv : public leveldb::EnvWrapper {
 public:
  FailingEnv() : EnvWrapper(leveldb::Env::Default()) {}
  std::atomic<bool> failing{false};

  leveldb::Status NewWritableFile(const std::string& name, leveldb::WritableFile** out) override {
    return wrap(target()->NewWritableFile(name, out), out);
  }
  leveldb::Status NewAppendableFile(const std::string& name, leveldb::WritableFile** out) override {
    return wrap(target()->NewAppendableFile(name, out), out);
  }

 private:
  class File : public leveldb::WritableFile {
   public:
    File(leveldb::WritableFile* base, const std::atomic<bool>& failing)
        : base_(base), failing_(failing) {}
    leveldb::Status Append(const leveldb::Slice& data) override {
      if (failing_) return leveldb::Status::IOError("injected write failure");
      return base_->Append(data);
    }
    leveldb::Status Close() override { return base_->Close(); }
    leveldb::Status Flush() override { return base_->Flush(); }
    leveldb::Status Sync() override { return base_->Sync(); }

   private:
    std::unique_ptr<leveldb::WritableFile> base_;
    const std::atomic<bool>& failing_;
  };
  leveldb::Status wrap(leveldb::Status status, leveldb::WritableFile** out) {
    if (status.ok()) *out = new File(*out, failing);
    return status;
  }
};

// What the datastore keeps of an index: the paths' IDs, capabilities and declarations.
std::string persisted_view(const SectorIndex& index) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [id, decls] : index.list()) {
    auto& entry = out[id];
    entry["seal"] = index.info(id).can_seal;
    entry["decls"] = nlohmann::json::array();
    for (const auto& d : decls)
      entry["decls"].push_back({d.sector.number, static_cast<int>(d.type), d.primary});
  }
  return out.dump();
}

}  // namespace

TEST_CASE("sector index: a change whose durable write fails leaves the index unchanged",
          "[sectorindex]") {
  test::TempDir dir;
  FailingEnv env;
  const SectorId s1{1000, 1}, s2{1000, 2}, s3{1000, 3};
  std::string before;
  {
    auto store = datastore::MetadataStore::open(dir / "md", &env);
    SectorIndex index(store.get());
    std::vector<nlohmann::json> changes;
    index.on_change([&](const nlohmann::json& change) { changes.push_back(change); });
    index.attach(path_info("a", true, true, 10), with_available(1 << 20));
    index.attach(path_info("b", true, true, 10), with_available(1 << 20));
    index.declare("a", s1, kSealed, true);
    before = summary(index);
    const auto before_persisted = persisted_view(index);
    const auto notified = changes.size();

    env.failing = true;
    CHECK_THROWS_AS(index.declare("a", s2, kSealed | kCache, true), IoError);
    CHECK_THROWS_AS(index.drop("a", s1, kSealed), IoError);
    CHECK_THROWS_AS(index.attach(path_info("c", true, true, 10), with_available(1)), IoError);
    auto a_again = path_info("a", true, true, 10);
    a_again.urls = {"http://127.0.0.1:7/remote"};
    CHECK_THROWS_AS(index.attach(a_again, with_available(1)), IoError);
    CHECK_THROWS_AS(index.detach("b", "http://127.0.0.1:1/remote"), IoError);
    CHECK(summary(index) == before);
    CHECK(changes.size() == notified);  // nothing announced either

    env.failing = false;  // the disk is back: the index goes on from where it was
    index.declare("a", s3, kCache, false);
    CHECK(index.list().at("a").size() == 2);
    CHECK(changes.size() == notified + 1);
    before = persisted_view(index);
    CHECK(before != before_persisted);
  }
  auto store = datastore::MetadataStore::open(dir / "md");
  SectorIndex reopened(store.get());
  CHECK(persisted_view(reopened) == before);
}

TEST_CASE("sector index: concurrent readers only see persisted declarations", "[sectorindex]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "md");
  SectorIndex index(store.get());
  std::vector<nlohmann::json> changes;  // appended by the listener, which runs one at a time
  index.on_change([&](const nlohmann::json& change) { changes.push_back(change); });
  index.attach(path_info("a", true, true, 10), with_available(1 << 20));
  index.attach(path_info("b", true, true, 10), with_available(1 << 20));
  constexpr int kWriters = 3, kReaders = 2, kEach = 40, kMaxReads = 2000;
  std::atomic<int> writers_left{kWriters};
  std::atomic<int> unpersisted{0}, reads{0};
  std::latch start(kWriters + kReaders);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w)
    threads.emplace_back([&, w] {
      start.arrive_and_wait();
      const std::string id = w % 2 == 0 ? "a" : "b";
      for (std::uint64_t n = 0; n < kEach; ++n) {
        const SectorId sector{1000, static_cast<std::uint64_t>(w) * 1000 + n};
        index.declare(id, sector, kSealed | kCache, n % 2 == 0);
        if (n % 4 == 3) index.drop(id, sector, kCache);
        if (n % 8 == 0) index.report_health(id, with_available(1 << 20), "");
      }
      --writers_left;
    });
  for (int r = 0; r < kReaders; ++r)
    threads.emplace_back([&] {
      start.arrive_and_wait();
      // Until the writers are done, at most kMaxReads times: every sealed declaration seen in
      // memory must already be in the datastore (cache ones are skipped: a drop may have
      // removed one from the datastore and not yet from memory, which is allowed).
      for (int i = 0; i < kMaxReads; ++i) {
        const auto seen = index.list();
        const auto persisted = SectorIndex(store.get()).list();
        for (const auto& [id, decls] : seen)
          for (const auto& d : decls) {
            if (d.type == FileType::kCache) continue;  // may be dropped since
            const auto& stored = persisted.at(id);
            if (std::none_of(stored.begin(), stored.end(), [&](const Declaration& p) {
                  return p.sector == d.sector && p.type == d.type;
                }))
              ++unpersisted;
          }
        ++reads;
        if (writers_left == 0) break;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(unpersisted == 0);
  CHECK(reads > 0);

  // Memory equals what was persisted, and the changes were announced in the order they were
  // made: a mirror replaying them ends equal to the index.
  SectorIndex reopened(store.get());
  CHECK(persisted_view(reopened) == persisted_view(index));
  // Each writer: kEach sealed + cache declarations, every fourth cache one dropped again.
  CHECK(index.list().at("a").size() + index.list().at("b").size() ==
        kWriters * (2 * kEach - kEach / 4));
  SectorIndex mirror(nullptr);
  for (const auto& change : changes) mirror.apply_change(change);
  CHECK(summary(mirror) == summary(index));
}
