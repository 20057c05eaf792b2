#include <ostream>

#include "cli/commands.hpp"
#include "cli/miner_api_client.hpp"
#include "storage/repo/config.hpp"

namespace tessera::cli {

Command make_config_command() {
  const Flag no_comment{.name = "no-comment", .type = FlagType::kBool,
                        .usage = "don't comment default values"};
  Command defaults{.name = "default",
                   .usage = "Print default node config",
                   .flags = {no_comment},
                   .action = [](Context& ctx) {
                     ctx.out() << repo::Config::defaults().render_toml(!ctx.boolean("no-comment"));
                     return 0;
                   }};
  Command updated{.name = "updated",
                  .usage = "Print updated node config",
                  .flags = {no_comment},
                  .action = [](Context& ctx) {
                    auto file = miner_repo_path(ctx) / "config.toml";
                    std::vector<std::string> warnings;
                    auto config = repo::Config::load(file, &warnings);
                    for (const auto& warning : warnings) ctx.err() << "WARN: " << warning << "\n";
                    ctx.out() << config.render_toml(!ctx.boolean("no-comment"));
                    return 0;
                  }};
  return Command{.name = "config",
                 .usage = "Manage node config",
                 .subcommands = {defaults, updated}};
}

}  // namespace tessera::cli
