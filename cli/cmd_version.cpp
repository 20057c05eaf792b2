#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/miner_api_client.hpp"
#include "common/jsonrpc/client.hpp"
#include "miner/version.hpp"

namespace tessera::cli {
namespace {

// lotus's APIVersion.String(): "<version>+api<major>.<minor>.<patch>" from the packed version.
std::string daemon_version_string(const nlohmann::json& v) {
  const auto api = v.at("APIVersion").get<std::uint32_t>();
  return v.at("Version").get<std::string>() + "+api" + std::to_string(api >> 16) + "." +
         std::to_string((api >> 8) & 0xff) + "." + std::to_string(api & 0xff);
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
                   auto v =
                       connect_miner_api(ctx)->call("Filecoin.Version", nlohmann::json::array());
                   ctx.out() << "Daemon:  " << daemon_version_string(v) << "\n";
                   ctx.out() << "Local: ";
                   return print_local_version(ctx);
                 }};
}

}  // namespace tessera::cli
