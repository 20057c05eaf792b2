#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <mutex>

#include "chain/api/full_node_client.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"

using namespace tessera;
using namespace tessera::chain;
using nlohmann::json;

namespace {

// A full node that answers each method with the example result lotus publishes for it in
// build/openrpc/full.json, and records the params it was called with.
class ExampleNode {
 public:
  explicit ExampleNode(std::map<std::string, json> results) {
    for (auto& [name, result] : results) {
      registry_.add(jsonrpc::Method{
          "Filecoin." + name, "read", params_of(name),
          [this, name = name, result = result](const json& params, jsonrpc::CallContext&) {
            std::lock_guard lock(mu_);
            seen_[name] = params;
            return result;
          }});
    }
    server_ = std::make_unique<jsonrpc::Server>(registry_, jsonrpc::Authenticator(Bytes(32, 1)),
                                                jsonrpc::ServerOptions{});
    port_ = server_->start();
  }
  ~ExampleNode() { server_->stop(); }

  FullNodeClient client() const {
    return FullNodeClient(jsonrpc::Client::connect(ApiInfo{"", multiaddr_for("127.0.0.1", port_)},
                                                   jsonrpc::Transport::kHttp));
  }
  json params(const std::string& name) {
    std::lock_guard lock(mu_);
    return seen_.at(name);
  }

 private:
  static std::size_t params_of(const std::string& name) {
    static const std::map<std::string, std::size_t> counts = {{"StateMinerInfo", 2},
                                                              {"StateMinerProvingDeadline", 2},
                                                              {"StateNetworkVersion", 1},
                                                              {"WalletBalance", 1},
                                                              {"StateMinerAvailableBalance", 2},
                                                              {"StateGetRandomnessFromTickets", 4},
                                                              {"StateWaitMsg", 4},
                                                              {"StateMinerAllocated", 2},
                                                              {"MpoolPushMessage", 2}};
    return counts.at(name);
  }

  jsonrpc::Registry registry_;
  std::unique_ptr<jsonrpc::Server> server_;
  std::uint16_t port_ = 0;
  std::mutex mu_;
  std::map<std::string, json> seen_;
};

// Example results copied from lotus build/openrpc/full.json.
const char* const kMinerInfo =
    R"({"Owner":"f01234","Worker":"f01234","NewWorker":"f01234","ControlAddresses":["f01234"],"WorkerChangeEpoch":10101,)"
    R"("PeerId":"12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf","Multiaddrs":["Ynl0ZSBhcnJheQ=="],)"
    R"("WindowPoStProofType":8,"SectorSize":34359738368,"WindowPoStPartitionSectors":42,"ConsensusFaultElapsed":10101,)"
    R"("PendingOwnerAddress":"f01234","Beneficiary":"f01234","BeneficiaryTerm":{"Quota":"0","UsedQuota":"0","Expiration":10101},)"
    R"("PendingBeneficiaryTerm":{"NewBeneficiary":"f01234","NewQuota":"0","NewExpiration":10101,"ApprovedByBeneficiary":true,)"
    R"("ApprovedByNominee":true}})";
const char* const kProvingDeadline =
    R"({"CurrentEpoch":10101,"PeriodStart":10101,"Index":42,"Open":10101,"Close":10101,"Challenge":10101,)"
    R"("FaultCutoff":10101,"WPoStPeriodDeadlines":42,"WPoStProvingPeriod":10101,"WPoStChallengeWindow":10101,)"
    R"("WPoStChallengeLookback":10101,"FaultDeclarationCutoff":10101})";
const char* const kWaitMsg =
    R"({"Message":{"/":"bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"},"Receipt":{"ExitCode":0,)"
    R"("Return":"Ynl0ZSBhcnJheQ==","GasUsed":9,"EventsRoot":{"/":"bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"}},)"
    R"("ReturnDec":{},"TipSet":[{"/":"bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"},)"
    R"({"/":"bafy2bzacebp3shtrn43k7g3unredz7fxn4gj533d3o43tqn2p2ipxxhrvchve"}],"Height":10101})";

}  // namespace

TEST_CASE("the full-node client parses lotus's example results and sends lotus's params",
          "[fullnode]") {
  ExampleNode node({{"StateMinerInfo", json::parse(kMinerInfo)},
                    {"StateMinerProvingDeadline", json::parse(kProvingDeadline)},
                    {"StateNetworkVersion", 29},
                    {"WalletBalance", "1500000000000000000"},
                    {"StateMinerAvailableBalance", "0"},
                    {"StateGetRandomnessFromTickets", "Bw=="},
                    {"StateWaitMsg", json::parse(kWaitMsg)},
                    {"StateMinerAllocated", json::array({0, 3, 2, 1})}});
  auto api = node.client();
  const TipSetKey head{
      {cid::Cid::parse("bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4")}};
  const auto miner = Address::parse("f01234");

  auto info = api.state_miner_info(miner, head);
  CHECK(info.owner == miner);
  CHECK(info.control_addresses.size() == 1);
  CHECK(info.peer_id == "12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf");
  CHECK(info.multiaddrs[0] == to_bytes("byte array"));
  CHECK(info.sector_size == 34359738368ULL);
  CHECK(info.window_post_partition_sectors == 42);
  CHECK(
      node.params("StateMinerInfo") ==
      json::parse(
          R"(["f01234",[{"/":"bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"}]])"));

  auto deadline = api.state_miner_proving_deadline(miner, head);
  CHECK(deadline.index == 42);
  CHECK(deadline.params.period_deadlines == 42);
  CHECK(deadline.params.fault_declaration_cutoff == 10101);

  CHECK(api.state_network_version(head) == 29);
  CHECK(format_fil(api.wallet_balance(miner)) == "1.5 FIL");
  CHECK(api.state_miner_available_balance(miner, head).is_zero());

  CHECK(api.state_get_randomness_from_tickets(DomainSeparationTag::kSealRandomness, 100,
                                              hex_decode("00e807"), head) == Bytes{7});
  CHECK(node.params("StateGetRandomnessFromTickets")[0] == 5);
  CHECK(node.params("StateGetRandomnessFromTickets")[2] == "AOgH");

  auto lookup = api.state_wait_msg(head.cids[0], 5, -1, true);
  CHECK(lookup.receipt.exit_code == 0);
  CHECK(lookup.receipt.return_value == to_bytes("byte array"));
  CHECK(lookup.tipset.cids.size() == 2);
  CHECK(lookup.height == 10101);

  auto allocated = api.state_miner_allocated(miner, head);  // runs [0,3,2,1]: bits 0-2 and 5
  CHECK(allocated.contains(0));
  CHECK(allocated.contains(2));
  CHECK_FALSE(allocated.contains(3));
  CHECK_FALSE(allocated.contains(4));
  CHECK(allocated.contains(5));
  CHECK(allocated.count() == 4);
}

TEST_CASE("the full-node client refuses malformed replies", "[fullnode]") {
  auto info = json::parse(kMinerInfo);
  info.erase("SectorSize");
  ExampleNode node(
      {{"StateMinerInfo", info}, {"WalletBalance", 5}, {"StateNetworkVersion", "twenty"}});
  auto api = node.client();
  CHECK_THROWS_WITH(api.state_miner_info(Address::parse("f01234"), {}),
                    Catch::Contains("SectorSize"));
  CHECK_THROWS_AS(api.wallet_balance(Address::parse("f01234")), InvalidInput);
  CHECK_THROWS_AS(api.state_network_version({}), InvalidInput);
  CHECK_THROWS_AS(api.chain_head(), jsonrpc::RpcError);  // not served: "method not found"
}

TEST_CASE("bitfields in lotus's JSON run-length form", "[fullnode]") {
  CHECK(bitfield_to_json(BitField::from_runs({5, 1})) == json::parse("[5,1]"));
  CHECK(bitfield_to_json(BitField()) == json::parse("[0]"));
  CHECK(bitfield_from_json(json::parse("[0]")).empty());
  CHECK_THROWS_AS(bitfield_from_json(json::parse("[-1]")), InvalidInput);
  CHECK_THROWS_AS(bitfield_from_json(json::parse("{}")), InvalidInput);
}
