#include "storage/index/sector_index.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::paths {
namespace {

using nlohmann::json;

constexpr std::string_view kPathPrefix = "/tessera/sectorindex/path/";
constexpr std::string_view kDeclPrefix = "/tessera/sectorindex/decl/";

json strings_or_null(const std::vector<std::string>& list) {
  return list.empty() ? json() : json(list);
}

std::vector<std::string> strings(const json& j, const char* name) {
  const auto it = j.find(name);
  if (it == j.end() || it->is_null()) return {};
  std::vector<std::string> out;
  for (const auto& v : json_fields::array(*it, name)) out.push_back(json_fields::text(v, name));
  return out;
}

std::string decl_key(const std::string& id, const SectorId& sector, FileType type) {
  return std::string(kDeclPrefix) + id + "/" + std::to_string(sector.miner) + "/" +
         std::to_string(sector.number) + "/" + std::to_string(static_cast<std::uint32_t>(type));
}

bool type_allowed(const StorageInfo& info, FileType type) {
  const std::string name(file_type_name(type));
  const auto has = [&](const std::vector<std::string>& list) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  return (info.allow_types.empty() || has(info.allow_types)) && !has(info.deny_types);
}

}  // namespace

json to_json(const StorageInfo& i) {
  return json{{"ID", i.id},
              {"URLs", strings_or_null(i.urls)},
              {"Weight", i.weight},
              {"MaxStorage", i.max_storage},
              {"CanSeal", i.can_seal},
              {"CanStore", i.can_store},
              {"Groups", strings_or_null(i.groups)},
              {"AllowTo", strings_or_null(i.allow_to)},
              {"AllowTypes", strings_or_null(i.allow_types)},
              {"DenyTypes", strings_or_null(i.deny_types)}};
}

StorageInfo storage_info_from_json(const json& j) {
  const auto field = [&](const char* name) -> const json& {
    return json_fields::field(j, "storage info", name);
  };
  StorageInfo i;
  i.id = json_fields::text(field("ID"), "storage info.ID");
  if (i.id.empty()) throw InvalidInput("storage info: empty ID");
  i.urls = strings(j, "URLs");
  i.weight = json_fields::u64(field("Weight"), "storage info.Weight");
  i.max_storage = j.contains("MaxStorage") ? json_fields::u64(j["MaxStorage"], "MaxStorage") : 0;
  const auto flag = [&](const char* name) {
    const json& v = field(name);
    if (!v.is_boolean())
      throw InvalidInput(std::string("storage info.") + name + ": expected a boolean");
    return v.get<bool>();
  };
  i.can_seal = flag("CanSeal");
  i.can_store = flag("CanStore");
  i.groups = strings(j, "Groups");
  i.allow_to = strings(j, "AllowTo");
  i.allow_types = strings(j, "AllowTypes");
  i.deny_types = strings(j, "DenyTypes");
  return i;
}

json to_json(const SectorStorageInfo& i) {
  return json{{"ID", i.id},
              {"URLs", strings_or_null(i.urls)},
              {"BaseURLs", strings_or_null(i.base_urls)},
              {"Weight", i.weight},
              {"CanSeal", i.can_seal},
              {"CanStore", i.can_store},
              {"Primary", i.primary},
              {"AllowTypes", strings_or_null(i.allow_types)},
              {"DenyTypes", strings_or_null(i.deny_types)}};
}

json to_json(const Declaration& d) {
  json j = to_json(d.sector);
  j["SectorFileType"] = static_cast<std::uint32_t>(d.type);
  return j;
}

Declaration declaration_from_json(const json& j) {
  const auto mask = json_fields::u64(json_fields::field(j, "declaration", "SectorFileType"),
                                     "declaration.SectorFileType");
  const auto types = file_types_in(static_cast<std::uint32_t>(mask));
  if (types.size() != 1 || mask > UINT32_MAX)
    throw InvalidInput("declaration: SectorFileType " + std::to_string(mask) + " is not one type");
  return Declaration{sector_id_from_json(j), types[0], false};
}

SectorIndex::SectorIndex(datastore::MetadataStore* store) : store_(store) {
  if (!store_) return;
  for (const auto& [key, value] : store_->list(kPathPrefix)) {
    const json j = json::parse(value.begin(), value.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
      throw InvalidInput("sector index record " + key + " is not JSON");
    Path path;
    path.info = storage_info_from_json(json_fields::field(j, key, "Info"));
    path.stat = fs_stat_from_json(json_fields::field(j, key, "Stat"));
    path.info.urls.clear();  // runtime addresses: their owners announce them again on attach
    path.heartbeat = Clock::now();
    paths_[path.info.id] = std::move(path);
  }
  for (const auto& [key, value] : store_->list(kDeclPrefix)) {
    // <id>/<miner>/<number>/<type>
    const std::string rest = key.substr(kDeclPrefix.size());
    const auto a = rest.find('/'), b = rest.find('/', a + 1), c = rest.find('/', b + 1);
    if (a == std::string::npos || b == std::string::npos || c == std::string::npos)
      throw InvalidInput("sector index record " + key + " has a malformed key");
    auto it = paths_.find(rest.substr(0, a));
    if (it == paths_.end()) continue;  // its path was detached
    const SectorId sector{std::stoull(rest.substr(a + 1, b - a - 1)),
                          std::stoull(rest.substr(b + 1, c - b - 1))};
    const auto types = file_types_in(static_cast<std::uint32_t>(std::stoul(rest.substr(c + 1))));
    if (types.size() != 1) throw InvalidInput("sector index record " + key + ": bad file type");
    it->second.sectors[{sector, types[0]}] = value == Bytes{'1'};
  }
}

bool SectorIndex::healthy(const Path& path) const {
  return path.error.empty() && Clock::now() - path.heartbeat < kSkippedHeartbeatThreshold;
}

bool SectorIndex::has_path(const std::string& id) const {
  std::lock_guard lock(mu_);
  return paths_.contains(id);
}

void SectorIndex::persist_path(const StorageInfo& info, const FsStat& stat) {
  if (!store_) return;
  const json j{{"Info", to_json(info)}, {"Stat", to_json(stat)}};
  store_->put(std::string(kPathPrefix) + info.id, tessera::to_bytes(j.dump()));
}

void SectorIndex::notify(const json& change) {
  for (const auto& listener : listeners_) listener(change);
}

void SectorIndex::on_change(std::function<void(const json&)> listener) {
  std::lock_guard writing(write_mu_);
  listeners_.push_back(std::move(listener));
}

void SectorIndex::apply_change(const json& change) {
  const std::string where = "sector index change";
  const auto kind = json_fields::text(json_fields::field(change, where, "Change"), where);
  try {
    if (kind == "attach") {
      attach(storage_info_from_json(json_fields::field(change, where, "Info")),
             fs_stat_from_json(json_fields::field(change, where, "Stat")));
      return;
    }
    const auto id = json_fields::text(json_fields::field(change, where, "ID"), where);
    if (kind == "detach") {
      detach(id, json_fields::text(json_fields::field(change, where, "URL"), where));
    } else if (kind == "health") {
      report_health(id, fs_stat_from_json(json_fields::field(change, where, "Stat")),
                    json_fields::text(json_fields::field(change, where, "Err"), where));
    } else if (kind == "declare" || kind == "drop") {
      const auto sector = sector_id_from_json(json_fields::field(change, where, "Sector"));
      const auto types = static_cast<std::uint32_t>(
          json_fields::u64(json_fields::field(change, where, "Types"), where));
      if (kind == "drop") {
        drop(id, sector, types);
      } else {
        const auto& primary = json_fields::field(change, where, "Primary");
        if (!primary.is_boolean()) throw InvalidInput(where + ": Primary is not a boolean");
        declare(id, sector, types, primary.get<bool>());
      }
    } else {
      throw InvalidInput(where + ": unknown kind \"" + kind + "\"");
    }
  } catch (const NotFound&) {
    // a path this index does not have (detached since, or not mirrored yet)
  }
}

void SectorIndex::attach(const StorageInfo& info, const FsStat& stat) {
  std::lock_guard writing(write_mu_);
  StorageInfo merged = info;
  merged.urls.clear();
  {
    std::lock_guard lock(mu_);
    if (auto it = paths_.find(info.id); it != paths_.end()) merged.urls = it->second.info.urls;
  }
  for (const auto& url : info.urls)
    if (std::find(merged.urls.begin(), merged.urls.end(), url) == merged.urls.end())
      merged.urls.push_back(url);
  persist_path(merged, stat);
  {
    std::lock_guard lock(mu_);
    Path& path = paths_[info.id];
    path.info = std::move(merged);
    path.stat = stat;
    path.error.clear();
    path.heartbeat = Clock::now();
  }
  notify(json{{"Change", "attach"}, {"Info", to_json(info)}, {"Stat", to_json(stat)}});
}

void SectorIndex::detach(const std::string& id, const std::string& url) {
  std::lock_guard writing(write_mu_);
  StorageInfo info;
  FsStat stat;
  {
    std::lock_guard lock(mu_);
    auto it = paths_.find(id);
    if (it == paths_.end()) throw NotFound("storage path " + id + " not found");
    info = it->second.info;
    stat = it->second.stat;
  }
  std::erase(info.urls, url);
  if (!info.urls.empty()) {
    persist_path(info, stat);
  } else if (store_) {  // the path and its declarations go in one write: a crash keeps all or none
    std::vector<std::string> keys{std::string(kPathPrefix) + id};
    for (const auto& [key, value] : store_->list(std::string(kDeclPrefix) + id + "/"))
      keys.push_back(key);
    store_->remove_all(keys);
  }
  {
    std::lock_guard lock(mu_);
    if (info.urls.empty())
      paths_.erase(id);
    else
      paths_.at(id).info.urls = std::move(info.urls);
  }
  notify(json{{"Change", "detach"}, {"ID", id}, {"URL", url}});
}

StorageInfo SectorIndex::info(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = paths_.find(id);
  if (it == paths_.end()) throw NotFound("storage path " + id + " not found");
  return it->second.info;
}

void SectorIndex::report_health(const std::string& id, const FsStat& stat,
                                const std::string& error) {
  std::lock_guard writing(write_mu_);  // kept in memory only, but notified in order
  {
    std::lock_guard lock(mu_);
    auto it = paths_.find(id);
    if (it == paths_.end()) throw NotFound("health report for unknown storage path " + id);
    it->second.stat = stat;
    it->second.error = error;
    it->second.heartbeat = Clock::now();
  }
  notify(json{{"Change", "health"}, {"ID", id}, {"Stat", to_json(stat)}, {"Err", error}});
}

FsStat SectorIndex::stat(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = paths_.find(id);
  if (it == paths_.end()) throw NotFound("storage path " + id + " not found");
  return it->second.stat;
}

void SectorIndex::declare(const std::string& id, const SectorId& sector, std::uint32_t types,
                          bool primary) {
  const auto list = file_types_in(types);
  std::lock_guard writing(write_mu_);
  if (!has_path(id)) throw NotFound("declaring on unknown storage path " + id);
  if (store_) {
    std::vector<datastore::Entry> entries;
    for (FileType t : list)
      entries.emplace_back(decl_key(id, sector, t),
                           Bytes{primary ? std::uint8_t('1') : std::uint8_t('0')});
    store_->put_all(entries);
  }
  {
    std::lock_guard lock(mu_);
    auto& sectors = paths_.at(id).sectors;
    for (FileType t : list) sectors[{sector, t}] = primary;
  }
  notify(json{{"Change", "declare"},
              {"ID", id},
              {"Sector", to_json(sector)},
              {"Types", types},
              {"Primary", primary}});
}

void SectorIndex::drop(const std::string& id, const SectorId& sector, std::uint32_t types) {
  const auto list = file_types_in(types);
  std::lock_guard writing(write_mu_);
  if (!has_path(id)) throw NotFound("dropping from unknown storage path " + id);
  if (store_) {
    std::vector<std::string> keys;
    for (FileType t : list) keys.push_back(decl_key(id, sector, t));
    store_->remove_all(keys);
  }
  {
    std::lock_guard lock(mu_);
    auto& sectors = paths_.at(id).sectors;
    for (FileType t : list) sectors.erase({sector, t});
  }
  notify(json{{"Change", "drop"}, {"ID", id}, {"Sector", to_json(sector)}, {"Types", types}});
}

std::vector<SectorStorageInfo> SectorIndex::find(const SectorId& sector, std::uint32_t types,
                                                 std::uint64_t sector_size,
                                                 bool allow_fetch) const {
  const auto list = file_types_in(types);
  std::lock_guard lock(mu_);
  std::vector<SectorStorageInfo> out;
  const auto entry = [&](const Path& p, FileType type, bool primary) {
    SectorStorageInfo s{
        p.info.id,        {},      p.info.urls,        p.info.weight,    p.info.can_seal,
        p.info.can_store, primary, p.info.allow_types, p.info.deny_types};
    for (const auto& base : p.info.urls)
      s.urls.push_back(base + "/" + std::string(file_type_name(type)) + "/" + sector_name(sector));
    return s;
  };
  for (const auto& [id, p] : paths_) {
    if (!healthy(p)) continue;
    for (FileType t : list) {
      auto it = p.sectors.find({sector, t});
      if (it == p.sectors.end()) continue;
      out.push_back(entry(p, t, it->second));
      break;
    }
  }
  if (allow_fetch) {
    for (const auto& [id, p] : paths_) {
      if (!healthy(p) || (!p.info.can_seal && !p.info.can_store)) continue;
      if (std::any_of(out.begin(), out.end(), [&](const auto& s) { return s.id == id; })) continue;
      std::uint64_t needed = 0;
      bool allowed = true;
      for (FileType t : list) {
        allowed = allowed && type_allowed(p.info, t);
        needed += space_use(t, sector_size, false);
      }
      if (!allowed || p.stat.available < static_cast<std::int64_t>(needed)) continue;
      out.push_back(entry(p, list.front(), false));
    }
  }
  return out;
}

std::vector<StorageInfo> SectorIndex::best_alloc(std::uint32_t types, std::uint64_t sector_size,
                                                 bool sealing) const {
  const auto list = file_types_in(types);
  std::lock_guard lock(mu_);
  std::vector<const Path*> candidates;
  for (const auto& [id, p] : paths_) {
    if (!healthy(p) || !(sealing ? p.info.can_seal : p.info.can_store)) continue;
    std::uint64_t needed = 0;
    bool allowed = true;
    for (FileType t : list) {
      allowed = allowed && type_allowed(p.info, t);
      needed += space_use(t, sector_size, sealing);
    }
    if (allowed && p.stat.available >= static_cast<std::int64_t>(needed)) candidates.push_back(&p);
  }
  std::sort(candidates.begin(), candidates.end(), [](const Path* a, const Path* b) {
    return static_cast<double>(a->stat.available) * static_cast<double>(a->info.weight) >
           static_cast<double>(b->stat.available) * static_cast<double>(b->info.weight);
  });
  std::vector<StorageInfo> out;
  for (const Path* p : candidates) out.push_back(p->info);
  return out;
}

std::map<std::string, std::vector<Declaration>> SectorIndex::list() const {
  std::lock_guard lock(mu_);
  std::map<std::string, std::vector<Declaration>> out;
  for (const auto& [id, p] : paths_) {
    auto& decls = out[id];
    for (const auto& [key, primary] : p.sectors) decls.push_back({key.first, key.second, primary});
  }
  return out;
}

}  // namespace tessera::paths
