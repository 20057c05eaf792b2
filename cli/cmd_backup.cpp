#include <ostream>

#include "cli/commands.hpp"
#include "cli/miner_api_client.hpp"
#include "common/error.hpp"
#include "storage/datastore/backup.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/repo/repo.hpp"

namespace tessera::cli {

Command make_backup_command() {
  return Command{
      .name = "backup",
      .usage = "Create node metadata backup",
      .args_usage = "[backup file path]",
      .flags = {{.name = "offline", .type = FlagType::kBool,
                 .usage = "create backup without the node running"}},
      .action = [](Context& ctx) {
        ctx.require_args(1);
        if (!ctx.boolean("offline")) {
          throw NotImplemented(
              "online backup (Filecoin.CreateBackup) is not implemented yet; stop the miner and "
              "use --offline");
        }
        auto path = miner_repo_path(ctx);
        if (!repo::Repo::exists(path)) {
          throw NotFound("repo at '" + path.string() + "' is not initialized");
        }
        auto locked = repo::Repo::lock(path);
        auto store = datastore::MetadataStore::open(locked->datastore_path("metadata"));
        auto count = datastore::write_backup_file(*store, ctx.args()[0]);
        ctx.out() << "Backed up " << count << " metadata records to " << ctx.args()[0] << "\n";
        return 0;
      }};
}

}  // namespace tessera::cli
