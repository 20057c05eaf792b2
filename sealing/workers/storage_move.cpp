#include "sealing/workers/storage_move.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "common/log.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/workers/local_worker.hpp"
#include "storage/paths/remote_fetch.hpp"

namespace tessera::workers {
namespace {

constexpr std::uint32_t bit(paths::FileType type) {
  return static_cast<std::uint32_t>(type);
}

std::filesystem::path file_under(const std::filesystem::path& root, paths::FileType type,
                                 const paths::SectorId& sector) {
  return root / std::string(paths::file_type_name(type)) / paths::sector_name(sector);
}

// Moves a file or directory, copying when rename cannot (another filesystem).
void move_path(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::create_directories(to.parent_path());
  std::error_code ec;
  std::filesystem::rename(from, to, ec);
  if (!ec) return;
  std::filesystem::remove_all(to);
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
  std::filesystem::remove_all(from);
}

// The local storage path (ID, root) the index ranks best for types, or nullopt.
std::optional<std::pair<std::string, std::filesystem::path>> best_local_store(
    const StorageMoveContext& ctx, const SectorRef& sector, std::uint32_t types,
    const std::map<std::string, std::string>& mine) {
  const auto size = porep::seal_proof_info(sector.proof_type).sector_size;
  for (const auto& candidate : ctx.index.best_alloc(types, size, false)) {
    const auto it = mine.find(candidate.id);
    if (it != mine.end()) return std::make_pair(it->first, std::filesystem::path(it->second));
  }
  return std::nullopt;
}

// The ID of the local path holding file (a file of one of mine's roots).
std::string local_id_of(const std::filesystem::path& file,
                        const std::map<std::string, std::string>& mine) {
  const auto root = file.parent_path().parent_path();
  for (const auto& [id, path] : mine)
    if (std::filesystem::path(path) == root) return id;
  return "";
}

}  // namespace

void move_local_to_storage(const StorageMoveContext& ctx, const SectorRef& sector,
                           std::uint32_t types) {
  const auto mine = ctx.local.local();
  std::vector<std::pair<paths::FileType, std::filesystem::path>> to_move;
  for (const auto type : paths::file_types_in(types)) {
    const auto file = ctx.local.find_file(type, sector.id);
    if (!file) continue;
    const auto id = local_id_of(*file, mine);
    if (!id.empty() && ctx.index.info(id).can_store) continue;
    to_move.emplace_back(type, *file);
  }
  if (to_move.empty()) return;
  const auto dest = best_local_store(ctx, sector, types, mine);
  if (!dest) {
    TLOG_INFO(log::get("worker"), "sector {}: {} has no storage path with room for it",
              sector.id.number, ctx.hostname);
    return;
  }
  for (const auto& [type, file] : to_move) {
    move_path(file, file_under(dest->second, type, sector.id));
    ctx.index.declare(dest->first, sector.id, bit(type), true);
    if (const auto from = local_id_of(file, mine); !from.empty())
      ctx.index.drop(from, sector.id, bit(type));
  }
  TLOG_INFO(log::get("worker"), "sector {} moved to storage path {}", sector.id.number,
            dest->first);
}

void move_to_storage(const StorageMoveContext& ctx, const SectorRef& sector, std::uint32_t types) {
  auto logger = log::get("worker");
  move_local_to_storage(ctx, sector, types);
  const auto mine = ctx.local.local();
  std::vector<std::string> keep;  // this machine's storage paths
  for (const auto& [id, path] : mine)
    if (ctx.index.info(id).can_store) keep.push_back(id);
  const auto size = porep::seal_proof_info(sector.proof_type).sector_size;
  // Every type is made whole here before any other copy goes, so that a crash at any point
  // leaves each type complete somewhere.
  std::vector<std::string> remote_urls;
  for (const auto type : paths::file_types_in(types)) {
    std::vector<std::string> urls;
    for (const auto& holder : ctx.index.find(sector.id, bit(type), size, false))
      if (!mine.count(holder.id)) urls.insert(urls.end(), holder.urls.begin(), holder.urls.end());
    remote_urls.insert(remote_urls.end(), urls.begin(), urls.end());
    if (const auto file = ctx.local.find_file(type, sector.id)) {
      const auto id = local_id_of(*file, mine);
      if (id.empty() || !ctx.index.info(id).can_store)
        throw NoSpace("no storage path on " + ctx.hostname + " has room for sector " +
                      std::to_string(sector.id.number));
      continue;
    }
    if (urls.empty())
      throw NotFound("sector " + std::to_string(sector.id.number) + ": no machine holds its " +
                     std::string(paths::file_type_name(type)) + " file");
    const auto dest = best_local_store(ctx, sector, types, mine);
    if (!dest)
      throw NoSpace("no storage path on " + ctx.hostname + " has room for sector " +
                    std::to_string(sector.id.number));
    const auto temp = dest->second / "fetching" / std::string(paths::file_type_name(type)) /
                      paths::sector_name(sector.id);
    std::optional<std::string> failed;
    for (const auto& url : urls) {
      try {
        TLOG_INFO(logger, "fetching {} into storage path {}", url, dest->first);
        paths::fetch_sector_file(url, ctx.remote_token, type,
                                 file_under(dest->second, type, sector.id), temp, ctx.idle);
        failed.reset();
        break;
      } catch (const std::exception& e) {
        TLOG_WARN(logger, "fetching {}: {}", url, e.what());
        failed = e.what();
      }
    }
    if (failed)
      throw IoError("fetching sector " + std::to_string(sector.id.number) + ": " + *failed);
    ctx.index.declare(dest->first, sector.id, bit(type), true);
  }
  // The copies here are whole and declared: the others go (lotus AcquireMove).
  for (const auto& url : remote_urls)
    paths::delete_remote_sector_file(url, ctx.remote_token, keep, ctx.idle);
}

void remove_everywhere(const StorageMoveContext& ctx, const SectorRef& sector,
                       paths::FileType type) {
  ctx.local.remove(type, sector.id, {});
  const auto mine = ctx.local.local();
  const auto size = porep::seal_proof_info(sector.proof_type).sector_size;
  for (const auto& holder : ctx.index.find(sector.id, bit(type), size, false)) {
    if (mine.count(holder.id)) continue;
    for (const auto& url : holder.urls) {
      try {
        paths::delete_remote_sector_file(url, ctx.remote_token, {}, ctx.idle);
        TLOG_INFO(log::get("worker"), "sector {}: deleted the copy at {}", sector.id.number, url);
        break;
      } catch (const std::exception& e) {
        TLOG_WARN(log::get("worker"), "sector {}: deleting the copy at {}: {}", sector.id.number,
                  url, e.what());
      }
    }
  }
}

}  // namespace tessera::workers
