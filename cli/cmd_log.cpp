#include <nlohmann/json.hpp>

#include <ostream>

#include "common/api/common_api.hpp"
#include "cli/commands.hpp"
#include "cli/miner_api_client.hpp"
#include "common/jsonrpc/client.hpp"

namespace tessera::cli {

Command make_log_command() {
  Command list{.name = "list",
               .usage = "List log systems",
               .action = [](Context& ctx) {
                 for (const auto& name : api::call(*connect_miner_api(ctx), api::kLogList))
                   ctx.out() << name << "\n";
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
        if (systems.empty()) systems = api::call(*client, api::kLogList);
        for (const auto& system : systems) {
          api::call(*client, api::kLogSetLevel, system, ctx.args()[0]);
        }
        return 0;
      }};
  return Command{.name = "log",
                 .usage = "Manage logging",
                 .category = "DEVELOPER",
                 .subcommands = {list, set_level}};
}

}  // namespace tessera::cli
