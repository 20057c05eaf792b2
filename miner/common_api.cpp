#include "miner/common_api.hpp"

#include <nlohmann/json.hpp>

#include <ctime>

#include "common/error.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jwt/jwt.hpp"
#include "common/log.hpp"
#include "miner/version.hpp"
#include "storage/paths/local_storage_meta.hpp"

namespace tessera::miner {
namespace {

using nlohmann::json;

// Go's time.Time JSON form (RFC 3339 with nanoseconds), in UTC.
std::string rfc3339_nano(std::chrono::system_clock::time_point t) {
  auto since = t.time_since_epoch();
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(since);
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since - secs).count();
  std::time_t tt = secs.count();
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = date;
  if (nanos) {
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%09lld", static_cast<long long>(nanos));
    std::string f = frac;
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out + "Z";
}

std::vector<std::string> string_list(const json& value, std::string_view what) {
  if (!value.is_array()) throw InvalidInput(std::string(what) + ": expected an array of strings");
  std::vector<std::string> out;
  for (const auto& item : value) {
    if (!item.is_string()) throw InvalidInput(std::string(what) + ": expected an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::string string_param(const json& value, std::string_view what) {
  if (!value.is_string()) throw InvalidInput(std::string(what) + ": expected a string");
  return value.get<std::string>();
}

}  // namespace

CommonApiState::CommonApiState(Bytes jwt_secret, std::function<void()> on_shutdown)
    : jwt_secret_(std::move(jwt_secret)),
      on_shutdown_(std::move(on_shutdown)),
      session_(paths::new_uuid_v4()),
      start_time_(std::chrono::system_clock::now()) {}

void CommonApiState::request_shutdown() {
  {
    std::lock_guard lock(mu_);
    if (shutdown_requested_) return;
    shutdown_requested_ = true;
  }
  on_shutdown_();
}

void CommonApiState::add_closing_subscriber(std::shared_ptr<jsonrpc::ChannelSink> sink) {
  std::lock_guard lock(mu_);
  closing_.push_back(std::move(sink));
}

void CommonApiState::close_subscribers() {
  std::vector<std::shared_ptr<jsonrpc::ChannelSink>> subscribers;
  {
    std::lock_guard lock(mu_);
    subscribers.swap(closing_);
  }
  for (auto& sink : subscribers) sink->close();
}

void register_common_api(jsonrpc::Registry& registry, CommonApiState& state) {
  using jsonrpc::CallContext;
  using jsonrpc::Method;
  registry.add(Method{"Filecoin.Version", "read", 0, [](const json&, CallContext&) {
                        return json{{"Version", std::string(kBuildVersion)},
                                    {"APIVersion", kMinerApiVersion},
                                    {"BlockDelay", kBlockDelaySecs}};
                      }});
  registry.add(Method{"Filecoin.Session", "read", 0,
                      [&state](const json&, CallContext&) { return json(state.session()); }});
  registry.add(Method{"Filecoin.StartTime", "read", 0, [&state](const json&, CallContext&) {
                        return json(rfc3339_nano(state.start_time()));
                      }});
  registry.add(Method{"Filecoin.AuthVerify", "read", 1, [&state](const json& p, CallContext&) {
                        return json(
                            jwt::verify_token(state.jwt_secret(), string_param(p[0], "token")));
                      }});
  // AuthNew returns Go []byte, so the token travels base64-encoded.
  registry.add(Method{"Filecoin.AuthNew", "admin", 1, [&state](const json& p, CallContext&) {
                        auto token =
                            jwt::sign_token(state.jwt_secret(), string_list(p[0], "permissions"));
                        return json(base64_encode(to_bytes(token)));
                      }});
  registry.add(Method{"Filecoin.LogList", "write", 0,
                      [](const json&, CallContext&) { return json(log::list()); }});
  Method set_level{"Filecoin.LogSetLevel", "write", 2, [](const json& p, CallContext&) {
                     log::set_level(string_param(p[0], "subsystem"), string_param(p[1], "level"));
                     return json();
                   }};
  set_level.returns_value = false;
  registry.add(std::move(set_level));
  Method shutdown{"Filecoin.Shutdown", "admin", 0, [&state](const json&, CallContext&) {
                    TLOG_WARN(log::get("miner"), "shutdown requested over the API");
                    state.request_shutdown();
                    return json();
                  }};
  shutdown.returns_value = false;
  registry.add(std::move(shutdown));
  Method closing{"Filecoin.Closing", "read", 0, [&state](const json&, CallContext& call) {
                   state.add_closing_subscriber(call.channel);
                   return json();
                 }};
  closing.channel = true;
  registry.add(std::move(closing));
}

void register_discover(jsonrpc::Registry& registry) {
  json methods = json::array();
  for (const auto& name : registry.names()) {
    const auto* method = registry.find(name);
    json params = json::array();
    for (std::size_t i = 0; i < method->param_count; ++i) {
      params.push_back(
          {{"name", "p" + std::to_string(i + 1)}, {"required", true}, {"schema", json::object()}});
    }
    methods.push_back({{"name", name},
                       {"description", "permission: " + method->perm},
                       {"params", params},
                       {"paramStructure", "by-position"}});
  }
  methods.push_back({{"name", "Filecoin.Discover"}, {"params", json::array()}});
  json document = {{"openrpc", "1.2.6"},
                   {"info", {{"title", "Lotus RPC API"}, {"version", std::string(kBuildVersion)}}},
                   {"methods", methods}};
  auto discover = [document](const json&, jsonrpc::CallContext&) { return document; };
  registry.add(jsonrpc::Method{"Filecoin.Discover", "read", 0, discover});
  registry.add(jsonrpc::Method{"rpc.discover", "read", 0, discover});
}

}  // namespace tessera::miner
