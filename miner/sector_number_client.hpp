// How a miner with --sctype takes sector numbers: only from the sector number service, each
// request under an idempotency key that is kept across retries, so a request whose answer was
// lost (the service crashed, the connection dropped) gets the same numbers when retried and
// never burns new ones. There is no local fallback.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/api_info.hpp"

namespace tessera::jsonrpc {
class Client;
}

namespace tessera::miner {

class SectorNumberClient {
 public:
  // A client of the service at `service` (an API info with the cluster's token). `name` starts
  // this client's keys, which also carry a random part so that a restarted process never
  // reuses an earlier one's. Requests are retried with backoff for up to retry_for.
  SectorNumberClient(const ApiInfo& service, const std::string& name,
                     std::chrono::milliseconds retry_for);
  ~SectorNumberClient();

  // `count` new sector numbers (1..256). IoError naming the service when it stays unreachable
  // for retry_for; PermissionDenied for a token it refuses.
  std::vector<std::uint64_t> allocate(std::uint64_t count);

 private:
  std::unique_ptr<jsonrpc::Client> rpc_;
  std::string key_prefix_;
  std::string address_;
  std::atomic<std::uint64_t> next_request_{0};
};

}  // namespace tessera::miner
