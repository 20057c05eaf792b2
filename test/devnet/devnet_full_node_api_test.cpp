// The full-node client against the devnet's API over real HTTP and WebSocket on 127.0.0.1:
// every method the miner uses answers in a shape the client reads, with values that agree with
// the devnet's own state; permissions follow lotus (read / write / sign).
#include <catch2/catch.hpp>
#include <condition_variable>
#include <mutex>

#include "chain/api/full_node_connect.hpp"
#include "devnet/devnet.hpp"
#include "devnet/devnet_api.hpp"
#include "chain/types/election.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::chain;

namespace {

struct Served {
  test::TempDir dir;
  devnet::Devnet net{devnet::DevnetOptions{dir.path(), devnet::DevnetParams{}, 2}};
  jsonrpc::Registry registry;
  Bytes secret = Bytes(32, 9);
  std::unique_ptr<jsonrpc::Server> server;
  std::uint16_t port = 0;

  Served() {
    devnet::register_full_node_api(registry, net);
    server = std::make_unique<jsonrpc::Server>(
        registry, jsonrpc::Authenticator(secret),
        jsonrpc::ServerOptions{.threads = 4, .rpc_paths = {"/rpc/v1"}});
    port = server->start();
  }
  ~Served() {
    net.stop();
    server->stop();
  }
  FullNodeClient client(const std::vector<std::string>& perms,
                        jsonrpc::Transport transport = jsonrpc::Transport::kHttp) const {
    return connect_full_node(
        ApiInfo{jwt::sign_token(secret, perms), multiaddr_for("127.0.0.1", port)}, transport);
  }
};

}  // namespace

TEST_CASE("the full-node client reads everything the devnet serves", "[devnet][fullnode]") {
  Served s;
  for (int i = 0; i < 3; ++i) s.net.produce_block();
  auto node = s.client({"read", "write", "sign"});
  const Address producer = Address::from_id(devnet::kProducerMinerId);

  const auto head = node.chain_head();
  CHECK(head.height() == 3);
  CHECK(head.key() == s.net.head().key());
  CHECK(node.chain_get_tipset_by_height(1, head.key()).key() == s.net.tipset_at(1).key());

  CHECK_THROWS_AS(node.state_miner_info(Address::from_id(devnet::kFirstAccountId), {}),
                  NotFound);  // an account is no miner; the devnet's NotFound arrives as such
  const auto info = node.state_miner_info(producer, {});
  CHECK(info.sector_size == 2048);
  CHECK(info.window_post_proof_type == 10);
  const auto dl = node.state_miner_proving_deadline(producer, {});
  CHECK(dl.current_epoch == 3);
  CHECK(dl.params.proving_period == s.net.params().proving.proving_period);
  CHECK(node.state_miner_deadlines(producer, {}).size() == 48);
  CHECK(node.state_miner_partitions(producer, 0, {}).empty());
  CHECK(node.state_miner_sectors(producer, std::nullopt, {}).empty());
  CHECK_FALSE(node.state_sector_get_info(producer, 1, {}));
  CHECK_FALSE(node.state_sector_precommit_info(producer, 1, {}));
  CHECK(node.state_miner_allocated(producer, {}).empty());
  const auto power = node.state_miner_power(producer, {});
  CHECK(power.miner_power.raw_byte_power == BigInt());
  CHECK_FALSE(power.has_min_power);
  CHECK(node.state_miner_sector_count(producer, {}) == MinerSectorCount{});
  CHECK(node.state_read_miner_funds(producer, {}).balance == BigInt());
  CHECK(node.state_market_balance(producer, {}) == MarketBalance{});
  CHECK(node.state_miner_available_balance(producer, {}) == BigInt());
  CHECK(node.state_network_version({}) == s.net.params().network_version);
  CHECK(
      node.state_get_randomness_from_tickets(DomainSeparationTag::kSealRandomness, 2, {1, 2}, {}) ==
      s.net.ticket_randomness(DomainSeparationTag::kSealRandomness, 2, {1, 2}));
  CHECK(node.state_get_randomness_from_beacon(DomainSeparationTag::kWindowedPoStChallengeSeed, 2,
                                              {}, {}) ==
        s.net.beacon_randomness(DomainSeparationTag::kWindowedPoStChallengeSeed, 2, {}));
  CHECK(node.beacon_get_entry(2) == s.net.beacon_entry(2));

  // Wallet: the default key, its ID, balance and a signature that verifies.
  const Address owner = node.wallet_default_address();
  CHECK(owner == s.net.wallet().default_address());
  CHECK(node.state_lookup_id(owner, {}) == Address::from_id(devnet::kFirstAccountId));
  CHECK(node.state_account_key(Address::from_id(devnet::kFirstAccountId), {}) == owner);
  CHECK(node.wallet_balance(owner) == s.net.params().genesis_balance);
  const Bytes data{'d', 'e', 'v'};
  CHECK(verify_signature(owner, data, node.wallet_sign(owner, data)));

  // A message: gas estimate, push, pending in MpoolSelect, included, found by wait and search.
  Message send;
  send.to = s.net.wallet().addresses()[1];
  send.from = owner;
  send.value = BigInt::from_uint(1000);
  const auto estimated = node.gas_estimate_message_gas(send, std::nullopt, {});
  CHECK(estimated.gas_limit >= devnet::gas_for(send));
  const auto pushed = node.mpool_push_message(send);
  CHECK(pushed.message.nonce == 0);
  REQUIRE(node.mpool_select({}, 1.0).size() == 1);
  s.net.produce_block();
  const auto waited = node.state_wait_msg(pushed.cid(), 0, -1, true);
  CHECK(waited.receipt.exit_code == 0);
  CHECK(waited.height == 4);
  CHECK(node.state_search_msg({}, pushed.cid(), -1, true) == waited);
  CHECK(node.mpool_select({}, 1.0).empty());

  // The producer has no power: it is not eligible and has no sectors to prove.
  const auto base = node.miner_get_base_info(producer, 5, {});
  REQUIRE(base);
  CHECK_FALSE(base->eligible_for_mining);
  CHECK(base->sectors.empty());
  CHECK_FALSE(node.miner_get_base_info(producer, 9, {}));  // not the next round
  // A block for the wrong round is refused by the node.
  BlockTemplate stale;
  stale.miner = producer;
  stale.parents = head.key();
  stale.epoch = head.height() + 1;
  CHECK_THROWS_WITH(node.miner_create_block(stale), Catch::Contains("not for the next block"));
  // A block the node did not make is checked and refused over SyncSubmitBlock.
  BlockMsg forged;
  forged.header = s.net.head().blocks[0];
  CHECK_THROWS_WITH(node.sync_submit_block(forged), Catch::Contains("block rejected"));
}

TEST_CASE("devnet API permissions and ChainNotify", "[devnet][fullnode]") {
  Served s;
  // A read token reads; pushing and signing need 'sign'.
  auto reader = s.client({"read"});
  CHECK(reader.chain_head().height() == 0);
  Message send;
  send.to = s.net.wallet().addresses()[1];
  send.from = s.net.wallet().default_address();
  CHECK_THROWS_WITH(reader.mpool_push_message(send), Catch::Contains("missing permission"));
  CHECK_THROWS_WITH(reader.wallet_sign(send.from, {1}), Catch::Contains("missing permission"));

  // ChainNotify sends the current head, then each new block.
  auto ws = s.client({"read"}, jsonrpc::Transport::kWebSocket);
  std::mutex mu;
  std::condition_variable cv;
  std::vector<HeadChange> seen;
  ws.chain_notify(
      [&](std::vector<HeadChange> changes) {
        std::lock_guard lock(mu);
        seen.insert(seen.end(), changes.begin(), changes.end());
        cv.notify_all();
      },
      [] {});
  s.net.produce_block();
  std::unique_lock lock(mu);
  REQUIRE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return seen.size() >= 2; }));
  CHECK(seen[0].type == "current");
  CHECK(seen[0].tipset.height() == 0);
  CHECK(seen[1].type == "apply");
  CHECK(seen[1].tipset.height() == 1);
}
