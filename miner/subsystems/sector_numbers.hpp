// The sector numbers subsystem (the fork's --sctype/--sclisten): where this miner takes sector
// numbers from and whether it serves them to others. Plain miner: its own assigner on the
// metadata datastore. --sctype=alloce: the same assigner, also served on --sclisten, seeded from
// the fork's sectorid file and the chain at start. --sctype=get: only the service's, through a
// SectorNumberClient. The SectorNum* methods sit on whichever it is.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "common/encoding.hpp"
#include "common/jsonrpc/registry.hpp"
#include "miner/subsystem.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/lease/mining_lease.hpp"
#include "storage/sectorid/number_assigner.hpp"
#include "storage/sectorid/number_client.hpp"
#include "storage/sectorid/number_service.hpp"

namespace tessera::miner {

struct SectorNumbersConfig {
  std::string sctype;    // "", "alloce" or "get"
  std::string sclisten;  // IP:PORT of the service
  std::filesystem::path repo;
  std::string api_token;  // the cluster's token, for a get miner's calls to the service
  std::uint64_t miner_id = 0;
};

class SectorNumbersSubsystem final : public Subsystem {
 public:
  // store must outlive this. A get miner checks that the service answers (retrying for 10 s):
  // IoError naming it when it does not.
  SectorNumbersSubsystem(const SectorNumbersConfig& config, datastore::MetadataStore& store,
                         const Bytes& jwt_secret, jsonrpc::Registry& registry);
  ~SectorNumbersSubsystem() override;

  std::string_view name() const override { return "sector numbers"; }
  // alloce: seeds the assigner and serves it on --sclisten (IoError when the address is taken).
  void start() override;
  void stop() override;

  // Where this miner takes sector numbers from: the service (--sctype=get) or its own assigner.
  sectorid::SectorNumberSource& source();
  // The actor's mining lease: this alloce miner's own, the service's (--sctype=get), or none
  // (nullptr) for a plain miner.
  lease::MiningLease* mining_lease() { return lease_.get(); }

 private:
  SectorNumbersConfig config_;
  sectorid::SectorNumberAssigner assigner_;
  std::unique_ptr<sectorid::SectorNumberClient> client_;
  std::unique_ptr<sectorid::SectorNumberService> service_;
  std::unique_ptr<lease::MiningLease> lease_;
};

}  // namespace tessera::miner
