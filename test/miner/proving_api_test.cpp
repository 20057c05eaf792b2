// CheckProvable and ComputeWindowPoSt (miner/proving_api.hpp): their JSON against lotus's
// documented examples, and the methods served over HTTP JSON-RPC from a miner without a full
// node (a clear NotImplemented) and from one whose handlers run (parameters arrive decoded).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "common/api_info.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "miner/proving_api.hpp"

using namespace tessera;
using nlohmann::json;

namespace {

// lotus v1.23.3 documentation/en/api-v0-methods-miner.md, "### ComputeWindowPoSt", Response
// (docgen's example values: bitfield runs [5,1] = only sector 5, "Ynl0ZSBhcnJheQ==" = "byte
// array").
const char* const kLotusComputeWindowPoStExample = R"([
  {
    "Deadline": 42,
    "Partitions": [{"Index": 42, "Skipped": [5, 1]}],
    "Proofs": [{"PoStProof": 8, "ProofBytes": "Ynl0ZSBhcnJheQ=="}],
    "ChainCommitEpoch": 10101,
    "ChainCommitRand": "Ynl0ZSBhcnJheQ=="
  }
])";

// The same document, "### CheckProvable": Inputs and Response.
const char* const kLotusCheckProvableInputs =
    R"([8, [{"ID": {"Miner": 1000, "Number": 9}, "ProofType": 8}], true])";
const char* const kLotusCheckProvableResponse = R"({"123": "can't acquire read lock"})";

Bytes text_bytes(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

// A registry served on 127.0.0.1 and an admin client of it.
struct Served {
  explicit Served(miner::ProvingApi api) {
    miner::register_proving_api(registry, std::move(api));
    server.emplace(registry, jsonrpc::Authenticator(secret),
                   jsonrpc::ServerOptions{.host = "127.0.0.1", .port = 0});
    const auto port = server->start();
    client = jsonrpc::Client::connect(ApiInfo{jwt::sign_token(secret, jwt::perms_up_to("admin")),
                                              multiaddr_for("127.0.0.1", port)},
                                      jsonrpc::Transport::kHttp);
  }
  ~Served() { server->stop(); }

  Bytes secret = Bytes(32, 0x31);
  jsonrpc::Registry registry;
  std::optional<jsonrpc::Server> server;
  std::unique_ptr<jsonrpc::Client> client;
};

}  // namespace

TEST_CASE("ComputeWindowPoSt's params read and write lotus's JSON", "[miner][proving][api]") {
  const json example = json::parse(kLotusComputeWindowPoStExample);
  const auto params = api::Codec<std::vector<chain::SubmitWindowedPoStParams>>::decode(example);
  REQUIRE(params.size() == 1);
  const auto& p = params[0];
  CHECK(p.deadline == 42);
  REQUIRE(p.partitions.size() == 1);
  CHECK(p.partitions[0].index == 42);
  CHECK(p.partitions[0].skipped.all(10) == std::vector<std::uint64_t>{5});
  REQUIRE(p.proofs.size() == 1);
  CHECK(p.proofs[0].post_proof == 8);
  CHECK(p.proofs[0].proof_bytes == text_bytes("byte array"));
  CHECK(p.chain_commit_epoch == 10101);
  CHECK(p.chain_commit_rand == text_bytes("byte array"));
  CHECK(api::Codec<std::vector<chain::SubmitWindowedPoStParams>>::encode(params) == example);

  CHECK_THROWS_AS(miner::submit_windowed_post_params_from_json(json::object()), InvalidInput);
  auto bad = example[0];
  bad["Partitions"][0]["Index"] = "one";
  CHECK_THROWS_AS(miner::submit_windowed_post_params_from_json(bad), InvalidInput);
}

TEST_CASE("CheckProvable's parameters and answer read lotus's JSON", "[miner][proving][api]") {
  const json inputs = json::parse(kLotusCheckProvableInputs);
  const auto ref = miner::sector_ref_from_json(inputs[1][0]);
  CHECK(ref.id == paths::SectorId{1000, 9});
  CHECK(ref.proof_type == 8);
  CHECK(miner::to_json(ref) == inputs[1][0]);

  const json response = json::parse(kLotusCheckProvableResponse);
  const auto bad = miner::unprovable_sectors_from_json(response);
  CHECK(bad.reasons == std::map<std::uint64_t, std::string>{{123, "can't acquire read lock"}});
  CHECK(miner::to_json(bad) == response);
  CHECK(miner::unprovable_sectors_from_json(json()).reasons.empty());  // Go's nil map
  CHECK_THROWS_AS(miner::unprovable_sectors_from_json(json{{"x1", "r"}}), InvalidInput);
  CHECK_THROWS_AS(miner::unprovable_sectors_from_json(json{{"1", 2}}), InvalidInput);
  CHECK_THROWS_AS(miner::sector_ref_from_json(json{{"ID", {{"Miner", 1}}}}), InvalidInput);
}

TEST_CASE("a miner without a full node answers the proving methods with a clear error",
          "[miner][proving][api]") {
  Served served{miner::ProvingApi{}};
  CHECK_THROWS_MATCHES(
      api::call(*served.client, miner::kCheckProvable, 10, {{{1000, 1}, 5}}), NotImplemented,
      Catch::Message("CheckProvable needs a full node: this miner runs without FULLNODE_API_INFO"));
  CHECK_THROWS_MATCHES(api::call(*served.client, miner::kComputeWindowPoSt, 0, {}), NotImplemented,
                       Catch::Message("ComputeWindowPoSt needs a full node: this miner runs "
                                      "without FULLNODE_API_INFO"));
}

TEST_CASE("the proving methods reach their handlers with the decoded parameters",
          "[miner][proving][api]") {
  std::int64_t seen_proof = 0;
  std::vector<miner::SectorRef> seen_sectors;
  std::uint64_t seen_deadline = 99;
  Served served{
      miner::ProvingApi{.check_provable =
                            [&](std::int64_t proof, const std::vector<miner::SectorRef>& sectors) {
                              seen_proof = proof;
                              seen_sectors = sectors;
                              return miner::UnprovableSectors{{{7, "no storage holds it"}}};
                            },
                        .compute_window_post =
                            [&](std::uint64_t deadline, const chain::TipSetKey&) {
                              seen_deadline = deadline;
                              return std::vector<chain::SubmitWindowedPoStParams>{
                                  {.deadline = deadline, .partitions = {{0, {}}}}};
                            }}};
  const auto bad =
      api::call(*served.client, miner::kCheckProvable, 11, {{{1000, 7}, 6}, {{1000, 8}, 6}});
  CHECK(bad.reasons == std::map<std::uint64_t, std::string>{{7, "no storage holds it"}});
  CHECK(seen_proof == 11);
  REQUIRE(seen_sectors.size() == 2);
  CHECK(seen_sectors[1].id == paths::SectorId{1000, 8});
  CHECK(seen_sectors[1].proof_type == 6);
  const auto params = api::call(*served.client, miner::kComputeWindowPoSt, 3, {});
  CHECK(seen_deadline == 3);
  REQUIRE(params.size() == 1);
  CHECK(params[0].deadline == 3);
}
