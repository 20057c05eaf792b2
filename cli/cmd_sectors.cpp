// lotus-miner sectors: so far the `numbers` commands (sector number assignment and
// reservations), printing what lotus prints (cli/miner/sectors.go).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "chain/api/full_node_client.hpp"
#include "storage/sectorid/number_api.hpp"
#include "cli/commands.hpp"
#include "cli/miner_api_client.hpp"
#include "common/jsonrpc/client.hpp"

namespace tessera::cli {
namespace {

using nlohmann::json;

int numbers_info(Context& ctx) {
  const auto meta = api::call(*connect_miner_api(ctx), sectorid::kSectorNumAssignerMeta);
  ctx.out() << "Next free: " << meta.next << "\n";
  ctx.out() << "Allocated: " << meta.allocated.to_human_ranges() << "\n";
  ctx.out() << "Reserved: " << meta.reserved.to_human_ranges() << "\n";
  return 0;
}

int numbers_reservations(Context& ctx) {
  std::vector<std::string> lines;
  for (const auto& [name, field] :
       api::call(*connect_miner_api(ctx), sectorid::kSectorNumReservations)) {
    lines.push_back(name + ": count=" + std::to_string(field.count()) + " " +
                    field.to_human_ranges());
  }
  std::sort(lines.begin(), lines.end());
  ctx.out() << "reservations: " << lines.size() << "\n";
  for (const auto& line : lines) ctx.out() << line << "\n";
  return 0;
}

int numbers_reserve(Context& ctx) {
  ctx.require_args(2);
  const auto field = chain::BitField::from_human_ranges(ctx.args()[1]);
  api::call(*connect_miner_api(ctx), sectorid::kSectorNumReserve, ctx.args()[0], field,
            ctx.boolean("force"));
  return 0;
}

int numbers_free(Context& ctx) {
  ctx.require_args(1);
  api::call(*connect_miner_api(ctx), sectorid::kSectorNumFree, ctx.args()[0]);
  return 0;
}

}  // namespace

Command make_sectors_command() {
  Command numbers{
      .name = "numbers",
      .usage = "manage sector number assignments",
      .subcommands = {
          Command{.name = "info", .usage = "view sector assigner state", .action = numbers_info},
          Command{.name = "reservations",
                  .usage = "list sector number reservations",
                  .action = numbers_reservations},
          Command{
              .name = "reserve",
              .usage = "create sector number reservations",
              .args_usage = "[reservation name] [reserved ranges]",
              .flags = {{.name = "force",
                         .type = FlagType::kBool,
                         .usage =
                             "skip duplicate reservation checks (note: can lead to damaging other "
                             "reservations on free)"}},
              .action = numbers_reserve},
          Command{.name = "free",
                  .usage = "remove sector number reservations",
                  .args_usage = "[reservation name]",
                  .action = numbers_free}}};
  return Command{
      .name = "sectors", .usage = "interact with sector store", .subcommands = {numbers}};
}

}  // namespace tessera::cli
