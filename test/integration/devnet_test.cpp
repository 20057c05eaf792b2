// The embedded devnet with real processes on 127.0.0.1: `lotus-miner init` creates a miner
// actor through it, `actor set-addrs` changes the actor, `info` and `proving info` read it back,
// malformed and unauthorised messages fail with lotus's exit codes and change nothing, and the
// chain survives a clean restart and a SIGKILL with every acknowledged message.
#include <signal.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "chain/api/full_node_connect.hpp"
#include "chain/types/chain_json.hpp"
#include "chain/types/miner_params.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "test/support/process.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;

namespace {

const std::string kBinary = TESSERA_BINARY;

struct Devnet {
  test::TempDir dir;
  std::filesystem::path repo = dir / "devnet";
  std::filesystem::path miner_repo = dir / "miner";
  std::unique_ptr<test::BackgroundProcess> process;
  int starts = 0;

  // Starts `lotus-miner devnet run` and waits until its API answers.
  void start(const std::string& epoch) {
    const auto log = dir / ("devnet-" + std::to_string(starts++) + ".log");
    process = std::make_unique<test::BackgroundProcess>(
        kBinary,
        std::vector<std::string>{"devnet", "--repo", repo.string(), "run", "--api", "0", "--epoch",
                                 epoch},
        test::EnvOverrides{}, log);
    for (int i = 0; i < 200; ++i) {
      if (std::filesystem::exists(repo / "api")) {
        try {
          client().chain_head();
          return;
        } catch (const Error&) {
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("devnet did not start: " << test::read_file(log));
  }
  void stop(int sig) {
    process->signal(sig);
    REQUIRE(process->wait(std::chrono::seconds(20)) != -1);
    process.reset();
  }
  ApiInfo api_info() const {
    return ApiInfo{test::read_file(repo / "token"), test::read_file(repo / "api")};
  }
  chain::FullNodeClient client() const { return chain::connect_full_node(api_info()); }
  test::ProcessResult miner_cli(const std::vector<std::string>& args) const {
    const auto info = api_info();
    return test::run_process(kBinary, args,
                             {{"LOTUS_MINER_PATH", miner_repo.string()},
                              {"MINER_API_INFO", ""},
                              {"FULLNODE_API_INFO", info.token + ":" + info.address}});
  }
};

// "Requested … in message <cid>" -> the CID.
cid::Cid message_cid(const std::string& out) {
  std::smatch m;
  REQUIRE(std::regex_search(out, m, std::regex("in message (bafy[a-z0-9]+)")));
  return cid::Cid::parse(m[1].str());
}

chain::MessageReceipt send_and_wait(chain::FullNodeClient& node, const chain::Message& message) {
  const auto signed_message = node.mpool_push_message(message);
  return node.state_wait_msg(signed_message.cid(), 0, -1, true).receipt;
}

}  // namespace

TEST_CASE("devnet: init a miner, change it, read it back, survive restarts",
          "[integration][devnet]") {
  Devnet net;
  net.start("200ms");
  auto node = net.client();

  // init creates the actor through the chain and records it in the repo.
  auto init = net.miner_cli({"init", "--sector-size", "2KiB"});
  INFO(init.out << init.err);
  REQUIRE(init.exit_code == 0);
  std::smatch m;
  REQUIRE(std::regex_search(init.err, m, std::regex("New miners address is: (t0[0-9]+) \\(t2")));
  const std::string miner_text = m[1].str();
  const auto miner = chain::Address::parse(miner_text);
  const auto owner = node.wallet_default_address();
  auto info = node.state_miner_info(miner, {});
  CHECK(info.sector_size == 2048);
  CHECK(info.window_post_proof_type == 10);
  CHECK(node.state_account_key(info.owner, {}) == owner);
  CHECK_FALSE(info.peer_id.empty());

  // actor set-addrs, then the actor holds the multiaddr's binary form.
  auto set_addrs =
      net.miner_cli({"--actor", miner_text, "actor", "set-addrs", "/ip4/127.0.0.1/tcp/2345"});
  INFO(set_addrs.err);
  REQUIRE(set_addrs.exit_code == 0);
  const auto set_cid = message_cid(set_addrs.out);
  CHECK(node.state_wait_msg(set_cid, 0, -1, true).receipt.exit_code == 0);
  info = node.state_miner_info(miner, {});
  // /ip4 (04) 127.0.0.1, /tcp (06) 2345 = 0x0929.
  REQUIRE(info.multiaddrs.size() == 1);
  CHECK(hex_encode(info.multiaddrs[0]) == "047f000001060929");

  // info, line by line.
  auto out = net.miner_cli({"--actor", miner_text, "info"});
  INFO(out.err);
  REQUIRE(out.exit_code == 0);
  CHECK_THAT(out.out, Catch::StartsWith("Chain: [sync ok] [basefee 100 aFIL]\n\nMiner: " +
                                        miner_text + " (2 KiB sectors)\n"));
  CHECK_THAT(out.out, Catch::Contains("Power: 0 B / 0 B (0.0000%)\n\tRaw: 0 B / 0 B (0.0000%)\n"
                                      "\tCommitted: 0 B\n\tProving: 0 B\n"
                                      "Below minimum power threshold, no blocks will be won\n"
                                      "Miner Balance:    0\n"));
  CHECK_THAT(out.out, Catch::Contains("Worker Balance:   1000000 FIL\n"));
  auto proving = net.miner_cli({"--actor", miner_text, "proving", "info"});
  REQUIRE(proving.exit_code == 0);
  CHECK_THAT(proving.out, Catch::StartsWith("Miner: " + miner_text + "\nCurrent Epoch:"));
  CHECK_THAT(proving.out, Catch::Contains("Faults:      0 (0.00%)\n"));
  auto control = net.miner_cli({"--actor", miner_text, "actor", "control", "list"});
  CHECK_THAT(control.out, Catch::StartsWith("name    ID     key"));
  // With the miner running, info asks it for its subsystems and start time, and finds the actor.
  {
    const auto info = net.api_info();
    test::BackgroundProcess miner(kBinary, {"run", "--miner-api", "0"},
                                  {{"LOTUS_MINER_PATH", net.miner_repo.string()},
                                   {"FULLNODE_API_INFO", info.token + ":" + info.address}},
                                  net.dir / "miner.log");
    REQUIRE(net.miner_cli({"wait-api", "--timeout", "30s"}).exit_code == 0);
    auto running = net.miner_cli({"info"});
    INFO(running.err);
    CHECK_THAT(running.out, Catch::StartsWith("Enabled subsystems: [Mining Sealing SectorStorage]\n"
                                              "StartTime: "));
    CHECK_THAT(running.out, Catch::Contains("\nMiner: " + miner_text + " (2 KiB sectors)\n"));
    net.miner_cli({"stop"});
    miner.wait(std::chrono::seconds(10));
  }

  // A malformed params blob fails with USR_SERIALIZATION and changes nothing.
  chain::Message bad;
  bad.to = miner;
  bad.from = owner;
  bad.method = chain::miner_method::kChangeMultiaddrs;
  bad.params = Bytes{0xff, 0x00};
  CHECK(send_and_wait(node, bad).exit_code == 21);
  CHECK(node.state_miner_info(miner, {}) == info);
  // A sender that is not the owner, worker or a control address is forbidden (USR_FORBIDDEN).
  chain::Address stranger;
  {
    auto keys = jsonrpc::Client::connect(net.api_info(), jsonrpc::Transport::kHttp,
                                         jsonrpc::ClientOptions{.rpc_path = "/rpc/v1"});
    for (const auto& a : keys->call("Filecoin.WalletList", nlohmann::json::array()))
      if (chain::Address::parse(a.get<std::string>()) != owner)
        stranger = chain::Address::parse(a.get<std::string>());
  }
  chain::Message forbidden;
  forbidden.to = miner;
  forbidden.from = stranger;
  forbidden.method = chain::miner_method::kChangeMultiaddrs;
  forbidden.params = chain::encode(chain::ChangeMultiaddrsParams{{Bytes{0x04, 1, 2, 3, 4}}});
  CHECK(send_and_wait(node, forbidden).exit_code == 18);
  CHECK(node.state_miner_info(miner, {}) == info);
  // A message whose signature is not its sender's never reaches the pool.
  {
    chain::Message unsigned_message = forbidden;
    unsigned_message.nonce = 100;
    auto raw = jsonrpc::Client::connect(net.api_info(), jsonrpc::Transport::kHttp,
                                        jsonrpc::ClientOptions{.rpc_path = "/rpc/v1"});
    chain::SignedMessage forged{unsigned_message,
                                chain::Signature{chain::SignatureType::kSecp256k1, Bytes(65, 1)}};
    CHECK_THROWS_WITH(raw->call("Filecoin.MpoolPush",
                                nlohmann::json::array({chain::signed_message_to_json(forged)})),
                      Catch::Contains("signature"));
  }

  // A clean restart continues the same chain with the same actor state; with a long epoch no
  // block is produced, so two restarts in a row find the very same head.
  const auto seen = node.chain_head();
  net.stop(SIGTERM);
  net.start("1h");
  node = net.client();
  CHECK(node.chain_get_tipset_by_height(seen.height(), {}).key() == seen.key());
  CHECK(node.state_miner_info(miner, {}) == info);
  const auto head = node.chain_head();
  net.stop(SIGTERM);
  net.start("1h");
  node = net.client();
  CHECK(node.chain_head().key() == head.key());
  CHECK(node.state_miner_info(miner, {}) == info);

  // SIGKILL right after a message is acknowledged: after the restart it is still applied.
  auto set_peer = net.miner_cli({"--actor", miner_text, "actor", "set-peer-id",
                                 "12D3KooWQyhvfqS8JGJQotfsQH9jo3cKwSL9e4fhzjvgUYy3wk6R"});
  REQUIRE(set_peer.exit_code == 0);
  const auto peer_cid = message_cid(set_peer.out);
  net.stop(SIGKILL);
  net.start("200ms");
  node = net.client();
  CHECK(node.state_wait_msg(peer_cid, 0, -1, true).receipt.exit_code == 0);
  CHECK(node.state_miner_info(miner, {}).peer_id ==
        "12D3KooWQyhvfqS8JGJQotfsQH9jo3cKwSL9e4fhzjvgUYy3wk6R");
  net.stop(SIGTERM);
}
