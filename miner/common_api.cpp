#include "miner/common_api.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <memory>

#include "common/uuid.hpp"
#include "common/api/common_api.hpp"
#include "common/error.hpp"
#include "common/jwt/jwt.hpp"
#include "common/log.hpp"
#include "miner/version.hpp"

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

}  // namespace

CommonApiState::CommonApiState(Bytes jwt_secret, std::function<void()> on_shutdown)
    : jwt_secret_(std::move(jwt_secret)),
      on_shutdown_(std::move(on_shutdown)),
      session_(new_uuid_v4()),
      start_time_(std::chrono::system_clock::now()) {}

void CommonApiState::request_shutdown() {
  {
    std::lock_guard lock(mu_);
    if (shutdown_requested_) return;
    shutdown_requested_ = true;
  }
  on_shutdown_();
}

void CommonApiState::add_closing_subscriber(api::ChannelWriter<nlohmann::json> channel) {
  std::lock_guard lock(mu_);
  closing_.push_back(std::move(channel));
}

void CommonApiState::close_subscribers() {
  std::vector<api::ChannelWriter<nlohmann::json>> subscribers;
  {
    std::lock_guard lock(mu_);
    subscribers.swap(closing_);
  }
  for (auto& channel : subscribers) channel.close();
}

void register_common_api(jsonrpc::Registry& registry, CommonApiState& state) {
  api::serve(registry, api::kVersion, [] {
    return api::VersionInfo{std::string(kBuildVersion), kMinerApiVersion, kBlockDelaySecs};
  });
  api::serve(registry, api::kSession, [&state] { return state.session(); });
  api::serve(registry, api::kStartTime, [&state] { return rfc3339_nano(state.start_time()); });
  api::serve(registry, api::kAuthVerify, [&state](const std::string& token) {
    return jwt::verify_token(state.jwt_secret(), token);
  });
  api::serve(registry, api::kAuthNew, [&state](const std::vector<std::string>& perms) {
    return to_bytes(jwt::sign_token(state.jwt_secret(), perms));
  });
  api::serve(registry, api::kLogList, [] { return log::list(); });
  api::serve(registry, api::kLogSetLevel, [](const std::string& subsystem, const std::string& level) {
    log::set_level(subsystem, level);
  });
  api::serve(registry, api::kShutdown, [&state] {
    TLOG_WARN(log::get("miner"), "shutdown requested over the API");
    state.request_shutdown();
  });
  api::serve(registry, api::kClosing, [&state](api::ChannelWriter<json> closing) {
    state.add_closing_subscriber(std::move(closing));
  });
}

void register_discover(jsonrpc::Registry& registry) {
  // The document lists every method, the two that serve it included, so they are registered
  // first and read it once it is complete.
  auto document = std::make_shared<json>();
  api::serve(registry, api::kDiscover, [document] { return *document; });
  api::serve(registry, api::kRpcDiscover, [document] { return *document; });
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
  *document = {{"openrpc", "1.2.6"},
               {"info", {{"title", "Lotus RPC API"}, {"version", std::string(kBuildVersion)}}},
               {"methods", methods}};
}

}  // namespace tessera::miner
