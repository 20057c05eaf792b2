#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>

#include "chain/api/full_node_client.hpp"
#include "chain/types/chain_json.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"

using namespace tessera;
using namespace tessera::chain;
using nlohmann::json;

namespace {

// A full node that answers each method with the example result lotus publishes for it in
// build/openrpc/full.json, and records the params it was called with. ChainNotify's "result"
// is the list of values its channel sends before it closes.
class ExampleNode {
 public:
  explicit ExampleNode(std::map<std::string, json> results) {
    for (auto& [name, result] : results) {
      const bool channel = name == "ChainNotify";
      registry_.add(jsonrpc::Method{"Filecoin." + name, "read", params_of(name),
                                    [this, name = name, result = result, channel](
                                        const json& params, jsonrpc::CallContext& call) {
                                      std::lock_guard lock(mu_);
                                      seen_[name] = params;
                                      if (!channel) return result;
                                      for (const auto& value : result) call.channel->send(value);
                                      call.channel->close();
                                      return json();
                                    },
                                    true, channel});
    }
    server_ = std::make_unique<jsonrpc::Server>(registry_, jsonrpc::Authenticator(Bytes(32, 1)),
                                                jsonrpc::ServerOptions{});
    port_ = server_->start();
  }
  ~ExampleNode() { server_->stop(); }

  FullNodeClient client(jsonrpc::Transport transport = jsonrpc::Transport::kHttp) const {
    return FullNodeClient(
        jsonrpc::Client::connect(ApiInfo{"", multiaddr_for("127.0.0.1", port_)}, transport));
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
                                                              {"MpoolPushMessage", 2},
                                                              {"ChainNotify", 0},
                                                              {"StateMinerDeadlines", 2},
                                                              {"StateMinerPartitions", 3},
                                                              {"StateMinerSectors", 3},
                                                              {"StateSectorGetInfo", 3},
                                                              {"StateSectorPreCommitInfo", 3},
                                                              {"StateMinerPower", 2},
                                                              {"StateSearchMsg", 4},
                                                              {"GasEstimateMessageGas", 3},
                                                              {"WalletSign", 2},
                                                              {"WalletDefaultAddress", 0},
                                                              {"StateLookupID", 2},
                                                              {"StateAccountKey", 2},
                                                              {"MinerGetBaseInfo", 3},
                                                              {"StateGetRandomnessFromBeacon", 4},
                                                              {"MpoolSelect", 2},
                                                              {"BeaconGetEntry", 1},
                                                              {"Version", 0}};
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

const char* const kDeadlines =  // Filecoin.StateMinerDeadlines
    R"([{"PostSubmissions":[5,1],"DisputableProofCount":42,"DailyFee":"0"}])";
const char* const kPartitions =  // Filecoin.StateMinerPartitions
    R"([{"AllSectors":[5,1],"FaultySectors":[5,1],"RecoveringSectors":[5,1],"LiveSectors":[5,1],")"
    R"(ActiveSectors":[5,1]}])";
const char* const kMinerSectors =  // Filecoin.StateMinerSectors
    R"([{"SectorNumber":9,"SealProof":8,"SealedCID":{"/":"bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyom)"
    R"(pjbmfeyf34fi3uy6uue42v4"},"Activation":10101,"Expiration":10101,"DealWeight":"0","Verified)"
    R"(DealWeight":"0","InitialPledge":"0","ExpectedDayReward":"0","ExpectedStoragePledge":"0","P)"
    R"(owerBaseEpoch":10101,"ReplacedDayReward":"0","SectorKeyCID":{"/":"bafy2bzacea3wsdh6y3a36tb)"
    R"(3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"},"Flags":0,"DailyFee":"0"}])";
const char* const kSectorInfo =  // Filecoin.StateSectorGetInfo
    R"({"SectorNumber":9,"SealProof":8,"SealedCID":{"/":"bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyomp)"
    R"(jbmfeyf34fi3uy6uue42v4"},"Activation":10101,"Expiration":10101,"DealWeight":"0","VerifiedD)"
    R"(ealWeight":"0","InitialPledge":"0","ExpectedDayReward":"0","ExpectedStoragePledge":"0","Po)"
    R"(werBaseEpoch":10101,"ReplacedDayReward":"0","SectorKeyCID":{"/":"bafy2bzacea3wsdh6y3a36tb3)"
    R"(skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"},"Flags":0,"DailyFee":"0"})";
const char* const kPreCommitInfo =  // Filecoin.StateSectorPreCommitInfo
    R"({"Info":{"SealProof":8,"SectorNumber":9,"SealedCID":{"/":"bafy2bzacea3wsdh6y3a36tb3skempjo)"
    R"(xqpuyompjbmfeyf34fi3uy6uue42v4"},"SealRandEpoch":10101,"DealIDs":[5432],"Expiration":10101)"
    R"(,"UnsealedCid":{"/":"bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"}},"Pr)"
    R"(eCommitDeposit":"0","PreCommitEpoch":10101})";
const char* const kMinerPower =  // Filecoin.StateMinerPower
    R"({"MinerPower":{"RawBytePower":"0","QualityAdjPower":"0"},"TotalPower":{"RawBytePower":"0",)"
    R"("QualityAdjPower":"0"},"HasMinPower":true})";
const char* const kGasEstimate =  // Filecoin.GasEstimateMessageGas
    R"({"Version":42,"To":"f01234","From":"f01234","Nonce":42,"Value":"0","GasLimit":9,"GasFeeCap)"
    R"(":"0","GasPremium":"0","Method":1,"Params":"Ynl0ZSBhcnJheQ==","CID":{"/":"bafy2bzacebbpdeg)"
    R"(vr3i4cosewthysg5xkxpqfn2wfcz6mv2hmoktwbdxkax4s"}})";
const char* const kSignature =  // Filecoin.WalletSign
    R"({"Type":2,"Data":"Ynl0ZSBhcnJheQ=="})";
const char* const kMiningBaseInfo =  // Filecoin.MinerGetBaseInfo
    R"({"MinerPower":"0","NetworkPower":"0","Sectors":[{"SealProof":8,"SectorNumber":9,"SectorKey)"
    R"(":{"/":"bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"},"SealedCID":{"/":)"
    R"("bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"}}],"WorkerKey":"f01234",")"
    R"(SectorSize":34359738368,"PrevBeaconEntry":{"Round":42,"Data":"Ynl0ZSBhcnJheQ=="},"BeaconEn)"
    R"(tries":[{"Round":42,"Data":"Ynl0ZSBhcnJheQ=="}],"EligibleForMining":true})";

const char* const kCid1 = "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4";
const char* const kTsk =
    R"([{"/":"bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4"}])";

// A one-block tipset at height.
TipSet tipset_at(std::int64_t height) {
  BlockHeader block;
  block.miner = Address::parse("f01234");
  block.height = height;
  block.parent_state_root = block.parent_message_receipts = block.messages = cid::Cid::parse(kCid1);
  return TipSet{{block}};
}

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

TEST_CASE("the full-node client's sector, power, gas, wallet and mining calls", "[fullnode]") {
  ExampleNode node({{"StateMinerDeadlines", json::parse(kDeadlines)},
                    {"StateMinerPartitions", json::parse(kPartitions)},
                    {"StateMinerSectors", json::parse(kMinerSectors)},
                    {"StateSectorGetInfo", json::parse(kSectorInfo)},
                    {"StateSectorPreCommitInfo", json::parse(kPreCommitInfo)},
                    {"StateMinerPower", json::parse(kMinerPower)},
                    {"StateSearchMsg", json::parse(kWaitMsg)},
                    {"GasEstimateMessageGas", json::parse(kGasEstimate)},
                    {"WalletSign", json::parse(kSignature)},
                    {"WalletDefaultAddress", "f01234"},
                    {"StateLookupID", "f01234"},
                    {"StateAccountKey", "f01234"},
                    {"MinerGetBaseInfo", json::parse(kMiningBaseInfo)}});
  auto api = node.client();
  const TipSetKey head{{cid::Cid::parse(kCid1)}};
  const auto tsk = json::parse(kTsk);
  const auto miner = Address::parse("f01234");

  const auto deadlines = api.state_miner_deadlines(miner, head);
  REQUIRE(deadlines.size() == 1);
  CHECK(deadlines[0].post_submissions == BitField::from_runs({5, 1}));
  CHECK(deadlines[0].disputable_proof_count == 42);
  CHECK(node.params("StateMinerDeadlines") == json::array({"f01234", tsk}));

  const auto partitions = api.state_miner_partitions(miner, 7, head);
  REQUIRE(partitions.size() == 1);
  CHECK(partitions[0].faulty_sectors.contains(5));
  CHECK(node.params("StateMinerPartitions") == json::array({"f01234", 7, tsk}));

  auto sectors = api.state_miner_sectors(miner, std::nullopt, head);
  REQUIRE(sectors.size() == 1);
  CHECK(sectors[0].sector_number == 9);
  CHECK(node.params("StateMinerSectors") == json::array({"f01234", nullptr, tsk}));
  sectors = api.state_miner_sectors(miner, BitField::from_runs({9, 1}), head);
  CHECK(node.params("StateMinerSectors") == json::parse(R"(["f01234",[9,1],)" + tsk.dump() + "]"));

  const auto sector = api.state_sector_get_info(miner, 9, head);
  REQUIRE(sector);
  CHECK(sector->sealed_cid.to_string() == kCid1);
  CHECK(sector->seal_proof == 8);
  CHECK(node.params("StateSectorGetInfo") == json::array({"f01234", 9, tsk}));

  const auto precommit = api.state_sector_precommit_info(miner, 9, head);
  REQUIRE(precommit);
  CHECK(precommit->info.deal_ids == std::vector<std::uint64_t>{5432});
  CHECK(precommit->pre_commit_epoch == 10101);
  CHECK(node.params("StateSectorPreCommitInfo") == json::array({"f01234", 9, tsk}));

  const auto power = api.state_miner_power(miner, head);
  CHECK(power.has_min_power);
  CHECK(power.total_power.raw_byte_power.is_zero());
  CHECK(node.params("StateMinerPower") == json::array({"f01234", tsk}));

  const auto found = api.state_search_msg(head, head.cids[0], 100, true);
  REQUIRE(found);
  CHECK(found->height == 10101);
  CHECK(found->receipt.gas_used == 9);
  CHECK(node.params("StateSearchMsg") == json::array({tsk, json{{"/", kCid1}}, 100, true}));

  Message message;
  message.from = miner;
  message.to = Address::from_id(1000);
  message.method = 16;
  const auto estimated = api.gas_estimate_message_gas(message, std::nullopt, head);
  CHECK(estimated.gas_limit == 9);
  CHECK(estimated.method == 1);
  CHECK(estimated.params == to_bytes("byte array"));
  auto sent = node.params("GasEstimateMessageGas");
  CHECK_FALSE(sent[0].contains("CID"));
  CHECK(sent[0]["Method"] == 16);
  CHECK(sent[0]["To"] == "f01000");
  CHECK(sent[1].is_null());
  CHECK(sent[2] == tsk);
  api.gas_estimate_message_gas(message, BigInt::parse("500000000000000000"), head);
  CHECK(node.params("GasEstimateMessageGas")[1] == json{{"MaxFee", "500000000000000000"}});

  const auto signature = api.wallet_sign(miner, to_bytes("byte array"));
  CHECK(signature.type == SignatureType::kBls);
  CHECK(signature.data == to_bytes("byte array"));
  CHECK(node.params("WalletSign") == json::array({"f01234", "Ynl0ZSBhcnJheQ=="}));

  CHECK(api.wallet_default_address() == miner);
  CHECK(node.params("WalletDefaultAddress") == json::array());
  const auto key = Address::parse("f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za");
  CHECK(api.state_lookup_id(key, head) == miner);
  CHECK(node.params("StateLookupID") == json::array({key.to_string(), tsk}));
  CHECK(api.state_account_key(miner, head) == miner);
  CHECK(node.params("StateAccountKey") == json::array({"f01234", tsk}));

  const auto base = api.miner_get_base_info(miner, 10102, head);
  REQUIRE(base);
  CHECK(base->eligible_for_mining);
  CHECK(base->sectors.size() == 1);
  CHECK(base->beacon_entries.size() == 1);
  CHECK(base->prev_beacon_entry.round == 42);
  CHECK(node.params("MinerGetBaseInfo") == json::array({"f01234", 10102, tsk}));
}

TEST_CASE("the full-node client sends lotus's params for messages, randomness and mining",
          "[fullnode]") {
  Message message;
  message.from = Address::parse("f01234");
  message.to = Address::from_id(1000);
  message.method = 16;
  const SignedMessage pushed{message, Signature{SignatureType::kSecp256k1, {1, 2, 3}}};
  ExampleNode node(
      {{"MpoolPushMessage", signed_message_to_json(pushed)},
       {"StateGetRandomnessFromBeacon", "Bw=="},
       {"MpoolSelect", nullptr},
       {"BeaconGetEntry", json::parse(R"({"Round":42,"Data":"Ynl0ZSBhcnJheQ=="})")},
       {"Version", json::parse(R"({"Version":"1.28.0","APIVersion":131840,"BlockDelay":30})")}});
  auto api = node.client();

  CHECK(api.mpool_push_message(message).cid() == pushed.cid());
  const auto sent = node.params("MpoolPushMessage");
  CHECK(sent[0] == [&] {
    auto j = message_to_json(message);
    j.erase("CID");
    return j;
  }());
  CHECK(sent[1].is_null());

  // Empty entropy goes as null, as Go sends a nil []byte.
  CHECK(api.state_get_randomness_from_beacon(DomainSeparationTag::kWinningPoStChallengeSeed, 7, {},
                                             {}) == Bytes{7});
  CHECK(node.params("StateGetRandomnessFromBeacon") == json::parse("[3,7,null,[]]"));

  CHECK(api.mpool_select({}, 0.5).empty());
  CHECK(node.params("MpoolSelect") == json::parse("[[],0.5]"));

  CHECK(api.beacon_get_entry(42).data == to_bytes("byte array"));
  CHECK(node.params("BeaconGetEntry") == json::array({42}));

  const auto version = api.version();
  CHECK(version.api_version == 131840);
  CHECK(version.block_delay == 30);
}

TEST_CASE("the full-node client reads null results as nothing found", "[fullnode]") {
  ExampleNode node({{"StateSectorGetInfo", nullptr},
                    {"StateSectorPreCommitInfo", nullptr},
                    {"StateSearchMsg", nullptr},
                    {"MinerGetBaseInfo", nullptr},
                    {"StateMinerSectors", nullptr},
                    {"StateMinerDeadlines", nullptr},
                    {"StateMinerPartitions", json::array()}});
  auto api = node.client();
  const auto miner = Address::parse("f01234");
  CHECK_FALSE(api.state_sector_get_info(miner, 9, {}));
  CHECK_FALSE(api.state_sector_precommit_info(miner, 9, {}));
  CHECK_FALSE(api.state_search_msg({}, cid::Cid::parse(kCid1), -1, false));
  CHECK_FALSE(api.miner_get_base_info(miner, 5, {}));
  CHECK(api.state_miner_sectors(miner, std::nullopt, {}).empty());
  CHECK(api.state_miner_deadlines(miner, {}).empty());
  CHECK(api.state_miner_partitions(miner, 0, {}).empty());
}

TEST_CASE("the full-node client names the method in a malformed result", "[fullnode]") {
  auto base = json::parse(kMiningBaseInfo);
  base.erase("WorkerKey");
  ExampleNode node({{"StateMinerDeadlines", json::parse(R"([{"PostSubmissions":"x"}])")},
                    {"StateMinerPartitions", json::object()},
                    {"MinerGetBaseInfo", base},
                    {"WalletSign", json::parse(R"({"Type":7,"Data":null})")},
                    {"WalletDefaultAddress", "<empty>"},
                    {"StateLookupID", 1234}});
  auto api = node.client();
  const auto miner = Address::parse("f01234");
  CHECK_THROWS_WITH(api.state_miner_deadlines(miner, {}),
                    Catch::Contains("StateMinerDeadlines") && Catch::Contains("PostSubmissions"));
  CHECK_THROWS_WITH(api.state_miner_partitions(miner, 0, {}),
                    Catch::Contains("StateMinerPartitions"));
  CHECK_THROWS_WITH(api.miner_get_base_info(miner, 5, {}),
                    Catch::Contains("MinerGetBaseInfo") && Catch::Contains("WorkerKey"));
  CHECK_THROWS_WITH(api.wallet_sign(miner, {}), Catch::Contains("WalletSign"));
  CHECK_THROWS_WITH(api.wallet_default_address(), Catch::Contains("WalletDefaultAddress"));
  CHECK_THROWS_AS(api.state_lookup_id(miner, {}), InvalidInput);
}

TEST_CASE("ChainNotify delivers head changes, skips malformed values, then closes", "[fullnode]") {
  const auto current = to_json(std::vector<HeadChange>{{"current", tipset_at(10)}});
  const auto apply =
      to_json(std::vector<HeadChange>{{"revert", tipset_at(10)}, {"apply", tipset_at(11)}});
  ExampleNode node(
      {{"ChainNotify", json::array({current, json::parse(R"([{"Type":"x"}])"), apply})}});
  auto api = node.client(jsonrpc::Transport::kWebSocket);

  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::vector<HeadChange>> values;
  bool closed = false;
  api.chain_notify(
      [&](std::vector<HeadChange> changes) {
        std::lock_guard lock(mu);
        values.push_back(std::move(changes));
      },
      [&] {
        std::lock_guard lock(mu);
        closed = true;
        cv.notify_all();
      });
  std::unique_lock lock(mu);
  REQUIRE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return closed; }));
  CHECK(node.params("ChainNotify") == json::array());
  REQUIRE(values.size() == 2);
  REQUIRE(values[0].size() == 1);
  CHECK(values[0][0].type == "current");
  CHECK(values[0][0].tipset.height() == 10);
  REQUIRE(values[1].size() == 2);
  CHECK(values[1][0].type == "revert");
  CHECK(values[1][1].type == "apply");
  CHECK(values[1][1].tipset.key() == tipset_at(11).key());
}

TEST_CASE("ChainNotify needs a WebSocket", "[fullnode]") {
  ExampleNode node({{"ChainNotify", json::array()}});
  auto api = node.client();
  CHECK_THROWS_AS(api.chain_notify([](std::vector<HeadChange>) {}, [] {}), InvalidInput);
}
