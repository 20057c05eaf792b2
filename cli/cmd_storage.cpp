// `lotus-miner storage`: attach, list, find, detach and redeclare storage paths through the
// miner's Storage* API, printing what lotus prints (lotus cli/miner/storage.go).
#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <ostream>

#include <nlohmann/json.hpp>

#include "chain/types/id_address.hpp"
#include "cli/commands.hpp"
#include "cli/miner_api_client.hpp"
#include "cli/size_format.hpp"
#include "cli/storage_attach.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "miner/miner_api.hpp"
#include "storage/index/index_api.hpp"
#include "storage/repo/repo.hpp"

namespace tessera::cli {
namespace {

// "\t[####  ...] used/capacity p%" as lotus draws the filesystem bar.
void print_bar(std::ostream& out, const paths::FsStat& st) {
  constexpr std::int64_t kCols = 50;
  if (st.capacity <= 0) return;
  const std::int64_t percent = (st.capacity - st.fs_available) * 100 / st.capacity;
  const std::int64_t set = (st.capacity - st.fs_available) * kCols / st.capacity;
  const std::int64_t used = (st.capacity - (st.fs_available + st.reserved)) * kCols / st.capacity;
  const auto repeat = [](char c, std::int64_t n) { return std::string(n > 0 ? n : 0, c); };
  out << "\t[" << repeat('#', used) << repeat('*', set - used) << repeat(' ', kCols - set) << "] "
      << size_str(static_cast<double>(st.capacity - st.fs_available)) << "/"
      << size_str(static_cast<double>(st.capacity)) << " " << percent << "%"
      << (st.max > 0 ? " (filesystem)" : "") << "\n";
  if (st.max > 0) {
    const std::int64_t lset = st.used * kCols / st.max;
    const std::int64_t lused = (st.used + st.reserved) * kCols / st.max;
    out << "\t[" << repeat('#', lused) << repeat('*', lset - lused) << repeat(' ', kCols - lset)
        << "] " << size_str(static_cast<double>(st.used)) << "/"
        << size_str(static_cast<double>(st.max)) << " " << st.used * 100 / st.max << "% (limit)\n";
  }
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

int list_action(Context& ctx) {
  auto rpc = connect_miner_api(ctx);
  const auto list = api::call(*rpc, paths::kStorageList);
  const auto local = api::call(*rpc, paths::kStorageLocal);
  struct Entry {
    std::string id;
    std::array<int, 5> counts{};
    paths::FsStat stat;
  };
  std::vector<Entry> entries;
  for (const auto& [id, decls] : list) {
    Entry e{id};
    for (const auto& d : decls)
      for (int i = 0; i < 5; ++i)
        if (static_cast<std::uint32_t>(d.type) & (1u << i)) ++e.counts[i];
    e.stat = api::call(*rpc, paths::kStorageStat, id);
    entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.stat.capacity != b.stat.capacity ? a.stat.capacity > b.stat.capacity : a.id < b.id;
  });
  auto& out = ctx.out();
  for (const auto& e : entries) {
    out << e.id << ":\n";
    const auto started = std::chrono::steady_clock::now();
    const auto st = api::call(*rpc, paths::kStorageStat, e.id);
    const auto ping = std::chrono::steady_clock::now() - started;
    print_bar(out, st);
    out << "\tUnsealed: " << e.counts[0] << "; Sealed: " << e.counts[1]
        << "; Caches: " << e.counts[2] << "; Updated: " << e.counts[3]
        << "; Update-caches: " << e.counts[4]
        << "; Reserved: " << size_str(static_cast<double>(st.reserved)) << "\n";
    const auto info = api::call(*rpc, paths::kStorageInfo, e.id);
    out << "\t";
    if (info.can_seal || info.can_store)
      out << "Weight: " << info.weight << "; Use: " << (info.can_seal ? "Seal " : "")
          << (info.can_store ? "Store" : "");
    else
      out << "Use: ReadOnly";
    out << "\n";
    if (!info.groups.empty()) out << "\tGroups: " << join(info.groups, ", ") << "\n";
    if (!info.allow_to.empty()) out << "\tAllowTo: " << join(info.allow_to, ", ") << "\n";
    if (!info.allow_types.empty()) out << "\tAllow Types: " << join(info.allow_types, " ") << "\n";
    if (!info.deny_types.empty()) out << "\tDeny Types:  " << join(info.deny_types, " ") << "\n";
    const bool is_local = local.contains(e.id);
    if (is_local) out << "\tLocal: " << local.at(e.id) << "\n";
    for (std::size_t i = 0; i < info.urls.size(); ++i) {
      out << "\tURL: " << info.urls[i];
      if (!is_local && i == 0)
        out << " (latency: "
            << go_duration_string(std::chrono::duration_cast<std::chrono::microseconds>(ping) /
                                  100 * 100)
            << ")";
      out << "\n";
    }
    out << "\n";
  }
  return 0;
}

int find_action(Context& ctx) {
  ctx.require_args(1);
  std::uint64_t number = 0;
  try {
    number = std::stoull(ctx.args()[0]);
  } catch (const std::exception&) {
    throw UsageError("parsing sector number: \"" + ctx.args()[0] + "\"");
  }
  auto rpc = connect_miner_api(ctx);
  const paths::SectorId sector{chain::parse_id_address(api::call(*rpc, miner::kActorAddress)),
                               number};
  const auto local = api::call(*rpc, paths::kStorageLocal);
  static const char* kNames[] = {"Unsealed", "Sealed", "Cache", "Update", "Update-cache"};
  std::vector<std::string> order;
  std::map<std::string, std::pair<std::vector<std::string>, paths::SectorStorageInfo>> found;
  for (int i = 0; i < 5; ++i) {
    for (const auto& s : api::call(*rpc, paths::kStorageFindSector, sector, 1u << i, 0, false)) {
      const std::string id = s.id;
      if (!found.contains(id)) order.push_back(id);
      auto& entry = found[id];
      entry.first.push_back(kNames[i]);
      entry.second = s;
    }
  }
  if (order.empty())
    throw NotFound("sector " + std::to_string(number) + " not found in any storage path");
  for (const auto& id : order) {
    const auto& [types, info] = found[id];
    ctx.out() << "In " << id << " (" << join(types, ", ") << ")\n";
    ctx.out() << "\tSealing: " << (info.can_seal ? "true" : "false")
              << "; Storage: " << (info.can_store ? "true" : "false") << "\n";
    if (local.contains(id))
      ctx.out() << "\tLocal (" << local.at(id) << ")\n";
    else
      ctx.out() << "\tRemote\n";
    for (const auto& url : info.base_urls) ctx.out() << "\tURL: " << url << "\n";
  }
  return 0;
}

int detach_action(Context& ctx) {
  ctx.require_args(1);
  const auto path = std::filesystem::absolute(repo::expand_home(ctx.args()[0]));
  if (!ctx.boolean("really-do-it")) {
    ctx.out() << "Would detach path: " << path.string()
              << "\nPass --really-do-it to actually execute the action\n";
    return 0;
  }
  auto rpc = connect_miner_api(ctx);
  api::call(*rpc, paths::kStorageDetachLocal, path.string());
  return 0;
}

int redeclare_action(Context& ctx) {
  auto rpc = connect_miner_api(ctx);
  if (ctx.is_set("id") == ctx.boolean("all"))
    throw UsageError("pass exactly one of --id and --all");
  const auto id = ctx.is_set("id") ? std::optional(ctx.string("id")) : std::nullopt;
  api::call(*rpc, paths::kStorageRedeclareLocal, id, ctx.boolean("drop-missing"));
  return 0;
}

}  // namespace

Command make_storage_command() {
  Command attach{.name = "attach",
                 .usage = "attach local storage path",
                 .args_usage = "[path]",
                 .flags = storage_attach_flags(),
                 .action = [](Context& ctx) { return storage_attach(ctx, connect_miner_api); }};
  Command list{.name = "list", .usage = "list local storage paths", .action = list_action};
  Command find{.name = "find",
               .usage = "find sector in the storage system",
               .args_usage = "[sector number]",
               .action = find_action};
  Command detach{.name = "detach",
                 .usage = "detach local storage path",
                 .args_usage = "[path]",
                 .flags = {{.name = "really-do-it", .type = FlagType::kBool}},
                 .action = detach_action};
  Command redeclare{
      .name = "redeclare",
      .usage = "redeclare sectors in a local storage path",
      .flags = {{.name = "id", .usage = "storage path ID"},
                {.name = "all", .type = FlagType::kBool, .usage = "redeclare all storage paths"},
                {.name = "drop-missing",
                 .type = FlagType::kBool,
                 .usage = "Drop index entries with missing files",
                 .default_value = "true"}},
      .action = redeclare_action};
  return Command{.name = "storage",
                 .usage = "manage sector storage",
                 .subcommands = {attach, list, find, detach, redeclare}};
}

}  // namespace tessera::cli
