#include "miner/subsystems/sector_numbers.hpp"

#include "chain/api/full_node_connect.hpp"
#include "chain/types/id_address.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/log.hpp"
#include "storage/lease/lease_api.hpp"
#include "storage/lease/lease_client.hpp"

namespace tessera::miner {
namespace {

// How long a --sctype=get miner keeps re-sending an allocation the service does not answer
// (it is being restarted, say) before the call fails.
constexpr auto kServiceRetryFor = std::chrono::seconds(60);

// Seeds sector numbers with the miner actor's allocated ones when FULLNODE_API_INFO points at a
// reachable chain (a lotus node or tessera's devnet); logs and goes on when none is.
void seed_from_chain(sectorid::SectorNumberAssigner& assigner, std::uint64_t miner_id) {
  auto logger = log::get("sectorid");
  auto info = api_info_from_env({"FULLNODE_API_INFO"});
  if (!info) {
    TLOG_INFO(logger, "FULLNODE_API_INFO not set: sector numbers not seeded from the chain");
    return;
  }
  try {
    auto chain = chain::connect_full_node(*info);
    auto allocated = chain.state_miner_allocated(chain::Address::from_id(miner_id), {});
    assigner.seed(allocated);
    TLOG_INFO(logger, "seeded sector numbers from the chain: {} allocated on chain",
              allocated.count());
  } catch (const Error& e) {
    TLOG_WARN(logger, "chain at {} not reachable, sector numbers not seeded from it: {}",
              info->address, e.what());
  }
}

}  // namespace

SectorNumbersSubsystem::SectorNumbersSubsystem(const SectorNumbersConfig& config,
                                               datastore::MetadataStore& store,
                                               const Bytes& jwt_secret, jsonrpc::Registry& registry)
    : config_(config), assigner_(store) {
  if (config.sctype == "get") {
    auto [host, port] = sectorid::parse_host_port(config.sclisten);
    const ApiInfo service{config.api_token, multiaddr_for(host, port)};
    sectorid::check_sector_number_service(service, std::chrono::seconds(10));
    client_ = std::make_unique<sectorid::SectorNumberClient>(service, kServiceRetryFor);
    lease_ = std::make_unique<lease::MiningLeaseClient>(service);
    TLOG_INFO(log::get("main"), "using the sector number service at {}", config.sclisten);
    sectorid::register_sector_number_api(registry, *client_);
    return;
  }
  sectorid::register_sector_number_api(registry, assigner_);
  if (config.sctype == "alloce") {
    lease_ = std::make_unique<lease::LocalMiningLease>(
        store, chain::format_id_address(config.miner_id, chain::Network::kMainnet));
    service_ =
        std::make_unique<sectorid::SectorNumberService>(assigner_, jwt_secret, config.sclisten);
    lease::register_mining_lease_api(service_->registry(), *lease_);
  }
}

SectorNumbersSubsystem::~SectorNumbersSubsystem() {
  stop();
}

void SectorNumbersSubsystem::start() {
  if (!service_) return;
  sectorid::seed_from_fork_file(assigner_, config_.repo);
  seed_from_chain(assigner_, config_.miner_id);
  service_->start();
  TLOG_INFO(log::get("main"), "sector number service listening on {}", config_.sclisten);
}

void SectorNumbersSubsystem::stop() {
  if (service_) service_->stop();
}

sectorid::SectorNumberSource& SectorNumbersSubsystem::source() {
  if (client_) return *client_;
  return assigner_;
}

}  // namespace tessera::miner
