#include "storage/sectorid/number_client.hpp"

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "storage/sectorid/number_api.hpp"

namespace tessera::sectorid {

using nlohmann::json;

SectorNumberClient::SectorNumberClient(const ApiInfo& service, std::chrono::milliseconds retry_for)
    : allocations_(jsonrpc::Client::connect(
          service, jsonrpc::Transport::kHttp,
          jsonrpc::ClientOptions{.reconnect_for = retry_for, .resend_unanswered = true})),
      once_(jsonrpc::Client::connect(service, jsonrpc::Transport::kHttp,
                                     jsonrpc::ClientOptions{.reconnect_for = retry_for})),
      address_(service.address) {}

SectorNumberClient::~SectorNumberClient() = default;

std::vector<std::uint64_t> SectorNumberClient::allocate(std::uint64_t count, std::string_view key) {
  // Allocation is idempotent per key: the HTTP client re-sends the same request, also after an
  // answer was lost, until retry_for runs out.
  return call(*allocations_, kSectorNumAllocate, count, std::string(key));
}

NumAssignerMeta SectorNumberClient::meta() const {
  return call(*once_, kSectorNumAssignerMeta);
}

std::map<std::string, chain::BitField> SectorNumberClient::reservations() const {
  return call(*once_, kSectorNumReservations);
}

void SectorNumberClient::reserve(std::string_view name, const chain::BitField& numbers,
                                 bool force) {
  call(*once_, kSectorNumReserve, std::string(name), numbers, force);
}

chain::BitField SectorNumberClient::reserve_count(std::string_view name, std::uint64_t count) {
  return call(*once_, kSectorNumReserveCount, std::string(name), count);
}

void SectorNumberClient::free(std::string_view name) {
  call(*once_, kSectorNumFree, std::string(name));
}

}  // namespace tessera::sectorid
