#include "miner/sector_number_client.hpp"

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "storage/repo/keystore.hpp"

namespace tessera::miner {

SectorNumberClient::SectorNumberClient(const ApiInfo& service, const std::string& name,
                                       std::chrono::milliseconds retry_for)
    : rpc_(jsonrpc::Client::connect(
          service, jsonrpc::Transport::kHttp,
          jsonrpc::ClientOptions{.reconnect_for = retry_for, .resend_unanswered = true})),
      key_prefix_(name + "-" + hex_encode(repo::random_bytes(8)) + "-"),
      address_(service.address) {}

SectorNumberClient::~SectorNumberClient() = default;

std::vector<std::uint64_t> SectorNumberClient::allocate(std::uint64_t count) {
  const std::string key = key_prefix_ + std::to_string(next_request_++);
  try {
    // Allocation is idempotent per key: the HTTP client re-sends the same request, also after
    // an answer was lost, until retry_for runs out.
    return rpc_
        ->call("Filecoin.SectorNumAllocate", nlohmann::json::array({count, key}),
               std::chrono::seconds(30))
        .get<std::vector<std::uint64_t>>();
  } catch (const IoError& e) {
    throw IoError("sector number service at " + address_ + " unreachable: " + e.what());
  }
}

}  // namespace tessera::miner
