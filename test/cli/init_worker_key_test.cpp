// `lotus-miner init --create-worker-key` in one process against the in-process devnet served
// over JSON-RPC on 127.0.0.1 (FULLNODE_API_INFO): as lotus cmd/lotus-miner/init.go
// createStorageMiner, the node's wallet makes a new BLS key for the worker, a zero-value message
// from the owner creates its account, and CreateMiner names it; --worker overrides the flag, and
// an owner that is not on chain fails the init without leaving a repo behind.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "chain/api/full_node_connect.hpp"
#include "cli/command.hpp"
#include "cli/commands.hpp"
#include "common/api_info.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "devnet/devnet.hpp"
#include "devnet/devnet_api.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/datastore/miner_records.hpp"
#include "test/support/env_guard.hpp"
#include "test/support/keys.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::chain;

namespace {

using test::EnvGuard;

struct Output {
  int code;
  std::string out;
  std::string err;
};

// A devnet producing a block every 50 ms, served on /rpc/v1 with an admin token that
// FULLNODE_API_INFO names, and a miner repo path for init.
struct Cluster {
  Cluster() {
    devnet::DevnetParams params;
    params.epoch_duration = std::chrono::milliseconds(50);
    net.emplace(devnet::DevnetOptions{dir / "devnet", params, 2});
    devnet::register_full_node_api(registry, *net);
    const Bytes secret(32, 0x33);
    server.emplace(registry, jsonrpc::Authenticator(secret),
                   jsonrpc::ServerOptions{.threads = 4, .rpc_paths = {"/rpc/v1"}});
    info = ApiInfo{jwt::sign_token(secret, jwt::perms_up_to("admin")),
                   multiaddr_for("127.0.0.1", server->start())};
    env.emplace("FULLNODE_API_INFO", info.token + ":" + info.address);
    net->start();
  }
  ~Cluster() {
    server->stop();
    net->stop();
  }

  Output init(std::vector<std::string> flags) {
    std::vector<std::string> args{"--miner-repo", miner_repo.string(), "init", "--sector-size",
                                  "2KiB"};
    args.insert(args.end(), flags.begin(), flags.end());
    std::ostringstream out, err;
    const int code = cli::run_command_line(cli::make_miner_app(), args, out, err);
    return {code, out.str(), err.str()};
  }
  // The miner ID init recorded in the repo.
  std::uint64_t recorded_miner() const {
    const auto store = datastore::MetadataStore::open(miner_repo / "datastore" / "metadata");
    const auto id = datastore::read_miner_id(*store);
    REQUIRE(id);
    return *id;
  }
  std::uint64_t nonce(const Address& address) const { return net->next_nonce(address); }

  test::TempDir dir;
  std::filesystem::path miner_repo = dir / "miner";
  std::optional<devnet::Devnet> net;
  jsonrpc::Registry registry;
  std::optional<jsonrpc::Server> server;
  ApiInfo info;
  std::optional<EnvGuard> env;
};

}  // namespace

TEST_CASE("init --create-worker-key makes a BLS worker and creates its account",
          "[cli][init][devnet]") {
  Cluster c;
  const Address owner = c.net->wallet().default_address();
  const auto keys_before = c.net->wallet().addresses().size();
  const auto nonce_before = c.nonce(owner);

  const auto result = c.init({"--create-worker-key"});
  INFO(result.out << result.err);
  REQUIRE(result.code == 0);
  CHECK_THAT(result.out, Catch::Contains("Miner successfully created"));

  const Address miner = Address::from_id(c.recorded_miner());
  auto node = connect_full_node(c.info);
  const MinerInfo info = node.state_miner_info(miner, {});
  const Address worker = node.state_account_key(info.worker, {});
  CHECK(worker.protocol() == AddressProtocol::kBls);
  CHECK(c.net->wallet().has(worker));
  CHECK(c.net->wallet().addresses().size() == keys_before + 1);
  CHECK(node.state_account_key(info.owner, {}) == owner);
  CHECK(worker != owner);
  // The worker's account was made by a message from the owner before CreateMiner: two messages.
  CHECK(c.nonce(owner) == nonce_before + 2);
  CHECK(node.state_lookup_id(worker, {}) == info.worker);
}

TEST_CASE("init without --create-worker-key, or with --worker, makes no key",
          "[cli][init][devnet]") {
  Cluster c;
  const Address owner = c.net->wallet().default_address();
  const auto keys_before = c.net->wallet().addresses().size();
  const auto nonce_before = c.nonce(owner);
  auto node = connect_full_node(c.info);

  SECTION("the owner is the worker") {
    const auto result = c.init({});
    INFO(result.err);
    REQUIRE(result.code == 0);
    const MinerInfo info = node.state_miner_info(Address::from_id(c.recorded_miner()), {});
    CHECK(info.worker == info.owner);
    // Only CreateMiner: the owner's account exists, so no account-creating message.
    CHECK(c.nonce(owner) == nonce_before + 1);
  }
  SECTION("--worker overrides --create-worker-key") {
    const Address other = c.net->wallet().addresses().at(1);
    const auto result =
        c.init({"--create-worker-key", "--worker", other.to_string(Network::kTestnet)});
    INFO(result.err);
    REQUIRE(result.code == 0);
    const MinerInfo info = node.state_miner_info(Address::from_id(c.recorded_miner()), {});
    CHECK(node.state_account_key(info.worker, {}) == other);
    CHECK(c.nonce(owner) == nonce_before + 1);
  }
  CHECK(c.net->wallet().addresses().size() == keys_before);
}

TEST_CASE("init fails when the owner is not on chain, and leaves no repo", "[cli][init][devnet]") {
  Cluster c;
  const auto result =
      c.init({"--create-worker-key", "--owner", test::key_address(9).to_string(Network::kTestnet)});
  CHECK(result.code != 0);
  CHECK_THAT(result.err, Catch::Contains("sender must exist on chain"));
  CHECK_FALSE(std::filesystem::exists(c.miner_repo));
}
