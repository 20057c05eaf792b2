#include "storage/lease/lease_api.hpp"

#include <nlohmann/json.hpp>

#include "common/json_fields.hpp"

namespace tessera::lease {

using nlohmann::json;

json to_json(const LeaseState& state) {
  return json{{"Granted", state.granted},
              {"Holder", state.holder},
              {"RemainingMs", state.remaining.count()}};
}

LeaseState lease_state_from_json(const json& j) {
  const std::string where = "mining lease state";
  const auto& granted = json_fields::field(j, where, "Granted");
  if (!granted.is_boolean()) throw InvalidInput(where + ".Granted: expected a boolean");
  return LeaseState{granted.get<bool>(),
                    json_fields::text(json_fields::field(j, where, "Holder"), where + ".Holder"),
                    std::chrono::milliseconds(json_fields::i64(
                        json_fields::field(j, where, "RemainingMs"), where + ".RemainingMs"))};
}

void register_mining_lease_api(jsonrpc::Registry& registry, MiningLease& lease) {
  api::serve(registry, kMiningLeaseAcquire,
             [&lease](const std::string& holder, std::int64_t ttl_ms) {
               return lease.acquire(holder, std::chrono::milliseconds(ttl_ms));
             });
  api::serve(registry, kMiningLeaseRelease,
             [&lease](const std::string& holder) { lease.release(holder); });
  api::serve(registry, kMiningLeaseCurrent, [&lease] { return lease.current(); });
}

}  // namespace tessera::lease
