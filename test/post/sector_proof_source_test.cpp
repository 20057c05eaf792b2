// Where PoSt vanilla proofs come from: a 2 KiB sector sealed on disk (lotus-bench's all-zero
// sector of t01000) proven from its files, through a local source, as /remote/vanilla/single
// answers it, and end to end through the sector index and another jsonrpc::Server's /remote
// route; the request's JSON in lotus's SingleVanillaParams shape; and the failures: files of
// another CommR, missing files, leaves beyond the tree, unknown sectors, bad requests, a holder
// that never answers, a wrong token.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/cid/cid.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "post/fallback/vanilla_post.hpp"
#include "post/fallback/vanilla_post_json.hpp"
#include "post/remote_proof_source.hpp"
#include "post/sector_proof_source.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/index/sector_index.hpp"
#include "storage/paths/remote_handler.hpp"
#include "test/support/env_guard.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::post;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kMiner = 1000;
constexpr std::int64_t kSealProof = 5;        // StackedDrg2KiBV1_1 (go-state-types abi)
constexpr std::int64_t kPostProof = 10;       // StackedDrgWindow2KiBV1_1 (go-state-types abi)
constexpr std::uint64_t kLeaves = 2048 / 32;  // TreeRLast leaves of a 2 KiB sector

// lotus cmd/lotus-bench/simple.go documents rust-fil-proofs sealing an all-zero 2 KiB sector
// (t01000, sector 1, zero ticket) to this CommR (also test/sealing/seal_on_disk_test.cpp).
constexpr const char* kCommRCid =
    "bagboea4b5abcbrshxgmmpaucffwp2elaofbcrvb7hmcu3653o4lsw2arlor4hn3c";
// reference/oracles.md: the sealed CID of CommR = 01 00..00.
constexpr const char* kCommR01Cid =
    "bagboea4b5abcaaiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
// The same lotus-bench run's CommD (an unsealed CID) and the empty-map dag-cbor CID
// (reference/oracles.md): CIDs of 32-byte digests that are no sealed commitment.
constexpr const char* kCommDCid =
    "baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy";
constexpr const char* kDagCborCid =
    "bafy2bzacedjwujqzuzzesrqe4en3ir6lz5jdd2psxis4efuro7w4sqn5kcwwy";

crypto::Digest32 digest_of(const char* cid_text) {
  const auto digest = cid::Cid::parse(cid_text).digest;
  crypto::Digest32 out{};
  REQUIRE(digest.size() == out.size());
  std::copy(digest.begin(), digest.end(), out.begin());
  return out;
}

// Sector 1 of t01000 sealed on disk in a storage path's layout: <dir>/sealed/s-t01000-1 and
// <dir>/cache/s-t01000-1.
struct SealedSector {
  test::TempDir dir;
  test::EnvGuard parents{"FIL_PROOFS_PARENT_CACHE", (dir / "parents").string()};
  std::filesystem::path sealed = dir / "sealed" / "s-t01000-1";
  std::filesystem::path cache = dir / "cache" / "s-t01000-1";
  crypto::Digest32 comm_r{};
  PostChallengeParams window{.api = PostApi::kV1_2, .challenge_count = 10, .sector_size = 2048};

  SealedSector() {
    std::filesystem::create_directories(sealed.parent_path());
    const auto staged = dir / "staged";
    std::ofstream(staged, std::ios::binary).write(std::string(2048, '\0').data(), 2048);
    porep::precommit1(porep::SealInputs{kSealProof, kMiner, 1, {}}, staged, cache, sealed);
    comm_r = porep::precommit2(kSealProof, cache, sealed).comm_r;
    REQUIRE(comm_r == digest_of(kCommRCid));
    window.randomness.fill(0x3c);
  }

  PostSectorChallenge challenge(std::uint64_t number = 1) const {
    return PostSectorChallenge{kSealProof, number, comm_r, challenged_leaves(window, 0, number),
                               kPostProof};
  }
  // What a storage path's /remote finds: the file or directory under dir, if there.
  paths::SectorFileFinder finder() const {
    return [root = dir.path()](paths::FileType type,
                               const paths::SectorId& id) -> std::optional<std::filesystem::path> {
      auto path = root / std::string(paths::file_type_name(type)) / paths::sector_name(id);
      if (!std::filesystem::exists(path)) return std::nullopt;
      return path;
    };
  }
  bool verifies(const SectorPostProof& proof) const {
    return proof.sector_number == 1 && proof.inclusion_proofs.size() == 10 &&
           verify_sector(window, 0, comm_r, proof);
  }
};

// A listening socket that never accepts: connections complete into its backlog and wait.
struct SilentListener {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor{ioc, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/remote";
  }
};

// A jsonrpc::Server serving /remote from `find` with post::answer_single_vanilla.
struct RemoteServer {
  jsonrpc::Registry registry;
  jsonrpc::Server server;
  std::uint16_t port = 0;

  RemoteServer(const Bytes& secret, paths::SectorFileFinder find)
      : server(registry, jsonrpc::Authenticator(secret), jsonrpc::ServerOptions{}) {
    server.add_http_route(
        "/remote",
        paths::make_remote_route(paths::RemoteStore{
            std::move(find),
            [](const std::string&) -> std::optional<paths::FsStat> { return std::nullopt; },
            [](paths::FileType, const paths::SectorId&, const std::vector<std::string>&) {
              return false;
            },
            answer_single_vanilla}));
    port = server.start();
  }
  ~RemoteServer() { server.stop(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port) + "/remote"; }
};

paths::StorageInfo storage_path(const std::string& id, const std::string& url) {
  paths::StorageInfo info;
  info.id = id;
  info.urls = {url};
  info.weight = 10;
  info.can_store = true;
  return info;
}

constexpr auto kSealedAndCache = static_cast<std::uint32_t>(paths::FileType::kSealed) |
                                 static_cast<std::uint32_t>(paths::FileType::kCache);

}  // namespace

TEST_CASE("prove_from_files: a proof that verifies; another CommR, missing files, bad leaves",
          "[post][vanilla][remote]") {
  SealedSector s;
  const auto proof = prove_from_files(s.challenge(), SectorFiles{s.sealed, s.cache});
  CHECK(s.verifies(proof));
  CHECK(proof.comm_c != crypto::Digest32{});

  auto other = s.challenge();
  other.comm_r = digest_of(kCommR01Cid);
  CHECK_THROWS_WITH(prove_from_files(other, SectorFiles{s.sealed, s.cache}),
                    Catch::Contains("another CommR") && Catch::Contains("sector 1"));
  CHECK_THROWS_AS(prove_from_files(other, SectorFiles{s.sealed, s.cache}), Error);

  CHECK_THROWS_AS(
      prove_from_files(s.challenge(), SectorFiles{s.dir / "sealed" / "s-t01000-9", s.cache}),
      NotFound);

  auto beyond = s.challenge();
  beyond.leaves = {0, kLeaves};
  CHECK_THROWS_AS(prove_from_files(beyond, SectorFiles{s.sealed, s.cache}), InvalidInput);
  beyond.leaves = {std::uint64_t{1} << 40};
  CHECK_THROWS_AS(prove_from_files(beyond, SectorFiles{s.sealed, s.cache}), InvalidInput);
  // The last leaf is still in the tree.
  auto last = s.challenge();
  last.leaves = {kLeaves - 1};
  CHECK(prove_from_files(last, SectorFiles{s.sealed, s.cache}).inclusion_proofs.size() == 1);
}

TEST_CASE("local_proof_source: the files the lookup finds; NotFound naming a sector it does not",
          "[post][vanilla][remote]") {
  SealedSector s;
  int lookups = 0;
  const auto source = local_proof_source([&](std::uint64_t n) -> std::optional<SectorFiles> {
    ++lookups;
    if (n != 1) return std::nullopt;
    return SectorFiles{s.sealed, s.cache};
  });
  CHECK(s.verifies(source(s.challenge(), Clock::now() + 10s)));
  CHECK_THROWS_AS(source(s.challenge(7), Clock::now() + 10s), NotFound);
  CHECK_THROWS_WITH(source(s.challenge(7), Clock::now() + 10s), Catch::Contains("sector 7"));
  CHECK(lookups == 3);
}

TEST_CASE("first_of: the second source only when the first throws NotFound",
          "[post][vanilla][remote]") {
  const auto deadline = Clock::now() + 42s;
  int second_calls = 0;
  const SectorProofSource second = [&](const PostSectorChallenge& c, ProofDeadline d) {
    ++second_calls;
    CHECK(d == deadline);
    return SectorPostProof{.sector_number = c.sector_number + 100};
  };
  const PostSectorChallenge challenge{kSealProof, 5, {}, {1, 2}, kPostProof};

  const auto not_here =
      first_of([](const PostSectorChallenge&,
                  ProofDeadline) -> SectorPostProof { throw NotFound("not here"); },
               second);
  CHECK(not_here(challenge, deadline).sector_number == 105);
  CHECK(second_calls == 1);

  const auto here =
      first_of([](const PostSectorChallenge& c,
                  ProofDeadline) { return SectorPostProof{.sector_number = c.sector_number}; },
               second);
  CHECK(here(challenge, deadline).sector_number == 5);
  CHECK(second_calls == 1);

  const auto broken = first_of([](const PostSectorChallenge&,
                                  ProofDeadline) -> SectorPostProof { throw IoError("disk gone"); },
                               second);
  CHECK_THROWS_AS(broken(challenge, deadline), IoError);
  CHECK_THROWS_WITH(broken(challenge, deadline), "disk gone");
  const auto wrong_files =
      first_of([](const PostSectorChallenge&,
                  ProofDeadline) -> SectorPostProof { throw InvalidInput("corrupt p_aux"); },
               second);
  CHECK_THROWS_AS(wrong_files(challenge, deadline), InvalidInput);
  CHECK(second_calls == 1);
}

// lotus storage/paths/http_handler.go SingleVanillaParams {Miner, Sector, ProofType} with
// Sector a storiface.PostSectorChallenge {SealProof, SectorNumber, SealedCID, Challenge,
// Update} (lotus storage/sealer/storiface/worker.go: the field is Challenge, singular); a CID
// in JSON is {"/": text}.
TEST_CASE("SingleVanillaRequest: lotus's JSON shape both ways; InvalidInput for others",
          "[post][vanilla][remote]") {
  const SingleVanillaRequest request{
      kMiner, PostSectorChallenge{kSealProof, 7, digest_of(kCommR01Cid), {3, 17, 63}, kPostProof}};
  const json expected = json::parse(std::string(R"({"Miner": 1000, "Sector": {"SealProof": 5,
      "SectorNumber": 7, "SealedCID": {"/": ")") +
                                    kCommR01Cid + R"("}, "Challenge": [3, 17, 63],
      "Update": false}, "ProofType": 10})");
  CHECK(to_json(request) == expected);

  const auto back = single_vanilla_request_from_json(expected);
  CHECK(back.miner_id == kMiner);
  CHECK(back.challenge.seal_proof == kSealProof);
  CHECK(back.challenge.sector_number == 7);
  CHECK(back.challenge.comm_r == request.challenge.comm_r);
  CHECK(back.challenge.leaves == std::vector<std::uint64_t>{3, 17, 63});
  CHECK(back.challenge.post_proof == kPostProof);

  const auto rejects = [&](const std::function<void(json&)>& change) {
    json j = expected;
    change(j);
    CAPTURE(j.dump());
    CHECK_THROWS_AS(single_vanilla_request_from_json(j), InvalidInput);
  };
  rejects([](json& j) { j.erase("Miner"); });
  rejects([](json& j) { j["Miner"] = "f01000"; });
  rejects([](json& j) { j.erase("ProofType"); });
  rejects([](json& j) { j.erase("Sector"); });
  rejects([](json& j) { j["Sector"] = json::array(); });
  rejects([](json& j) { j["Sector"].erase("SealProof"); });
  rejects([](json& j) { j["Sector"]["SectorNumber"] = "7"; });
  rejects([](json& j) { j["Sector"].erase("Challenge"); });
  rejects([](json& j) { j["Sector"]["Challenge"] = "3,17,63"; });
  rejects([](json& j) { j["Sector"]["Challenge"] = json::array({3, "x"}); });
  rejects([](json& j) { j["Sector"]["SealedCID"] = kCommR01Cid; });  // not {"/": ...}
  rejects([](json& j) { j["Sector"].erase("SealedCID"); });
  rejects([](json& j) { j["Sector"]["SealedCID"]["/"] = "not a cid"; });
  rejects([](json& j) { j["Sector"]["SealedCID"]["/"] = kCommDCid; });
  rejects([](json& j) { j["Sector"]["SealedCID"]["/"] = kDagCborCid; });
  rejects([](json& j) { j["Sector"]["Update"] = true; });
  rejects([](json& j) { j = json::array(); });
  rejects([](json& j) { j = nullptr; });

  json updated = expected;
  updated["Sector"]["Update"] = true;
  CHECK_THROWS_WITH(single_vanilla_request_from_json(updated), Catch::Contains("snap"));
  json unsealed = expected;
  unsealed["Sector"]["SealedCID"]["/"] = kCommDCid;
  CHECK_THROWS_WITH(single_vanilla_request_from_json(unsealed), Catch::Contains(kCommDCid));
}

TEST_CASE(
    "answer_single_vanilla: the proof as JSON from the finder's files; NotFound, "
    "InvalidInput",
    "[post][vanilla][remote]") {
  SealedSector s;
  const auto body = [&](std::uint64_t number) {
    return to_json(SingleVanillaRequest{kMiner, s.challenge(number)}).dump();
  };
  const auto proofs =
      post_proofs_from_json(json::parse(answer_single_vanilla(body(1), s.finder())));
  REQUIRE(proofs.size() == 1);
  CHECK(s.verifies(proofs[0]));

  CHECK_THROWS_AS(answer_single_vanilla(body(9), s.finder()), NotFound);
  // Another miner's sector 1 is not this one.
  auto other_miner = to_json(SingleVanillaRequest{1001, s.challenge()});
  CHECK_THROWS_AS(answer_single_vanilla(other_miner.dump(), s.finder()), NotFound);
  // A sealed file without its cache is not enough.
  const auto sealed_only = [&](paths::FileType type,
                               const paths::SectorId& id) -> std::optional<std::filesystem::path> {
    if (type == paths::FileType::kCache) return std::nullopt;
    return s.finder()(type, id);
  };
  CHECK_THROWS_AS(answer_single_vanilla(body(1), sealed_only), NotFound);

  CHECK_THROWS_AS(answer_single_vanilla("{\"Miner\": 10", s.finder()), InvalidInput);
  CHECK_THROWS_AS(answer_single_vanilla("", s.finder()), InvalidInput);
  CHECK_THROWS_AS(answer_single_vanilla("{\"Miner\": 1000}", s.finder()), InvalidInput);

  auto wrong = SingleVanillaRequest{kMiner, s.challenge()};
  wrong.challenge.comm_r = digest_of(kCommR01Cid);
  CHECK_THROWS_WITH(answer_single_vanilla(to_json(wrong).dump(), s.finder()),
                    Catch::Contains("another CommR"));
}

TEST_CASE("remote_proof_source: asks the path the sector index names over HTTP",
          "[post][vanilla][remote]") {
  SealedSector s;
  const Bytes secret(32, 0x4d);
  const auto admin = jwt::sign_token(secret, jwt::perms_up_to("admin"));
  RemoteServer holder(secret, s.finder());
  RemoteServer empty(secret, [](paths::FileType, const paths::SectorId&) {
    return std::optional<std::filesystem::path>{};
  });
  SilentListener silent;

  test::TempDir md;
  auto store = datastore::MetadataStore::open(md / "md");
  paths::SectorIndex index(store.get());
  const paths::FsStat stat{.capacity = 1 << 30, .available = 1 << 29, .fs_available = 1 << 29};
  index.attach(storage_path("holder", holder.url()), stat);
  index.attach(storage_path("empty", empty.url()), stat);
  index.attach(storage_path("silent", silent.url()), stat);
  index.declare("holder", paths::SectorId{kMiner, 1}, kSealedAndCache, true);

  const auto source = remote_proof_source(index, kMiner, admin);
  CHECK(s.verifies(source(s.challenge(), Clock::now() + 30s)));

  SECTION("a path whose /remote has no files (404) before the one that has them") {
    index.declare("empty", paths::SectorId{kMiner, 1}, kSealedAndCache, true);
    CHECK(s.verifies(source(s.challenge(), Clock::now() + 30s)));
  }
  SECTION("a sector declared nowhere, or its sealed file and cache in different paths") {
    CHECK_THROWS_AS(source(s.challenge(2), Clock::now() + 30s), NotFound);
    index.declare("holder", paths::SectorId{kMiner, 3},
                  static_cast<std::uint32_t>(paths::FileType::kSealed), true);
    index.declare("empty", paths::SectorId{kMiner, 3},
                  static_cast<std::uint32_t>(paths::FileType::kCache), true);
    CHECK_THROWS_AS(source(s.challenge(3), Clock::now() + 30s), NotFound);
    // Another miner's index entries are not this miner's sector.
    index.declare("holder", paths::SectorId{kMiner + 1, 4}, kSealedAndCache, true);
    CHECK_THROWS_AS(source(s.challenge(4), Clock::now() + 30s), NotFound);
  }
  SECTION("every holder answers 404: NotFound") {
    index.declare("empty", paths::SectorId{kMiner, 5}, kSealedAndCache, true);
    index.declare("holder", paths::SectorId{kMiner, 5}, kSealedAndCache, true);  // no files
    CHECK_THROWS_AS(source(s.challenge(5), Clock::now() + 30s), NotFound);
  }
  SECTION("a holder that never answers: IoError once the deadline passes") {
    index.declare("silent", paths::SectorId{kMiner, 6}, kSealedAndCache, true);
    const auto start = Clock::now();
    try {
      source(s.challenge(6), start + 1s);
      FAIL("a proof from a holder that never answers");
    } catch (const NotFound&) {
      FAIL("NotFound for a holder that never answered");
    } catch (const IoError& e) {
      CHECK_THAT(e.what(), Catch::Contains(silent.url()));
    }
    CHECK(Clock::now() - start < 3s);
    // A deadline already passed: IoError without asking.
    CHECK_THROWS_AS(source(s.challenge(), Clock::now() - 1s), IoError);
  }
  SECTION("a holder that never answers leaves time to ask the one that has the files") {
    // Listed first: the index lists paths by ID.
    index.attach(storage_path("a-silent", silent.url()), stat);
    index.declare("a-silent", paths::SectorId{kMiner, 1}, kSealedAndCache, true);
    REQUIRE(index.find(paths::SectorId{kMiner, 1}, kSealedAndCache, 2048, false).front().id ==
            "a-silent");
    const auto start = Clock::now();
    CHECK(s.verifies(source(s.challenge(), start + 2s)));
    CHECK(Clock::now() - start < 3s);
  }
  SECTION("a wrong or too weak token: an error naming the status, not a proof") {
    for (const auto& token : {jwt::sign_token(Bytes(32, 1), jwt::perms_up_to("admin")),
                              jwt::sign_token(secret, jwt::perms_up_to("write")), std::string()}) {
      const auto other = remote_proof_source(index, kMiner, token);
      try {
        other(s.challenge(), Clock::now() + 30s);
        FAIL("a proof with a token that is not admin");
      } catch (const NotFound&) {
        FAIL("NotFound for a 401");
      } catch (const IoError& e) {
        CHECK_THAT(e.what(), Catch::Contains("401"));
      }
    }
  }
  SECTION("a holder whose files are another sector's: the error, not a proof") {
    auto wrong = s.challenge();
    wrong.comm_r = digest_of(kCommR01Cid);
    CHECK_THROWS_WITH(source(wrong, Clock::now() + 30s),
                      Catch::Contains("500") && Catch::Contains("another CommR"));
  }
}
