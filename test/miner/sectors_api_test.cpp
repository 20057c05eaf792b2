// The sector methods (miner/sectors_api.hpp): api.SectorInfo's JSON against lotus's documented
// example, the record -> API view that lotus's Sealing.SectorsStatus makes, and the seven
// methods served from a fake backend through a real registry and dispatcher.
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "chain/types/address.hpp"
#include "common/cbor/cbor.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/dispatcher.hpp"
#include "common/jsonrpc/error_codes.hpp"
#include "common/jsonrpc/registry.hpp"
#include "miner/sectors_api.hpp"
#include "sealing/pipeline/sector_states.hpp"
#include "test/support/fake_batch_queue.hpp"

using namespace tessera;
using nlohmann::json;

namespace {

// A message CID the fake backend answers for a flushed batch.
constexpr const char* kBatchMessage =
    "bafy2bzacedjwujqzuzzesrqe4en3ir6lz5jdd2psxis4efuro7w4sqn5kcwwy";

// lotus v1.23.3 documentation/en/api-v0-methods-miner.md, "### SectorsStatus", Response.
const char* const kLotusSectorsStatusExample = R"({
  "SectorID": 9,
  "State": "Proving",
  "CommD": {"/": "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"},
  "CommR": {"/": "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"},
  "Proof": "Ynl0ZSBhcnJheQ==",
  "Deals": [5432],
  "Pieces": [
    {
      "Piece": {
        "Size": 1032,
        "PieceCID": {"/": "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"}
      },
      "DealInfo": {
        "PublishCid": {"/": "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"},
        "DealID": 5432,
        "DealProposal": {
          "PieceCID": {"/": "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"},
          "PieceSize": 1032,
          "VerifiedDeal": true,
          "Client": "f01234",
          "Provider": "f01234",
          "Label": "",
          "StartEpoch": 10101,
          "EndEpoch": 10101,
          "StoragePricePerEpoch": "0",
          "ProviderCollateral": "0",
          "ClientCollateral": "0"
        },
        "DealSchedule": {"StartEpoch": 10101, "EndEpoch": 10101},
        "KeepUnsealed": true
      }
    }
  ],
  "Ticket": {"Value": "Bw==", "Epoch": 10101},
  "Seed": {"Value": "Bw==", "Epoch": 10101},
  "PreCommitMsg": {"/": "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"},
  "CommitMsg": {"/": "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"},
  "Retries": 42,
  "ToUpgrade": true,
  "ReplicaUpdateMessage": {"/": "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"},
  "LastErr": "string value",
  "Log": [{"Kind": "string value", "Timestamp": 42, "Trace": "string value", "Message": "string value"}],
  "SealProof": 8,
  "Activation": 10101,
  "Expiration": 10101,
  "DealWeight": "0",
  "VerifiedDealWeight": "0",
  "InitialPledge": "0",
  "OnTime": 10101,
  "Early": 10101
})";

const char* const kDocCid = "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4";

// lotus's PieceDealInfo as cbor-gen writes it into a SectorInfo record: a map with Go field
// names, DealProposal a tuple (go-state-types market.DealProposal), with the values of the
// documented example above.
cbor::Value doc_deal_info_cbor() {
  const auto c = cid::Cid::parse(kDocCid);
  const Bytes f01234 = chain::Address::from_id(1234).to_bytes();
  const Bytes zero = chain::BigInt().to_bytes();
  cbor::Array proposal{
      cbor::Value::cid(c),        cbor::Value::uint(1032),    cbor::Value::boolean(true),
      cbor::Value::bytes(f01234), cbor::Value::bytes(f01234), cbor::Value::text(""),
      cbor::Value::uint(10101),   cbor::Value::uint(10101),   cbor::Value::bytes(zero),
      cbor::Value::bytes(zero),   cbor::Value::bytes(zero)};
  cbor::Map schedule{{cbor::Value::text("StartEpoch"), cbor::Value::uint(10101)},
                     {cbor::Value::text("EndEpoch"), cbor::Value::uint(10101)}};
  cbor::Map info{{cbor::Value::text("PublishCid"), cbor::Value::cid(c)},
                 {cbor::Value::text("DealID"), cbor::Value::uint(5432)},
                 {cbor::Value::text("DealProposal"), cbor::Value::array(proposal)},
                 {cbor::Value::text("DealSchedule"), cbor::Value::map(schedule)},
                 {cbor::Value::text("KeepUnsealed"), cbor::Value::boolean(true)}};
  return cbor::Value::map(info);
}

// A CC sector in WaitSeed: one filler piece, ticket taken, precommit landed.
datastore::SectorInfo cc_record(std::uint64_t number, const std::string& state) {
  datastore::SectorInfo info;
  info.state = state;
  info.sector_number = number;
  info.sector_type = 5;  // StackedDrg2KiBV1_1
  info.pieces.push_back({2048, cid::Cid::parse(kDocCid), cbor::Value::null()});
  info.ticket_value = Bytes{0x01, 0x02};
  info.ticket_epoch = 100;
  info.comm_d = cid::Cid::parse(kDocCid);
  info.pre_commit_message = cid::Cid::parse(kDocCid);
  info.invalid_proofs = 3;
  info.last_err = "";
  info.log.push_back({"event;sealing.SectorStartCC", 1700000000, "", "{}"});
  return info;
}

class FakeBackend : public test::FakeBatchingBackend {
 public:
  std::map<std::uint64_t, datastore::SectorInfo> records;
  std::map<std::uint64_t, miner::OnChainSectorInfo> chain;
  std::vector<std::pair<std::uint64_t, std::string>> forced;
  std::vector<std::uint64_t> removed;
  int pledges = 0;

  paths::SectorId pledge() override {
    ++pledges;
    const std::uint64_t n = records.empty() ? 1 : records.rbegin()->first + 1;
    records[n] = cc_record(n, std::string(pipeline::kPacking));
    return {1000, n};
  }
  std::vector<miner::SectorListEntry> list() override {
    std::vector<miner::SectorListEntry> out;
    for (const auto& [n, r] : records) out.push_back({n, r.state});
    return out;
  }
  std::optional<datastore::SectorInfo> get(std::uint64_t number) override {
    auto it = records.find(number);
    if (it == records.end()) return std::nullopt;
    return it->second;
  }
  void force_state(std::uint64_t number, const std::string& state) override {
    forced.emplace_back(number, state);
    records.at(number).state = state;
  }
  void remove(std::uint64_t number) override {
    removed.push_back(number);
    records.at(number).state = std::string(pipeline::kRemoved);
  }
  std::optional<miner::OnChainSectorInfo> on_chain(std::uint64_t number) override {
    auto it = chain.find(number);
    if (it == chain.end()) return std::nullopt;
    return it->second;
  }
};

const std::vector<std::string> kRead = {"read"};
const std::vector<std::string> kWrite = {"read", "write"};
const std::vector<std::string> kAdmin = {"read", "write", "sign", "admin"};

struct Served {
  jsonrpc::Registry registry;
  FakeBackend backend;
  int next_id = 1;

  Served() { miner::serve_sectors_api(registry, backend); }

  json call(const std::string& method, json params,
            const std::vector<std::string>& perms = kAdmin) {
    const json request{
        {"jsonrpc", "2.0"}, {"id", next_id++}, {"method", method}, {"params", params}};
    const auto result = jsonrpc::Dispatcher(registry).handle(request.dump(), perms, nullptr);
    REQUIRE(result.reply);
    return json::parse(*result.reply);
  }
};

}  // namespace

TEST_CASE("api.SectorInfo reads and writes lotus's documented SectorsStatus JSON",
          "[sectors-api]") {
  const json doc = json::parse(kLotusSectorsStatusExample);
  const auto info = miner::api_sector_info_from_json(doc);
  CHECK(info.sector_id == 9);
  CHECK(info.state == "Proving");
  REQUIRE(info.comm_r);
  CHECK(info.comm_r->to_string() == kDocCid);
  CHECK(info.proof == Bytes{'b', 'y', 't', 'e', ' ', 'a', 'r', 'r', 'a', 'y'});
  CHECK(info.deals == std::vector<std::uint64_t>{5432});
  REQUIRE(info.pieces.size() == 1);
  CHECK(info.pieces[0].size == 1032);
  CHECK(info.pieces[0].deal_info.at("DealID") == 5432);
  CHECK(info.ticket.value == Bytes{7});
  CHECK(info.seed.epoch == 10101);
  CHECK(info.retries == 42);
  CHECK(info.to_upgrade);
  REQUIRE(info.log.size() == 1);
  CHECK(info.log[0].timestamp == 42);
  CHECK(info.seal_proof == 8);
  CHECK(info.on_time == 10101);
  CHECK(info.early == 10101);
  // Written back, it is the same JSON value.
  CHECK(miner::to_json(info) == doc);
  CHECK(api::Codec<miner::ApiSectorInfo>::decode(api::Codec<miner::ApiSectorInfo>::encode(info)) ==
        info);
}

TEST_CASE("api.SectorInfo's JSON: nil pointers and empty byte strings are null", "[sectors-api]") {
  miner::ApiSectorInfo info;
  info.sector_id = 3;
  info.state = "Packing";
  const json j = miner::to_json(info);
  CHECK(j.at("CommD").is_null());
  CHECK(j.at("CommR").is_null());
  CHECK(j.at("Proof").is_null());
  CHECK(j.at("PreCommitMsg").is_null());
  CHECK(j.at("Ticket") == json{{"Value", nullptr}, {"Epoch", 0}});
  CHECK(j.at("Deals") == json::array());
  CHECK(j.at("Log") == json::array());
  CHECK(j.at("InitialPledge") == "0");
  CHECK(miner::api_sector_info_from_json(j) == info);
  // Bad shapes are InvalidInput naming the field.
  json bad = j;
  bad["CommR"] = "not a cid";
  CHECK_THROWS_AS(miner::api_sector_info_from_json(bad), InvalidInput);
  bad = j;
  bad["Deals"] = json::array({"x"});
  CHECK_THROWS_WITH(miner::api_sector_info_from_json(bad), Catch::Contains("Deals"));
  CHECK_THROWS_AS(miner::api_sector_info_from_json(json::array()), InvalidInput);
}

TEST_CASE("PieceDealInfo's CBOR becomes lotus's DealInfo JSON", "[sectors-api]") {
  // Addresses print as "f0…" on the mainnet wire network, as in lotus's example.
  struct WireNetwork {
    chain::Network saved = chain::wire_network();
    WireNetwork() { chain::set_wire_network(chain::Network::kMainnet); }
    ~WireNetwork() { chain::set_wire_network(saved); }
  } mainnet;
  const json expected = json::parse(kLotusSectorsStatusExample).at("Pieces")[0].at("DealInfo");
  CHECK(miner::piece_deal_info_json(doc_deal_info_cbor()) == expected);
  CHECK(miner::piece_deal_info_json(cbor::Value::null()).is_null());
  // Shapes lotus would not have written are InvalidInput naming the field.
  CHECK_THROWS_WITH(miner::piece_deal_info_json(cbor::Value::uint(1)),
                    Catch::Contains("PieceDealInfo"));
  cbor::Map no_id{{cbor::Value::text("PublishCid"), cbor::Value::null()}};
  CHECK_THROWS_WITH(miner::piece_deal_info_json(cbor::Value::map(no_id)),
                    Catch::Contains("DealID"));
}

TEST_CASE("a stored record becomes lotus's SectorsStatus view", "[sectors-api]") {
  auto record = cc_record(7, "WaitSeed");
  record.pieces.push_back({1032, cid::Cid::parse(kDocCid), doc_deal_info_cbor()});
  record.proof = Bytes{0xaa};

  SECTION("local only: SealProof is the record's type, on-chain fields zero") {
    const auto view = miner::to_api_sector_info(record, std::nullopt);
    CHECK(view.sector_id == 7);
    CHECK(view.state == "WaitSeed");
    CHECK(view.deals == std::vector<std::uint64_t>{0, 5432});  // filler piece: deal 0
    CHECK(view.pieces[0].deal_info.is_null());
    CHECK(view.pieces[1].deal_info.at("DealSchedule").at("EndEpoch") == 10101);
    CHECK(view.ticket == miner::ApiSealRandomness{Bytes{0x01, 0x02}, 100});
    CHECK(view.retries == 3);  // InvalidProofs
    CHECK_FALSE(view.to_upgrade);
    CHECK(view.pre_commit_msg == record.pre_commit_message);
    CHECK_FALSE(view.commit_msg);
    CHECK(view.log ==
          std::vector<miner::ApiSectorLog>{{"event;sealing.SectorStartCC", 1700000000, "", "{}"}});
    CHECK(view.seal_proof == 5);
    CHECK(view.activation == 0);
    CHECK(view.initial_pledge == chain::BigInt());
    CHECK(miner::to_json(view).at("DealWeight") == "0");
  }
  SECTION("with on-chain info") {
    chain::SectorOnChainInfo chain_info;
    chain_info.sector_number = 7;
    chain_info.seal_proof = 8;
    chain_info.activation = 500;
    chain_info.expiration = 1000500;
    chain_info.deal_weight = chain::BigInt::from_uint(123);
    chain_info.verified_deal_weight = chain::BigInt::from_uint(456);
    chain_info.initial_pledge = chain::BigInt::parse("1500000000000000000");
    auto on_chain = miner::on_chain_info_from(chain_info);
    CHECK(on_chain.on_time == 0);
    on_chain.on_time = 1000400;
    on_chain.early = 900;
    const auto view = miner::to_api_sector_info(record, on_chain);
    CHECK(view.seal_proof == 8);
    CHECK(view.activation == 500);
    CHECK(view.expiration == 1000500);
    CHECK(view.deal_weight == chain::BigInt::from_uint(123));
    CHECK(view.verified_deal_weight == chain::BigInt::from_uint(456));
    CHECK(miner::to_json(view).at("InitialPledge") == "1500000000000000000");
    CHECK(view.on_time == 1000400);
    CHECK(view.early == 900);
  }
}

TEST_CASE("the sector methods are served with lotus's names and permissions", "[sectors-api]") {
  Served s;
  const std::map<std::string, std::pair<std::string, std::size_t>> expected{
      {"Filecoin.PledgeSector", {"write", 0}},
      {"Filecoin.SectorsList", {"read", 0}},
      {"Filecoin.SectorsSummary", {"read", 0}},
      {"Filecoin.SectorsListInStates", {"read", 1}},
      {"Filecoin.SectorsStatus", {"read", 2}},
      {"Filecoin.SectorsUpdate", {"admin", 2}},
      {"Filecoin.SectorRemove", {"admin", 1}},
      {"Filecoin.SectorPreCommitFlush", {"admin", 0}},
      {"Filecoin.SectorPreCommitPending", {"admin", 0}},
      {"Filecoin.SectorCommitFlush", {"admin", 0}},
      {"Filecoin.SectorCommitPending", {"admin", 0}}};
  CHECK(s.registry.names().size() == expected.size());
  for (const auto& [name, perm] : expected) {
    INFO(name);
    const auto* method = s.registry.find(name);
    REQUIRE(method);
    CHECK(method->perm == perm.first);
    CHECK(method->param_count == perm.second);
  }
  CHECK_FALSE(s.registry.find("Filecoin.SectorsUpdate")->returns_value);
  CHECK_FALSE(s.registry.find("Filecoin.SectorRemove")->returns_value);
}

TEST_CASE("PledgeSector, SectorsList, SectorsSummary and SectorsListInStates", "[sectors-api]") {
  Served s;
  // PledgeSector needs write; a read-only caller is refused and nothing is created.
  const auto denied = s.call("Filecoin.PledgeSector", json::array(), kRead);
  CHECK(denied.contains("error"));
  CHECK(s.backend.pledges == 0);
  const auto pledged = s.call("Filecoin.PledgeSector", json::array(), kWrite);
  CHECK(pledged.at("result") == json{{"Miner", 1000}, {"Number", 1}});
  CHECK(s.backend.pledges == 1);

  s.backend.records[5] = cc_record(5, "Proving");
  s.backend.records[3] = cc_record(3, "Removed");
  s.backend.records[4] = cc_record(4, "");  // being created: no state yet
  s.backend.records[2] = cc_record(2, "Proving");

  // Every record with a state, Removed included, in number order.
  CHECK(s.call("Filecoin.SectorsList", json::array(), kRead).at("result") ==
        json::array({1, 2, 3, 5}));
  CHECK(s.call("Filecoin.SectorsSummary", json::array(), kRead).at("result") ==
        json{{"Packing", 1}, {"Proving", 2}, {"Removed", 1}, {"", 1}});
  // Unknown state names are ignored; none known: nothing.
  CHECK(s.call("Filecoin.SectorsListInStates", json::array({json::array({"Proving", "Bogus"})}),
               kRead)
            .at("result") == json::array({2, 5}));
  CHECK(s.call("Filecoin.SectorsListInStates", json::array({json::array({"Bogus"})}), kRead)
            .at("result") == json::array());
  CHECK(s.call("Filecoin.SectorsListInStates", json::array({nullptr}), kRead).at("result") ==
        json::array());
}

TEST_CASE("SectorsStatus answers lotus's SectorInfo; a missing sector is NotFound",
          "[sectors-api]") {
  Served s;
  s.backend.records[7] = cc_record(7, "WaitSeed");
  miner::OnChainSectorInfo on_chain;
  on_chain.seal_proof = 5;
  on_chain.activation = 40;
  on_chain.expiration = 1000040;
  on_chain.initial_pledge = chain::BigInt::from_uint(99);
  s.backend.chain[7] = on_chain;

  const auto local = s.call("Filecoin.SectorsStatus", json::array({7, false}), kRead);
  REQUIRE(local.contains("result"));
  CHECK(local["result"].at("SectorID") == 7);
  CHECK(local["result"].at("State") == "WaitSeed");
  CHECK(local["result"].at("Deals") == json::array({0}));
  CHECK(local["result"].at("Ticket") == json{{"Value", "AQI="}, {"Epoch", 100}});
  CHECK(local["result"].at("Activation") == 0);
  CHECK(local["result"].at("InitialPledge") == "0");

  const auto with_chain = s.call("Filecoin.SectorsStatus", json::array({7, true}), kRead);
  CHECK(with_chain["result"].at("Activation") == 40);
  CHECK(with_chain["result"].at("Expiration") == 1000040);
  CHECK(with_chain["result"].at("InitialPledge") == "99");

  const auto missing = s.call("Filecoin.SectorsStatus", json::array({8, false}), kRead);
  REQUIRE(missing.contains("error"));
  CHECK(missing["error"].at("code") == jsonrpc::kNotFoundCode);
  CHECK(missing["error"].at("message") == "sector 8 not found");
  // Wrong parameter types are refused before the backend is asked.
  const auto bad = s.call("Filecoin.SectorsStatus", json::array({"seven", false}), kRead);
  CHECK(bad.contains("error"));
}

TEST_CASE("SectorsUpdate and SectorRemove", "[sectors-api]") {
  Served s;
  s.backend.records[7] = cc_record(7, "CommitFailed");

  SECTION("update-state to a state lotus does not know: InvalidInput, nothing changed") {
    const auto reply = s.call("Filecoin.SectorsUpdate", json::array({7, "Bogus"}));
    REQUIRE(reply.contains("error"));
    CHECK(reply["error"].at("code") == jsonrpc::kInvalidInputCode);
    CHECK_THAT(reply["error"].at("message").get<std::string>(),
               Catch::Contains("\"Bogus\"") && Catch::Contains("not changed"));
    CHECK(s.backend.forced.empty());
    CHECK(s.backend.records[7].state == "CommitFailed");
  }
  SECTION("update-state to a known state") {
    const auto reply = s.call("Filecoin.SectorsUpdate", json::array({7, "Committing"}));
    CHECK_FALSE(reply.contains("error"));
    CHECK_FALSE(reply.contains("result"));  // error-only method: no result key
    CHECK(s.backend.forced ==
          std::vector<std::pair<std::uint64_t, std::string>>{{7, "Committing"}});
  }
  SECTION("update-state of a missing sector: NotFound") {
    const auto reply = s.call("Filecoin.SectorsUpdate", json::array({9, "Committing"}));
    CHECK(reply["error"].at("code") == jsonrpc::kNotFoundCode);
    CHECK(s.backend.forced.empty());
  }
  SECTION("update-state needs admin") {
    const auto reply = s.call("Filecoin.SectorsUpdate", json::array({7, "Committing"}), kWrite);
    CHECK(reply.contains("error"));
    CHECK(s.backend.forced.empty());
  }
  SECTION("remove") {
    const auto reply = s.call("Filecoin.SectorRemove", json::array({7}));
    CHECK_FALSE(reply.contains("error"));
    CHECK(s.backend.removed == std::vector<std::uint64_t>{7});
    CHECK(s.call("Filecoin.SectorsSummary", json::array()).at("result") == json{{"Removed", 1}});
    const auto missing = s.call("Filecoin.SectorRemove", json::array({8}));
    CHECK(missing["error"].at("code") == jsonrpc::kNotFoundCode);
    CHECK(s.backend.removed.size() == 1);
  }
}

TEST_CASE("the batch queues' Pending and Flush methods in lotus's shapes", "[sectors-api]") {
  Served s;
  CHECK(s.call("Filecoin.SectorPreCommitPending", json::array())["result"] == json::array());
  CHECK(s.call("Filecoin.SectorPreCommitFlush", json::array())["result"] == json::array());
  s.backend.queue.pending = {4, 9};
  CHECK(s.call("Filecoin.SectorPreCommitPending", json::array())["result"] ==
        json::parse(R"([{"Miner":1000,"Number":4},{"Miner":1000,"Number":9}])"));
  // Admin only, as in lotus.
  CHECK(s.call("Filecoin.SectorPreCommitFlush", json::array(), kRead).contains("error"));
  CHECK(s.backend.queue.pending.size() == 2);
  // lotus sealiface.PreCommitBatchRes: Sectors, Msg (a CID link), Error.
  CHECK(s.call("Filecoin.SectorPreCommitFlush", json::array())["result"] ==
        json::array({{{"Sectors", {4, 9}}, {"Msg", {{"/", kBatchMessage}}}, {"Error", ""}}}));
  CHECK(s.backend.queue.pending.empty());
  // The codec reads it back, and refuses a result without its fields.
  const auto back = miner::batch_result_from_json(
      json{{"Sectors", {4}}, {"Msg", nullptr}, {"Error", "out of gas"}});
  CHECK(back.sectors == std::vector<std::uint64_t>{4});
  CHECK_FALSE(back.message);
  CHECK(back.error == "out of gas");
  CHECK_THROWS_AS(miner::batch_result_from_json(json{{"Sectors", {4}}}), InvalidInput);

  // The commit batcher's: lotus CommitBatchRes has FailedSectors too.
  s.backend.commits.pending = {11};
  CHECK(s.call("Filecoin.SectorCommitPending", json::array())["result"] ==
        json::parse(R"([{"Miner":1000,"Number":11}])"));
  CHECK(s.call("Filecoin.SectorCommitFlush", json::array())["result"] ==
        json::array({{{"Sectors", {11}},
                      {"Msg", {{"/", kBatchMessage}}},
                      {"Error", ""},
                      {"FailedSectors", json::object()}}}));
  CHECK(s.backend.commits.pending.empty());
}
