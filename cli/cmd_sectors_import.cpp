// `lotus-miner sectors import-records`: with the miner stopped, takes the sector records of
// another miner of the same actor (a Seal-miner's `lotus-miner backup --offline` file) into this
// repo, so the cluster goes back to one miner (docs/cluster.md). Offline, like `backup --offline`.
#include <fstream>
#include <iterator>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/miner_api_client.hpp"
#include "common/error.hpp"
#include "sealing/pipeline/sector_record_import.hpp"
#include "storage/datastore/backup_format.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/repo/repo.hpp"

namespace tessera::cli {

Command make_sectors_import_records_command() {
  return Command{.name = "import-records",
                 .usage =
                     "Take another miner's finished sector records (its offline backup) into this "
                     "stopped miner's repo",
                 .args_usage = "<backupFile>",
                 .action = [](Context& ctx) {
                   ctx.require_args(1);
                   const std::string file = ctx.args()[0];
                   std::ifstream in(file, std::ios::binary);
                   if (!in) throw NotFound("backup file " + file + " cannot be opened");
                   const Bytes bytes((std::istreambuf_iterator<char>(in)),
                                     std::istreambuf_iterator<char>());
                   const auto entries = datastore::decode_backup(bytes);
                   const auto path = miner_repo_path(ctx);
                   if (!repo::Repo::exists(path))
                     throw NotFound("repo at '" + path.string() + "' is not initialized");
                   auto locked = repo::Repo::lock(path);  // refused while the miner runs
                   auto store = datastore::MetadataStore::open(locked->datastore_path("metadata"));
                   const auto result = pipeline::import_sector_records(*store, entries);
                   ctx.out() << "Imported " << result.imported << " sector records ("
                             << result.already_present << " already present) from " << file << "\n";
                   return 0;
                 }};
}

}  // namespace tessera::cli
