#include "miner/storage_api.hpp"

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/json_fields.hpp"

#include <memory>
#include <mutex>

namespace tessera::miner {
namespace {

using nlohmann::json;

using Handler = std::function<json(const json& params)>;

void add(jsonrpc::Registry& registry, const char* name, std::size_t count, Handler handler,
         bool returns_value = true) {
  registry.add(jsonrpc::Method{
      std::string("Filecoin.") + name, "admin", count,
      [handler = std::move(handler)](const json& p, jsonrpc::CallContext&) { return handler(p); },
      returns_value});
}

std::string text(const json& j, const char* what) {
  return json_fields::text(j, what);
}
std::uint32_t types(const json& j) {
  return static_cast<std::uint32_t>(json_fields::u64(j, "sector file type"));
}
bool boolean(const json& j, const char* what) {
  if (!j.is_boolean()) throw InvalidInput(std::string(what) + ": expected a boolean");
  return j.get<bool>();
}
// "sealing" or "storage" (lotus storiface.PathType).
bool sealing_path_type(const json& j) {
  const std::string t = text(j, "path type");
  if (t != "sealing" && t != "storage")
    throw InvalidInput("path type must be \"sealing\" or \"storage\", got \"" + t + "\"");
  return t == "sealing";
}

}  // namespace

void register_storage_api(jsonrpc::Registry& r, paths::IndexApi& index, paths::LocalPaths& local) {
  add(
      r, "StorageAttach", 2,
      [&index](const json& p) {
        index.attach(paths::storage_info_from_json(p[0]), paths::fs_stat_from_json(p[1]));
        return json();
      },
      false);
  add(
      r, "StorageDetach", 2,
      [&index](const json& p) {
        index.detach(text(p[0], "storage ID"), text(p[1], "url"));
        return json();
      },
      false);
  add(r, "StorageInfo", 1,
      [&index](const json& p) { return to_json(index.info(text(p[0], "storage ID"))); });
  add(
      r, "StorageReportHealth", 2,
      [&index](const json& p) {
        const auto& report = p[1];
        index.report_health(text(p[0], "storage ID"),
                            paths::fs_stat_from_json(json_fields::field(report, "health", "Stat")),
                            report.contains("Err") && !report["Err"].is_null()
                                ? text(report["Err"], "health.Err")
                                : std::string());
        return json();
      },
      false);
  add(r, "StorageStat", 1,
      [&index](const json& p) { return to_json(index.stat(text(p[0], "storage ID"))); });
  add(
      r, "StorageDeclareSector", 4,
      [&index](const json& p) {
        index.declare(text(p[0], "storage ID"), paths::sector_id_from_json(p[1]), types(p[2]),
                      boolean(p[3], "primary"));
        return json();
      },
      false);
  add(
      r, "StorageDropSector", 3,
      [&index](const json& p) {
        index.drop(text(p[0], "storage ID"), paths::sector_id_from_json(p[1]), types(p[2]));
        return json();
      },
      false);
  add(r, "StorageFindSector", 4, [&index](const json& p) {
    json out = json::array();
    for (const auto& s :
         index.find(paths::sector_id_from_json(p[0]), types(p[1]),
                    json_fields::u64(p[2], "sector size"), boolean(p[3], "allow fetch")))
      out.push_back(to_json(s));
    return out;
  });
  add(r, "StorageBestAlloc", 3, [&index](const json& p) {
    json out = json::array();
    for (const auto& s : index.best_alloc(types(p[0]), json_fields::u64(p[1], "sector size"),
                                          sealing_path_type(p[2])))
      out.push_back(to_json(s));
    return out;
  });
  add(r, "StorageList", 0, [&index](const json&) {
    json out = json::object();
    for (const auto& [id, decls] : index.list()) {
      json list = json::array();
      for (const auto& d : decls) list.push_back(paths::to_json(d));
      out[id] = std::move(list);
    }
    return out;
  });
  add(r, "StorageLocal", 0, [&local](const json&) { return json(local.local()); });
  add(
      r, "StorageAddLocal", 1,
      [&local](const json& p) {
        local.add(text(p[0], "path"));
        return json();
      },
      false);
  add(
      r, "StorageDetachLocal", 1,
      [&local](const json& p) {
        local.detach(text(p[0], "path"));
        return json();
      },
      false);
  add(
      r, "StorageRedeclareLocal", 2,
      [&local](const json& p) {
        local.redeclare(p[0].is_null() ? std::nullopt : std::optional(text(p[0], "storage ID")),
                        boolean(p[1], "drop missing"));
        return json();
      },
      false);
}

void register_index_updates(jsonrpc::Registry& registry, paths::SectorIndex& index) {
  // Subscribers, dropped once their channel closes.
  auto sinks =
      std::make_shared<std::pair<std::mutex, std::vector<std::shared_ptr<jsonrpc::ChannelSink>>>>();
  index.on_change([sinks](const json& change) {
    std::lock_guard lock(sinks->first);
    std::erase_if(sinks->second, [](const auto& sink) { return sink->closed(); });
    for (const auto& sink : sinks->second) sink->send(change);
  });
  jsonrpc::Method subscribe{"Filecoin.StorageIndexSubscribe", "admin", 0,
                            [sinks](const json&, jsonrpc::CallContext& call) {
                              if (!call.channel)
                                throw InvalidInput("StorageIndexSubscribe needs a WebSocket");
                              std::lock_guard lock(sinks->first);
                              sinks->second.push_back(call.channel);
                              return json();
                            }};
  subscribe.channel = true;
  registry.add(std::move(subscribe));
}

void register_lock_api(jsonrpc::Registry& registry, paths::SectorLocks& locks) {
  // A lock taken over the API lasts as long as the request (lotus: until its context ends), so
  // StorageLock waits until the locks are free and StorageTryLock says whether they are now.
  registry.add(jsonrpc::Method{"Filecoin.StorageLock", "admin", 3,
                               [&locks](const json& p, jsonrpc::CallContext& call) {
                                 if (!locks.lock(paths::sector_id_from_json(p[0]), types(p[1]),
                                                 types(p[2]), *call.cancelled))
                                   throw Error("StorageLock: context canceled");
                                 return json();
                               },
                               false});
  registry.add(jsonrpc::Method{
      "Filecoin.StorageTryLock", "admin", 3, [&locks](const json& p, jsonrpc::CallContext&) {
        return json(
            locks.try_lock(paths::sector_id_from_json(p[0]), types(p[1]), types(p[2])).has_value());
      }});
  registry.add(jsonrpc::Method{
      "Filecoin.StorageGetLocks", "admin", 0,
      [&locks](const json&, jsonrpc::CallContext&) { return paths::to_json(locks.held()); }});
}

}  // namespace tessera::miner
