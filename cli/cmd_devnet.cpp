// `lotus-devnet` (also `lotus-miner devnet`): the embedded devnet's daemon and its API info.
#include <ostream>

#include "devnet/devnet_daemon.hpp"
#include "cli/commands.hpp"
#include "common/api_info.hpp"
#include "common/log.hpp"
#include "sealing/params/proof_mode.hpp"
#include "storage/repo/go_duration.hpp"
#include "storage/repo/repo.hpp"

namespace tessera::cli {
namespace {

std::filesystem::path devnet_repo_path(const Context& ctx) {
  return repo::expand_home(ctx.string("repo"));
}

std::chrono::milliseconds parse_epoch(const std::string& text) {
  std::chrono::milliseconds epoch;
  try {
    epoch = std::chrono::duration_cast<std::chrono::milliseconds>(repo::parse_go_duration(text));
  } catch (const InvalidInput& e) {
    throw UsageError("--epoch: invalid duration \"" + text + "\": " + e.what());
  }
  if (epoch < std::chrono::milliseconds(50))
    throw UsageError("--epoch: " + text + " is below the 50ms minimum");
  return epoch;
}

// The devnet's proving period for --challenge-window w epochs per deadline: 48 deadlines, the
// challenge drawn 2w/5 epochs before a deadline opens and faults declared up to 3w/5 epochs
// before (rounded up: w = 10 gives the 2k build's 4 and 6).
chain::ProvingParams proving_params(std::int64_t window) {
  if (window < 4 || window > 2880)
    throw UsageError("--challenge-window: between 4 and 2880 epochs, got " +
                     std::to_string(window));
  return chain::ProvingParams{.period_deadlines = 48,
                              .proving_period = 48 * window,
                              .challenge_window = window,
                              .challenge_lookback = (2 * window + 4) / 5,
                              .fault_declaration_cutoff = (3 * window + 4) / 5};
}

int run_action(Context& ctx) {
  if (ctx.boolean("vv")) log::set_all_levels("debug");
  chain::devnet::DaemonOptions options{.repo = devnet_repo_path(ctx)};
  options.params.epoch_duration = parse_epoch(ctx.string("epoch"));
  options.params.proofs = params::proof_mode_from_env();
  options.params.proving = proving_params(ctx.integer("challenge-window"));
  const std::int64_t port = ctx.integer("api");
  if (port < 0 || port > 65535) throw UsageError("--api: invalid port " + std::to_string(port));
  options.api_port = static_cast<std::uint16_t>(port);
  const std::int64_t keys = ctx.integer("wallet-keys");
  if (keys < 1 || keys > 100) throw UsageError("--wallet-keys: between 1 and 100");
  options.wallet_keys = static_cast<std::size_t>(keys);
  return chain::devnet::run_devnet(options);
}

// FULLNODE_API_INFO=<token>:<multiaddr> of the running devnet.
int api_info_action(Context& ctx) {
  const auto path = devnet_repo_path(ctx);
  const ApiInfo info{repo::Repo::read_api_token(path), repo::Repo::read_api_endpoint(path)};
  ctx.out() << format_api_info("FULLNODE_API_INFO", info) << "\n";
  return 0;
}

}  // namespace

Command make_devnet_command() {
  Command run{.name = "run",
              .usage = "Start the devnet: serve the full-node API and produce blocks",
              .flags = {{.name = "api",
                         .type = FlagType::kInt,
                         .usage = "port for the full-node API on 127.0.0.1 (0: any free port)",
                         .default_value = "1234"},
                        {.name = "epoch",
                         .usage = "time between blocks (Go duration, e.g. 4s, 200ms)",
                         .default_value = "4s"},
                        {.name = "challenge-window",
                         .type = FlagType::kInt,
                         .usage = "epochs per WindowPoSt deadline (48 per proving period); keep "
                                  "it for the repo's life",
                         .default_value = "10"},
                        {.name = "wallet-keys",
                         .type = FlagType::kInt,
                         .usage = "funded wallet keys to create in a new devnet",
                         .default_value = "2"},
                        {.name = "vv", .type = FlagType::kBool, .usage = "debug logging"}},
              .action = run_action};
  Command api_info{.name = "api-info",
                   .usage = "Print FULLNODE_API_INFO for the running devnet",
                   .action = api_info_action};
  return Command{.name = "devnet",
                 .usage = "Run tessera's embedded devnet (a local chain with the full-node API)",
                 .flags = {{.name = "repo",
                            .usage = "devnet repo path",
                            .default_value = "~/.lotus-devnet",
                            .env = {"LOTUS_DEVNET_PATH"}}},
                 .subcommands = {run, api_info}};
}

Command make_devnet_app() {
  Command app = make_devnet_command();
  app.name = "lotus-devnet";
  app.subcommands.push_back(make_version_command());
  return app;
}

}  // namespace tessera::cli
