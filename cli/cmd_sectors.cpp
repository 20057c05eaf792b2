// lotus-miner sectors: status, list, update-state, pledge, remove and the `numbers` commands
// (sector number assignment and reservations), printing what lotus prints
// (cmd/lotus-miner/sectors.go v1.23.3; the text itself is built in cli/sectors_format.cpp).
#include <algorithm>
#include <atomic>
#include <charconv>
#include <exception>
#include <nlohmann/json.hpp>
#include <ostream>
#include <thread>
#include <vector>

#include "chain/api/full_node_client.hpp"
#include "cli/commands.hpp"
#include "cli/full_node.hpp"
#include "cli/miner_api_client.hpp"
#include "cli/sectors_format.hpp"
#include "common/jsonrpc/client.hpp"
#include "miner/sectors_api.hpp"
#include "sealing/pipeline/sector_states.hpp"
#include "storage/sectorid/number_api.hpp"

namespace tessera::cli {
namespace {

using nlohmann::json;

constexpr char kAdvancedOnly[] =
    "this is a command for advanced users, only use it if you are sure of what you are doing";

// strconv.ParseUint(text, 10, 64), with Go's error text.
std::uint64_t parse_sector_number(const std::string& text) {
  std::uint64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec == std::errc::result_out_of_range)
    throw InvalidInput("strconv.ParseUint: parsing \"" + text + "\": value out of range");
  if (text.empty() || ec != std::errc() || ptr != end)
    throw InvalidInput("strconv.ParseUint: parsing \"" + text + "\": invalid syntax");
  return value;
}

int pledge_action(Context& ctx) {
  const auto id = api::call(*connect_miner_api(ctx), miner::kPledgeSector);
  // fmt.Println("Created CC sector: ", n) puts a space between its operands.
  ctx.out() << "Created CC sector:  " << id.number << "\n";
  return 0;
}

int status_action(Context& ctx) {
  auto miner_api = connect_miner_api(ctx);
  ctx.require_args(1);
  const std::uint64_t number = parse_sector_number(ctx.args()[0]);
  const bool on_chain = ctx.boolean("on-chain-info");
  const auto status = api::call(*miner_api, miner::kSectorsStatus, number, on_chain);
  ctx.out() << format_sector_status(status, SectorStatusOptions{.on_chain_info = on_chain,
                                                                .proof = ctx.boolean("proof"),
                                                                .log = ctx.boolean("log"),
                                                                .local_time = true});
  return 0;
}

// lotus's StateMinerActiveSectors: the union of every partition's active sectors. tessera's
// full-node client has no StateMinerActiveSectors, so the partitions are read one deadline at
// a time.
std::set<std::uint64_t> active_sectors(chain::FullNodeClient& node, const chain::Address& miner,
                                       const chain::TipSetKey& at) {
  std::set<std::uint64_t> out;
  const auto deadlines = node.state_miner_deadlines(miner, at);
  for (std::uint64_t index = 0; index < deadlines.size(); ++index) {
    for (const auto& part : node.state_miner_partitions(miner, index, at)) {
      for (auto n : part.active_sectors.all(part.active_sectors.count())) out.insert(n);
    }
  }
  return out;
}

// SectorsStatus of every listed sector over up to `parallelism` connections; a failed call
// becomes the entry's error.
std::vector<SectorsListEntry> fetch_statuses(const Context& ctx,
                                             const std::vector<std::uint64_t>& numbers,
                                             bool on_chain, std::int64_t parallelism) {
  std::vector<SectorsListEntry> entries(numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i) entries[i].number = numbers[i];
  const std::size_t workers = std::clamp<std::size_t>(
      std::min<std::size_t>(static_cast<std::size_t>(std::max<std::int64_t>(parallelism, 1)), 8), 1,
      std::max<std::size_t>(numbers.size(), 1));
  std::atomic<std::size_t> next{0};
  std::vector<std::unique_ptr<jsonrpc::Client>> clients;
  for (std::size_t w = 0; w < workers; ++w) clients.push_back(connect_miner_api(ctx));
  const auto work = [&](jsonrpc::Client& client) {
    for (std::size_t i = next++; i < entries.size(); i = next++) {
      try {
        entries[i].status = api::call(client, miner::kSectorsStatus, entries[i].number, on_chain);
      } catch (const std::exception& e) {
        entries[i].error = e.what();
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t w = 1; w < workers; ++w) threads.emplace_back(work, std::ref(*clients[w]));
  work(*clients[0]);
  for (auto& t : threads) t.join();
  return entries;
}

int list_action(Context& ctx) {
  auto miner_api = connect_miner_api(ctx);
  auto node = connect_full_node(ctx);
  if (ctx.is_set("states") && ctx.is_set("unproven"))
    throw InvalidInput("only one of --states or --unproven can be specified at once");
  SectorsListOptions options{.show_removed = ctx.boolean("show-removed"),
                             .fast = ctx.boolean("fast"),
                             .events = ctx.boolean("events"),
                             .initial_pledge = ctx.boolean("initial-pledge"),
                             .seal_time = ctx.boolean("seal-time")};
  std::optional<std::string> states_flag;
  if (ctx.is_set("states")) {
    states_flag = ctx.string("states");
    options.show_removed = true;
  }
  const auto states = sectors_list_states(states_flag, ctx.boolean("unproven"));
  const auto numbers = states.empty() ? api::call(*miner_api, miner::kSectorsList)
                                      : api::call(*miner_api, miner::kSectorsListInStates, states);

  const chain::Address miner = miner_actor_address(ctx);
  const auto head = node.chain_head();
  SectorsListChain chain_view;
  chain_view.head_height = head.height();
  chain_view.block_delay = node.version().block_delay;
  chain_view.active = active_sectors(node, miner, head.key());
  for (const auto& info : node.state_miner_sectors(miner, std::nullopt, head.key()))
    chain_view.committed.insert(info.sector_number);

  auto entries = fetch_statuses(ctx, numbers, !options.fast, ctx.integer("check-parallelism"));
  ctx.out() << format_sectors_list(std::move(entries), chain_view, options);
  return 0;
}

int update_state_action(Context& ctx) {
  if (!ctx.boolean("really-do-it")) throw InvalidInput(kAdvancedOnly);
  auto miner_api = connect_miner_api(ctx);
  ctx.require_args(2);
  std::uint64_t number = 0;
  try {
    number = parse_sector_number(ctx.args()[0]);
  } catch (const InvalidInput& e) {
    throw InvalidInput(std::string("could not parse sector number: ") + e.what());
  }
  try {
    api::call(*miner_api, miner::kSectorsStatus, number, false);
  } catch (const Error&) {
    throw NotFound("sector " + std::to_string(number) + " not found, could not change state");
  }
  const std::string& state = ctx.args()[1];
  if (!pipeline::is_known_state(state)) {
    ctx.out() << format_invalid_state(state);
    return 0;
  }
  api::call(*miner_api, miner::kSectorsUpdate, number, state);
  return 0;
}

int remove_action(Context& ctx) {
  if (!ctx.boolean("really-do-it")) throw InvalidInput(kAdvancedOnly);
  auto miner_api = connect_miner_api(ctx);
  ctx.require_args(1);
  std::uint64_t number = 0;
  try {
    number = parse_sector_number(ctx.args()[0]);
  } catch (const InvalidInput& e) {
    throw InvalidInput(std::string("could not parse sector number: ") + e.what());
  }
  try {
    api::call(*miner_api, miner::kSectorsStatus, number, false);
  } catch (const Error& e) {
    throw NotFound("sectorID " + std::to_string(number) + " has not been created yet: " + e.what());
  }
  api::call(*miner_api, miner::kSectorRemove, number);
  return 0;
}

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

// Prints flushed batches as lotus-miner sectors batching precommit|commit --publish-now does.
void print_batches(std::ostream& out, const std::vector<pipeline::BatchResult>& results) {
  if (results.empty()) throw InvalidInput("no sectors to publish");
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& result = results[i];
    out << "Batch " << i << ":\n";
    if (!result.error.empty())
      out << "\tError: " << result.error << "\n";
    else
      out << "\tMessage: " << (result.message ? result.message->to_string() : "<nil>") << "\n";
    out << "\tSectors:\n";
    for (const auto sector : result.sectors) out << "\t\t" << sector << "\tOK\n";
  }
}

// lotus-miner sectors batching precommit|commit: lists the sectors waiting in that batcher, or
// with --publish-now sends them and prints each batch (lotus cli/sectors.go's text).
int batching_action(Context& ctx, bool commit) {
  auto miner_api = connect_miner_api(ctx);
  auto& out = ctx.out();
  if (ctx.boolean("publish-now")) {
    std::vector<pipeline::BatchResult> results;
    if (commit) {
      for (auto& result : api::call(*miner_api, miner::kSectorCommitFlush))
        results.push_back(std::move(result.batch));
    } else {
      results = api::call(*miner_api, miner::kSectorPreCommitFlush);
    }
    print_batches(out, results);
    return 0;
  }
  const auto pending =
      api::call(*miner_api, commit ? miner::kSectorCommitPending : miner::kSectorPreCommitPending);
  if (pending.empty()) out << "No sectors queued to be committed\n";
  for (const auto& sector : pending) out << sector.number << "\n";
  return 0;
}

Command batching_command() {
  const Flag publish_now{
      .name = "publish-now", .type = FlagType::kBool, .usage = "send a batch now"};
  Command commit{.name = "commit",
                 .usage = "list sectors waiting in commit batch queue",
                 .flags = {publish_now},
                 .action = [](Context& ctx) { return batching_action(ctx, true); }};
  Command precommit{.name = "precommit",
                    .usage = "list sectors waiting in precommit batch queue",
                    .flags = {publish_now},
                    .action = [](Context& ctx) { return batching_action(ctx, false); }};
  return Command{.name = "batching",
                 .usage = "manage batch sector operations",
                 .subcommands = {commit, precommit}};
}

Flag really_do_it_flag() {
  return {.name = "really-do-it",
          .type = FlagType::kBool,
          .usage = "pass this flag if you know what you are doing"};
}

Command numbers_command() {
  return Command{
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
}

}  // namespace

Command make_sectors_command() {
  Command status{
      .name = "status",
      .usage = "Get the seal status of a sector by its number",
      .args_usage = "<sectorNum>",
      .flags =
          {{.name = "log", .aliases = {"l"}, .type = FlagType::kBool, .usage = "display event log"},
           {.name = "on-chain-info",
            .aliases = {"c"},
            .type = FlagType::kBool,
            .usage = "show sector on chain info"},
           {.name = "proof", .type = FlagType::kBool, .usage = "print snark proof bytes as hex"}},
      .action = status_action};
  Command list{.name = "list",
               .usage = "List sectors",
               .flags = {{.name = "show-removed",
                          .aliases = {"r"},
                          .type = FlagType::kBool,
                          .usage = "show removed sectors"},
                         {.name = "fast",
                          .aliases = {"f"},
                          .type = FlagType::kBool,
                          .usage = "don't show on-chain info for better performance"},
                         {.name = "events",
                          .aliases = {"e"},
                          .type = FlagType::kBool,
                          .usage = "display number of events the sector has received"},
                         {.name = "initial-pledge",
                          .aliases = {"p"},
                          .type = FlagType::kBool,
                          .usage = "display initial pledge"},
                         {.name = "seal-time",
                          .aliases = {"t"},
                          .type = FlagType::kBool,
                          .usage = "display how long it took for the sector to be sealed"},
                         {.name = "states",
                          .type = FlagType::kString,
                          .usage = "filter sectors by a comma-separated list of states"},
                         {.name = "unproven",
                          .aliases = {"u"},
                          .type = FlagType::kBool,
                          .usage = "only show sectors which aren't in the 'Proving' state"},
                         {.name = "check-parallelism",
                          .type = FlagType::kInt,
                          .usage = "number of parallel requests to make for checking sector states",
                          .default_value = "300"}},
               .action = list_action};
  Command update_state{
      .name = "update-state",
      .usage = "ADVANCED: manually update the state of a sector, this may aid in error recovery",
      .args_usage = "<sectorNum> <newState>",
      .flags = {really_do_it_flag()},
      .action = update_state_action};
  Command pledge{
      .name = "pledge", .usage = "store random data in a sector", .action = pledge_action};
  Command remove{.name = "remove",
                 .usage =
                     "Forcefully remove a sector (WARNING: This means losing power and "
                     "collateral for the removed sector (use 'terminate' for lower penalty))",
                 .args_usage = "<sectorNum>",
                 .flags = {really_do_it_flag()},
                 .action = remove_action};
  return Command{.name = "sectors",
                 .usage = "interact with sector store",
                 .subcommands = {status, list, update_state, pledge, numbers_command(), remove,
                                 batching_command(), make_sectors_import_records_command()}};
}

}  // namespace tessera::cli
