// `lotus-miner actor`: change the miner actor's announced addresses and peer ID, and list its
// control addresses (lotus cmd/lotus-miner/actor.go).
#include <ostream>

#include "chain/types/miner_params.hpp"
#include "cli/commands.hpp"
#include "cli/full_node.hpp"
#include "cli/table_writer.hpp"
#include "common/base58.hpp"
#include "common/error.hpp"
#include "common/multiaddr.hpp"

namespace tessera::cli {
namespace {

constexpr auto kNet = chain::Network::kTestnet;

// Sends method with params to the miner actor from its worker; returns the message CID.
cid::Cid send_from_worker(Context& ctx, std::uint64_t method, Bytes params) {
  auto node = connect_full_node(ctx);
  const chain::Address miner = miner_actor_address(ctx);
  const auto info = node.state_miner_info(miner, {});
  chain::Message message;
  message.to = miner;
  message.from = info.worker;
  message.method = method;
  message.params = std::move(params);
  message.gas_limit = ctx.integer("gas-limit");
  return node.mpool_push_message(message).cid();
}

int set_addrs_action(Context& ctx) {
  chain::ChangeMultiaddrsParams params;
  for (const auto& text : ctx.args()) {
    try {
      params.new_multiaddrs.push_back(multiaddr_to_bytes(text));
    } catch (const InvalidInput& e) {
      throw UsageError(e.what());
    }
  }
  if (params.new_multiaddrs.empty() && !ctx.boolean("unset"))
    throw UsageError("no multiaddrs given (use --unset to remove them all)");
  const auto c = send_from_worker(ctx, chain::miner_method::kChangeMultiaddrs, encode(params));
  ctx.out() << "Requested multiaddrs change in message " << c.to_string() << "\n";
  return 0;
}

int set_peer_id_action(Context& ctx) {
  ctx.require_args(1);
  Bytes peer;
  try {
    peer = base58btc_decode(ctx.args()[0]);
  } catch (const InvalidInput& e) {
    throw UsageError("failed to parse input as a peerId: " + std::string(e.what()));
  }
  const auto c = send_from_worker(ctx, chain::miner_method::kChangePeerID,
                                  encode(chain::ChangePeerIDParams{peer}));
  ctx.out() << "Requested peerid change in message " << c.to_string() << "\n";
  return 0;
}

int control_list_action(Context& ctx) {
  auto node = connect_full_node(ctx);
  const chain::Address miner = miner_actor_address(ctx);
  const auto info = node.state_miner_info(miner, {});
  TableWriter table({"name", "ID", "key", "use", "balance"});
  const auto row = [&](const std::string& name, const chain::Address& id, const char* use) {
    const chain::Address key = node.state_account_key(id, {});
    table.add_row({{"name", name},
                   {"ID", node.state_lookup_id(id, {}).to_string(kNet)},
                   {"key", key.to_string(kNet)},
                   {"use", use},
                   {"balance", chain::format_fil(node.wallet_balance(key))}});
  };
  row("owner", info.owner, "other");
  row("worker", info.worker, "other");
  for (std::size_t i = 0; i < info.control_addresses.size(); ++i)
    row("control-" + std::to_string(i), info.control_addresses[i], "post");
  table.flush(ctx.out());
  return 0;
}

Flag gas_limit_flag() {
  return {
      .name = "gas-limit", .type = FlagType::kInt, .usage = "set gas limit", .default_value = "0"};
}

}  // namespace

Command make_actor_command() {
  Command set_addrs{.name = "set-addrs",
                    .aliases = {"set-addresses"},
                    .usage = "set addresses that your miner can be publicly dialed on",
                    .args_usage = "<multiaddrs>",
                    .flags = {gas_limit_flag(),
                              {.name = "unset", .type = FlagType::kBool, .usage = "unset address"}},
                    .action = set_addrs_action};
  Command set_peer_id{.name = "set-peer-id",
                      .usage = "set the peer id of your miner",
                      .args_usage = "<peer id>",
                      .flags = {gas_limit_flag()},
                      .action = set_peer_id_action};
  Command control_list{.name = "list",
                       .usage = "Get currently set control addresses",
                       .flags = {{.name = "verbose", .type = FlagType::kBool}},
                       .action = control_list_action};
  Command control{
      .name = "control", .usage = "Manage control addresses", .subcommands = {control_list}};
  return Command{.name = "actor",
                 .usage = "manipulate the miner actor",
                 .subcommands = {set_addrs, set_peer_id, control}};
}

}  // namespace tessera::cli
