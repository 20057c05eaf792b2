#include "miner/sector_number_client.hpp"

#include <nlohmann/json.hpp>

#include "chain/types/state_json.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "miner/sector_number_service.hpp"

namespace tessera::miner {

using nlohmann::json;

namespace {

constexpr auto kCallTimeout = std::chrono::seconds(30);

}  // namespace

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
  return call(*allocations_, "Filecoin.SectorNumAllocate", json::array({count, key}))
      .get<std::vector<std::uint64_t>>();
}

json SectorNumberClient::call(jsonrpc::Client& client, const char* method, json params) const {
  try {
    return client.call(method, std::move(params), kCallTimeout);
  } catch (const IoError& e) {
    throw IoError("sector number service at " + address_ + " unreachable: " + e.what());
  }
}

json SectorNumberClient::call_once(const char* method, json params) const {
  return call(*once_, method, std::move(params));
}

sectorid::NumAssignerMeta SectorNumberClient::meta() const {
  return num_assigner_meta_from_json(call_once("Filecoin.SectorNumAssignerMeta", json::array()));
}

std::map<std::string, chain::BitField> SectorNumberClient::reservations() const {
  return reservations_from_json(call_once("Filecoin.SectorNumReservations", json::array()));
}

void SectorNumberClient::reserve(std::string_view name, const chain::BitField& numbers,
                                 bool force) {
  call_once("Filecoin.SectorNumReserve",
            json::array({name, chain::bitfield_to_json(numbers), force}));
}

chain::BitField SectorNumberClient::reserve_count(std::string_view name, std::uint64_t count) {
  return chain::bitfield_from_json(
      call_once("Filecoin.SectorNumReserveCount", json::array({name, count})));
}

void SectorNumberClient::free(std::string_view name) {
  call_once("Filecoin.SectorNumFree", json::array({name}));
}

}  // namespace tessera::miner
