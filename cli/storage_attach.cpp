#include "cli/storage_attach.hpp"

#include <filesystem>

#include "cli/size_format.hpp"
#include "common/error.hpp"
#include "common/uuid.hpp"
#include "storage/index/index_api.hpp"
#include "storage/paths/local_storage_meta.hpp"
#include "storage/repo/repo.hpp"

namespace tessera::cli {

std::vector<Flag> storage_attach_flags() {
  return {
      {.name = "init", .type = FlagType::kBool, .usage = "initialize the path first"},
      {.name = "weight",
       .type = FlagType::kInt,
       .usage = "(for init) path weight",
       .default_value = "10"},
      {.name = "seal", .type = FlagType::kBool, .usage = "(for init) use path for sealing"},
      {.name = "store",
       .type = FlagType::kBool,
       .usage = "(for init) use path for long-term storage"},
      {.name = "max-storage",
       .usage = "(for init) limit storage space for sectors (expensive for very large paths!)"},
      {.name = "groups", .type = FlagType::kStringSlice, .usage = "path group names"},
      {.name = "allow-to",
       .type = FlagType::kStringSlice,
       .usage = "path groups allowed to pull data from this path (allow all if not specified)"}};
}

int storage_attach(Context& ctx,
                   const std::function<std::unique_ptr<jsonrpc::Client>(const Context&)>& connect) {
  if (ctx.args().empty()) throw UsageError("must specify storage path to attach");
  ctx.require_args(1);
  const auto path = std::filesystem::absolute(repo::expand_home(ctx.args()[0]));
  paths::LocalStorageMeta meta;
  if (ctx.boolean("init")) {
    meta.id = new_uuid_v4();
    if (ctx.integer("weight") < 0) throw UsageError("--weight must not be negative");
    meta.weight = static_cast<std::uint64_t>(ctx.integer("weight"));
    meta.can_seal = ctx.boolean("seal");
    meta.can_store = ctx.boolean("store");
    if (ctx.is_set("max-storage")) meta.max_storage = parse_byte_size(ctx.string("max-storage"));
    meta.groups = ctx.strings("groups");
    meta.allow_to = ctx.strings("allow-to");
    if (!meta.can_seal && !meta.can_store)
      throw UsageError("must specify at least one of --store or --seal");
  }
  auto rpc = connect(ctx);
  if (ctx.boolean("init")) {
    std::filesystem::create_directories(path);
    const auto meta_file = path / std::string(paths::kMetaFileName);
    if (std::filesystem::exists(meta_file)) throw Conflict("path is already initialized");
    paths::write_local_storage_meta(meta_file, meta);
  }
  api::call(*rpc, paths::kStorageAddLocal, path.string());
  return 0;
}

}  // namespace tessera::cli
