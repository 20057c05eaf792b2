#include <nlohmann/json.hpp>

#include <ostream>

#include "cli/commands.hpp"
#include "cli/miner_api_client.hpp"
#include "common/jsonrpc/client.hpp"

namespace tessera::cli {

Command make_log_command() {
  Command list{.name = "list",
               .usage = "List log systems",
               .action = [](Context& ctx) {
                 auto systems = connect_miner_api(ctx)->call(
                     "Filecoin.LogList", nlohmann::json::array(), std::chrono::seconds(30));
                 for (const auto& name : systems) ctx.out() << name.get<std::string>() << "\n";
                 return 0;
               }};
  Command set_level{
      .name = "set-level",
      .usage = "Set log level",
      .args_usage = "[level]",
      .flags = {{.name = "system", .type = FlagType::kStringSlice,
                 .usage = "limit to log system"}},
      .action = [](Context& ctx) {
        ctx.require_args(1);
        auto client = connect_miner_api(ctx);
        auto systems = ctx.strings("system");
        if (systems.empty()) {
          for (const auto& name :
               client->call("Filecoin.LogList", nlohmann::json::array(), std::chrono::seconds(30))) {
            systems.push_back(name.get<std::string>());
          }
        }
        for (const auto& system : systems) {
          client->call("Filecoin.LogSetLevel", nlohmann::json::array({system, ctx.args()[0]}),
                       std::chrono::seconds(30));
        }
        return 0;
      }};
  return Command{.name = "log",
                 .usage = "Manage logging",
                 .category = "DEVELOPER",
                 .subcommands = {list, set_level}};
}

}  // namespace tessera::cli
