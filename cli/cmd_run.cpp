#include <ostream>

#include "common/api/common_api.hpp"
#include "cli/commands.hpp"
#include "cli/miner_api_client.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/log.hpp"
#include "miner/node.hpp"
#include "storage/repo/go_duration.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

namespace tessera::cli {
namespace {

std::uint16_t parse_port(const std::string& text) {
  try {
    std::size_t used = 0;
    long value = std::stol(text, &used, 10);
    if (used == text.size() && value >= 0 && value <= 65535)
      return static_cast<std::uint16_t>(value);
  } catch (const std::exception&) {
  }
  throw UsageError("--miner-api: invalid port \"" + text + "\"");
}

// --timeout as Go duration text ("30s", "2m", "1m30s", "500ms").
std::chrono::milliseconds parse_timeout(const std::string& text) {
  try {
    return std::chrono::duration_cast<std::chrono::milliseconds>(repo::parse_go_duration(text));
  } catch (const InvalidInput& e) {
    throw UsageError("invalid duration \"" + text + "\": " + e.what());
  }
}

}  // namespace

Command make_run_command() {
  return Command{
      .name = "run",
      .usage = "Start a lotus miner process",
      .flags =
          {{.name = "miner-api", .usage = "Port number to use for miner API"},
           {.name = "enable-gpu-proving",
            .type = FlagType::kBool,
            .usage = "enable use of GPU for mining operations",
            .default_value = "true"},
           {.name = "nosync",
            .type = FlagType::kBool,
            .usage = "don't check full-node sync status"},
           {.name = "manage-fdlimit",
            .type = FlagType::kBool,
            .usage = "manage open file limit",
            .default_value = "true"},
           {.name = "window-post",
            .type = FlagType::kBool,
            .usage = "enable window PoSt on this miner",
            .default_value = "true"},
           {.name = "winning-post",
            .type = FlagType::kBool,
            .usage = "enable winning PoSt (block production) on this miner",
            .default_value = "true"},
           {.name = "p2p",
            .type = FlagType::kBool,
            .usage = "connect this miner to the libp2p network",
            .default_value = "true"},
           {.name = "sctype",
            .usage =
                "sector number service role: alloce (serve numbers) or get (take numbers from it)"},
           {.name = "sclisten",
            .usage = "IP:PORT of the sector number service (required with --sctype)"}},
      .action = [](Context& ctx) {
        if (ctx.boolean("vv")) log::set_all_levels("debug");
        miner::NodeOptions options{.repo_path = miner_repo_path(ctx)};
        if (ctx.is_set("miner-api")) options.api_port = parse_port(ctx.string("miner-api"));
        options.roles = {ctx.boolean("window-post"), ctx.boolean("winning-post"),
                         ctx.boolean("p2p"), ctx.string("sctype"), ctx.string("sclisten")};
        try {
          miner::validate_roles(options.roles);
        } catch (const InvalidInput& e) {
          throw UsageError(e.what());
        }
        return miner::run_node(options);
      }};
}

Command make_stop_command() {
  return Command{.name = "stop", .usage = "Stop a running lotus miner", .action = [](Context& ctx) {
                   api::call(*connect_miner_api(ctx), api::kShutdown);
                   return 0;
                 }};
}

Command make_wait_api_command() {
  return Command{
      .name = "wait-api",
      .usage = "Wait for lotus api to come online",
      .category = "DEVELOPER",
      .flags = {{.name = "timeout", .usage = "duration to wait till fail", .default_value = "30s"}},
      .action = [](Context& ctx) {
        auto deadline = std::chrono::steady_clock::now() + parse_timeout(ctx.string("timeout"));
        std::string last_error;
        while (std::chrono::steady_clock::now() < deadline) {
          try {
            api::call_within(std::chrono::seconds(5), *connect_miner_api(ctx), api::kVersion);
            return 0;
          } catch (const std::exception& e) {
            last_error = e.what();
          }
          ctx.out() << "Not online yet... (" << last_error << ")\n";
          std::this_thread::sleep_for(std::chrono::seconds(1));
        }
        throw Error("timed out waiting for api to come online: " + last_error);
      }};
}

}  // namespace tessera::cli
