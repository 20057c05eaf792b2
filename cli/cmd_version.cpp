#include <ostream>

#include "cli/commands.hpp"
#include "miner/version.hpp"

namespace tessera::cli {

Command make_version_command() {
  return Command{.name = "version",
                 .usage = "Print version",
                 .action = [](Context& ctx) {
                   const Context* root = &ctx;
                   while (root->parent()) root = root->parent();
                   ctx.out() << root->command().name << " version " << miner::kBuildVersion
                             << "\n";
                   return 0;
                 }};
}

}  // namespace tessera::cli
