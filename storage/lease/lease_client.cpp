#include "storage/lease/lease_client.hpp"

#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "storage/lease/lease_api.hpp"

namespace tessera::lease {

// What go-jsonrpc (and common/jsonrpc/dispatcher.cpp) answers a caller whose token lacks the
// method's permission, as a plain method error.
constexpr std::string_view kMissingPermission = "missing permission to invoke";

MiningLeaseClient::MiningLeaseClient(const ApiInfo& service, std::chrono::milliseconds call_timeout)
    : client_(jsonrpc::Client::connect(service, jsonrpc::Transport::kHttp)),
      address_(service.address),
      call_timeout_(call_timeout) {}

MiningLeaseClient::~MiningLeaseClient() = default;

template <class F>
auto MiningLeaseClient::named(F call) {
  try {
    return call();
  } catch (const IoError& e) {
    throw IoError("mining lease service at " + address_ + ": " + e.what());
  } catch (const PermissionDenied& e) {
    throw PermissionDenied("mining lease service at " + address_ +
                           " refused the token: " + e.what());
  } catch (const jsonrpc::RpcError& e) {
    if (!std::string_view(e.what()).starts_with(kMissingPermission)) throw;
    throw PermissionDenied("mining lease service at " + address_ +
                           " refused the token: " + e.what());
  }
}

LeaseState MiningLeaseClient::acquire(std::string_view holder, std::chrono::milliseconds ttl) {
  return named([&] {
    return api::call_within(call_timeout_, *client_, kMiningLeaseAcquire, std::string(holder),
                            static_cast<std::int64_t>(ttl.count()));
  });
}

void MiningLeaseClient::release(std::string_view holder) {
  named(
      [&] { api::call_within(call_timeout_, *client_, kMiningLeaseRelease, std::string(holder)); });
}

LeaseState MiningLeaseClient::current() {
  return named([&] { return api::call_within(call_timeout_, *client_, kMiningLeaseCurrent); });
}

}  // namespace tessera::lease
