// How a `--winning-post` miner that is not the root one reaches its actor's mining lease: the
// lease methods on the root miner's sector-number service (lease_api.hpp), over HTTP with the
// cluster's token. Each call is sent once with a short deadline: the LeaseKeeper asks again on
// its next round, and counts its lease from when it sent the request.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "common/api_info.hpp"
#include "storage/lease/mining_lease.hpp"

namespace tessera::jsonrpc {
class Client;
}

namespace tessera::lease {

inline constexpr std::chrono::milliseconds kLeaseCallTimeout = std::chrono::seconds(2);

class MiningLeaseClient final : public MiningLease {
 public:
  // A client of the lease served at service (an API info with a token of write permission);
  // each call gives up after call_timeout. Connects lazily.
  explicit MiningLeaseClient(const ApiInfo& service,
                             std::chrono::milliseconds call_timeout = kLeaseCallTimeout);
  ~MiningLeaseClient() override;

  // MiningLease's contract, answered by the service: its errors come back typed (InvalidInput
  // for a bad holder or ttl or a corrupt record there). IoError naming the service when it does
  // not answer within call_timeout (or its datastore fails); PermissionDenied naming it when it
  // refuses the token (a wrong one, or none or one without write permission for acquire and
  // release).
  LeaseState acquire(std::string_view holder, std::chrono::milliseconds ttl) override;
  void release(std::string_view holder) override;
  LeaseState current() override;

 private:
  // Runs call, naming the service in its IoError or PermissionDenied (a refused token).
  template <class F>
  auto named(F call);

  std::unique_ptr<jsonrpc::Client> client_;
  std::string address_;
  std::chrono::milliseconds call_timeout_;
};

}  // namespace tessera::lease
