#include <nlohmann/json.hpp>

#include <ostream>

#include "common/api/common_api.hpp"
#include "cli/commands.hpp"
#include "cli/miner_api_client.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jwt/jwt.hpp"

namespace tessera::cli {
namespace {

const Flag kPermFlag{.name = "perm",
                     .usage = "permission to assign to the token, one of: read, write, sign, admin"};

// Mints a token with the cumulative permissions up to --perm through Filecoin.AuthNew.
std::string new_token(const Context& ctx) {
  if (!ctx.is_set("perm")) throw UsageError("--perm flag not set");
  auto perms = jwt::perms_up_to(ctx.string("perm"));
  return to_string(api::call(*connect_miner_api(ctx), api::kAuthNew, perms));
}

}  // namespace

Command make_auth_command() {
  Command create{.name = "create-token",
                 .usage = "Create token",
                 .flags = {kPermFlag},
                 .action = [](Context& ctx) {
                   ctx.out() << new_token(ctx) << "\n";
                   return 0;
                 }};
  Command api_info{.name = "api-info",
                   .usage = "Get token with API info required to connect to this node",
                   .flags = {kPermFlag},
                   .action = [](Context& ctx) {
                     auto token = new_token(ctx);
                     auto info = miner_api_info(ctx);
                     info.token = token;
                     ctx.out() << format_api_info("MINER_API_INFO", info) << "\n";
                     return 0;
                   }};
  return Command{.name = "auth",
                 .usage = "Manage RPC permissions",
                 .category = "DEVELOPER",
                 .subcommands = {create, api_info}};
}

}  // namespace tessera::cli
