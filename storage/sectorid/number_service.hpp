// The sector-number service of a distributed miner (the fork's `--sctype=alloce --sclisten`,
// done durably): JSON-RPC on its own listen address, in lotus conventions with the miner's JWT
// tokens, allocating from the alloce miner's metadata datastore. `--sctype=get` miners call it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "common/api_info.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "storage/sectorid/number_assigner.hpp"

namespace tessera::sectorid {

// The sector-number methods over `numbers` (the miner's own assigner, or the service through a
// SectorNumberClient on a --sctype=get miner): tessera's Filecoin.SectorNumAllocate(count, key)
// [write] → [numbers], where a retried key gets the same numbers; and lotus's
// SectorNumAssignerMeta [read] → {Reserved, Allocated, InUse, Next}, SectorNumReservations [read],
// SectorNumReserve(name, bitfield, force), SectorNumReserveCount(name, count) and
// SectorNumFree(name) [admin].
void register_sector_number_api(jsonrpc::Registry& registry, SectorNumberSource& numbers);

// Seeds the assigner from the fork's <repo>/sectorid file (the last number it issued), if any.
// InvalidInput when the file holds no number.
void seed_from_fork_file(SectorNumberAssigner& assigner,
                         const std::filesystem::path& repo);

class SectorNumberService {
 public:
  // Serves assigner (owned by the caller, which may use it elsewhere too: one per datastore)
  // on listen, "IP:PORT" (--sclisten).
  SectorNumberService(SectorNumberAssigner& assigner, const Bytes& jwt_secret,
                      const std::string& listen);
  ~SectorNumberService();
  // Binds and serves; returns the bound port. IoError when the address is taken.
  std::uint16_t start();
  void stop();
  // The service's method table, for further methods served on its address (the mining lease:
  // lease::register_mining_lease_api). Add them before start().
  jsonrpc::Registry& registry() { return registry_; }

 private:
  jsonrpc::Registry registry_;
  std::unique_ptr<jsonrpc::Server> server_;
};

// "IP:PORT" → host and port; InvalidInput otherwise.
std::pair<std::string, std::uint16_t> parse_host_port(const std::string& listen);

// What a `--sctype=get` miner checks at start: the service answers (retrying for up to
// retry_for). IoError naming the address when it does not.
void check_sector_number_service(const ApiInfo& service, std::chrono::milliseconds retry_for);

}  // namespace tessera::sectorid
