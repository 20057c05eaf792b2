// Sector-number allocation: allocations/s and p99 latency for 16 concurrent clients over
// JSON-RPC/HTTP against tessera's durable service (one synced LevelDB batch per allocation),
// side by side in the same run with the fork's scheme as the baseline (a mutex, then rewrite
// the sectorid file and fsync it per allocation), called in-process so the baseline pays no
// network cost at all.
//
//   build/bench/bench_sectorid [allocations per client, default 200] [work dir, default /var/tmp]
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench/bounds.hpp"
#include "common/api_info.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jwt/jwt.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/sectorid/number_api.hpp"
#include "storage/sectorid/number_service.hpp"

using namespace tessera;
using bench::Clock;
using bench::seconds_since;

namespace {

constexpr int kClients = 16;

struct Result {
  double per_second;
  double p99_ms;
};

// Runs kClients threads each calling op `per_client` times; returns throughput and p99 latency.
template <typename Op>
Result measure(int per_client, Op op) {
  std::vector<std::vector<double>> latencies(kClients);
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      for (int i = 0; i < per_client; ++i) {
        const auto t0 = Clock::now();
        op(c, i);
        latencies[c].push_back(seconds_since(t0) * 1000);
      }
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed = seconds_since(start);
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  return {static_cast<double>(all.size()) / elapsed, all[all.size() * 99 / 100]};
}

}  // namespace

int main(int argc, char** argv) {
  const int per_client = argc > 1 ? std::atoi(argv[1]) : 200;
  const std::filesystem::path work =
      std::filesystem::path(argc > 2 ? argv[2] : "/var/tmp") / "tessera-bench-sectorid";
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work);

  // The fork's scheme: counter in memory, file rewritten and fsynced under a mutex.
  std::mutex fork_mu;
  std::uint64_t fork_counter = 0;
  const auto fork_file = work / "sectorid";
  const auto fork = measure(per_client, [&](int, int) {
    std::lock_guard lock(fork_mu);
    const std::string text = std::to_string(++fork_counter);
    int fd = ::open(fork_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
        ::fsync(fd) != 0) {
      std::perror("sectorid file");
      std::exit(1);
    }
    ::close(fd);
  });

  // tessera: the service over HTTP with a token, durable LevelDB batches, idempotency keys.
  auto store = datastore::MetadataStore::open(work / "metadata");
  const Bytes secret(32, 7);
  sectorid::SectorNumberAssigner assigner(*store);
  sectorid::SectorNumberService service(assigner, secret, "127.0.0.1:0");
  const auto port = service.start();
  const ApiInfo info{jwt::sign_token(secret, jwt::perms_up_to(jwt::kAdmin)),
                     multiaddr_for("127.0.0.1", port)};
  std::vector<std::unique_ptr<jsonrpc::Client>> clients;
  for (int c = 0; c < kClients; ++c)
    clients.push_back(jsonrpc::Client::connect(info, jsonrpc::Transport::kHttp));
  const auto ours = measure(per_client, [&](int c, int i) {
    api::call(*clients[c], sectorid::kSectorNumAllocate, 1,
              "c" + std::to_string(c) + "-" + std::to_string(i));
  });
  service.stop();

  std::printf("%d clients x %d allocations each\n", kClients, per_client);
  std::printf("fork scheme (rewrite + fsync a file, in-process): %.0f allocations/s, p99 %.2f ms\n",
              fork.per_second, fork.p99_ms);
  std::printf(
      "tessera service (JSON-RPC over HTTP, synced LevelDB batch, idempotency key): %.0f "
      "allocations/s, "
      "p99 %.2f ms\n",
      ours.per_second, ours.p99_ms);
  std::printf("ratio tessera / fork: %.2f (throughput)\n", ours.per_second / fork.per_second);
  std::filesystem::remove_all(work);
  return 0;
}
