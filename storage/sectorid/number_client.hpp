// How a miner with --sctype=get takes sector numbers: only from the sector number service, each
// allocation under an idempotency key that is kept across retries, so a request whose answer
// was lost (the service crashed, the connection dropped) gets the same numbers when retried and
// never burns new ones. There is no local fallback. Reservations live in the service too.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "common/api/method.hpp"
#include "common/api_info.hpp"
#include "storage/sectorid/number_source.hpp"

namespace tessera::jsonrpc {
class Client;
}

namespace tessera::sectorid {

class SectorNumberClient final : public SectorNumberSource {
 public:
  // A client of the service at `service` (an API info with the cluster's token).
  SectorNumberClient(const ApiInfo& service, std::chrono::milliseconds retry_for);
  ~SectorNumberClient() override;

  // The SectorNumberSource calls, answered by the service. Allocation is re-sent until
  // retry_for runs out (IoError naming the service then); the reservation calls are not
  // idempotent, so they are sent once. PermissionDenied for a token the service refuses; the
  // service's own errors come back as RpcError with its message.
  std::vector<std::uint64_t> allocate(std::uint64_t count, std::string_view key) override;
  NumAssignerMeta meta() const override;
  std::map<std::string, chain::BitField> reservations() const override;
  void reserve(std::string_view name, const chain::BitField& numbers, bool force) override;
  chain::BitField reserve_count(std::string_view name, std::uint64_t count) override;
  void free(std::string_view name) override;

 private:
  // A call through client; IoError naming the service when it stays unreachable.
  template <class R, class... Ps>
  R call(jsonrpc::Client& client, const api::Method<R(Ps...)>& method,
         const std::type_identity_t<Ps>&... args) const {
    try {
      return api::call(client, method, args...);
    } catch (const IoError& e) {
      throw IoError("sector number service at " + address_ + " unreachable: " + e.what());
    }
  }

  std::unique_ptr<jsonrpc::Client> allocations_;  // re-sends unanswered requests
  std::unique_ptr<jsonrpc::Client> once_;         // sends each request once
  std::string address_;
};

}  // namespace tessera::sectorid
