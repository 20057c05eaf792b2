#include <nlohmann/json.hpp>
#include <ostream>

#include "common/api/common_api.hpp"
#include "cli/commands.hpp"
#include "cli/miner_api_client.hpp"
#include "common/jsonrpc/client.hpp"
#include "miner/version.hpp"

namespace tessera::cli {
namespace {

// lotus's APIVersion.String(): "<version>+api<major>.<minor>.<patch>" from the packed version.
std::string daemon_version_string(const api::VersionInfo& v) {
  const auto packed = v.api_version;
  return v.version + "+api" + std::to_string(packed >> 16) + "." +
         std::to_string((packed >> 8) & 0xff) + "." + std::to_string(packed & 0xff);
}

const Context& root_of(const Context& ctx) {
  const Context* root = &ctx;
  while (root->parent()) root = root->parent();
  return *root;
}

int print_local_version(Context& ctx) {
  ctx.out() << root_of(ctx).command().name << " version " << miner::kBuildVersion << "\n";
  return 0;
}

}  // namespace

Command make_version_command() {
  return Command{.name = "version", .usage = "Print version", .action = [](Context& ctx) {
                   return print_local_version(ctx);
                 }};
}

Command make_miner_version_command() {
  return Command{.name = "version", .usage = "Print version", .action = [](Context& ctx) {
                   // As lotus: the running daemon's version first (an error if none runs).
                   const auto v = api::call(*connect_miner_api(ctx), api::kVersion);
                   ctx.out() << "Daemon:  " << daemon_version_string(v) << "\n";
                   ctx.out() << "Local: ";
                   return print_local_version(ctx);
                 }};
}

}  // namespace tessera::cli
