// The lotus-miner config key table. Defaults are those of lotus v1.23.3 (node/config/def.go,
// documentation/en/default-lotus-miner-config.toml); the [Subsystems] keys EnableSectorIndexDB,
// DisableWindowPoSt and DisableWinningPoSt come from v1.25.2 and sit where that version puts
// them. Comments are ours.
#include "storage/repo/config_schema.hpp"

#include <array>

namespace tessera::repo {
namespace {

using T = ConfigType;

constexpr std::array<std::string_view, 20> kSections = {
    "API",
    "Backup",
    "Logging",
    "Logging.SubsystemLevels",
    "Libp2p",
    "Pubsub",
    "Subsystems",
    "Dealmaking",
    "Dealmaking.RetrievalPricing",
    "Dealmaking.RetrievalPricing.Default",
    "Dealmaking.RetrievalPricing.External",
    "IndexProvider",
    "Proving",
    "Sealing",
    "Storage",
    "Fees",
    "Fees.MaxPreCommitBatchGasFee",
    "Fees.MaxCommitBatchGasFee",
    "Addresses",
    "DAGStore",
};

constexpr ConfigKeySpec kKeys[] = {
    // [API]
    {"API", "ListenAddress", T::kString, R"("/ip4/127.0.0.1/tcp/2345/http")", "string",
     "multiaddr the miner JSON-RPC API listens on"},
    {"API", "RemoteListenAddress", T::kString, R"("127.0.0.1:2345")", "string",
     "host:port others use to reach this miner's /remote sector file server"},
    {"API", "Timeout", T::kDuration, R"("30s")", "Duration", "timeout of API requests"},
    // [Backup]
    {"Backup", "DisableMetadataLog", T::kBool, "true", "bool",
     "when true, no write-ahead log of the metadata store is kept under kvlog/"},
    // [Logging.SubsystemLevels]
    {"Logging", "SubsystemLevels", T::kMap, R"({ example-subsystem = "INFO" })", "",
     "log level per subsystem name"},
    // [Libp2p]
    {"Libp2p", "ListenAddresses", T::kStringArray,
     R"(["/ip4/0.0.0.0/tcp/0", "/ip6/::/tcp/0", "/ip4/0.0.0.0/udp/0/quic-v1", )"
     R"("/ip6/::/udp/0/quic-v1", "/ip4/0.0.0.0/udp/0/quic-v1/webtransport", )"
     R"("/ip6/::/udp/0/quic-v1/webtransport"])",
     "[]string", "multiaddrs of the libp2p host; port 0 picks a free port"},
    {"Libp2p", "AnnounceAddresses", T::kStringArray, "[]", "[]string",
     "multiaddrs announced to peers (empty: all interface addresses)"},
    {"Libp2p", "NoAnnounceAddresses", T::kStringArray, "[]", "[]string",
     "multiaddrs never announced"},
    {"Libp2p", "DisableNatPortMap", T::kBool, "false", "bool",
     "when true, do not ask the router for a NAT port mapping"},
    {"Libp2p", "ConnMgrLow", T::kUint, "150", "uint",
     "connection count the connection manager trims down to"},
    {"Libp2p", "ConnMgrHigh", T::kUint, "180", "uint",
     "connection count above which the connection manager trims"},
    {"Libp2p", "ConnMgrGrace", T::kDuration, R"("20s")", "Duration",
     "how long new connections are spared from trimming"},
    // [Pubsub]
    {"Pubsub", "Bootstrapper", T::kBool, "false", "bool", "run gossipsub in bootstrapper mode"},
    {"Pubsub", "RemoteTracer", T::kString, R"("")", "string",
     "multiaddr of a remote pubsub tracer"},
    {"Pubsub", "JsonTracer", T::kString, R"("")", "string", "file to write a JSON pubsub trace to"},
    {"Pubsub", "ElasticSearchTracer", T::kString, R"("")", "string",
     "Elasticsearch URL receiving pubsub traces"},
    {"Pubsub", "ElasticSearchIndex", T::kString, R"("")", "string",
     "Elasticsearch index for pubsub traces"},
    {"Pubsub", "TracerSourceAuth", T::kString, R"("")", "string",
     "source tag attached to pubsub traces"},
    // [Subsystems]
    {"Subsystems", "EnableMining", T::kBool, "true", "bool",
     "run the block mining (WinningPoSt) loop"},
    {"Subsystems", "EnableSealing", T::kBool, "true", "bool", "run the sealing pipeline"},
    {"Subsystems", "EnableSectorStorage", T::kBool, "true", "bool",
     "serve sector storage (index and local paths)"},
    {"Subsystems", "EnableMarkets", T::kBool, "false", "bool", "run the storage/retrieval markets"},
    {"Subsystems", "EnableSectorIndexDB", T::kBool, "false", "bool",
     "keep the sector index in an external database (later lotus key)"},
    {"Subsystems", "SealerApiInfo", T::kString, R"("")", "string",
     "TOKEN:multiaddr of an external sealer API"},
    {"Subsystems", "SectorIndexApiInfo", T::kString, R"("")", "string",
     "TOKEN:multiaddr of the miner serving the sector index"},
    {"Subsystems", "DisableWindowPoSt", T::kBool, "false", "bool",
     "turn the WindowPoSt scheduler off entirely (later lotus key)"},
    {"Subsystems", "DisableWinningPoSt", T::kBool, "false", "bool",
     "do not try to mine blocks (later lotus key)"},
    // [Dealmaking]
    {"Dealmaking", "ConsiderOnlineStorageDeals", T::kBool, "true", "bool",
     "accept online storage deals"},
    {"Dealmaking", "ConsiderOfflineStorageDeals", T::kBool, "true", "bool",
     "accept offline storage deals"},
    {"Dealmaking", "ConsiderOnlineRetrievalDeals", T::kBool, "true", "bool",
     "accept online retrieval deals"},
    {"Dealmaking", "ConsiderOfflineRetrievalDeals", T::kBool, "true", "bool",
     "accept offline retrieval deals"},
    {"Dealmaking", "ConsiderVerifiedStorageDeals", T::kBool, "true", "bool",
     "accept verified (FIL+) deals"},
    {"Dealmaking", "ConsiderUnverifiedStorageDeals", T::kBool, "true", "bool",
     "accept unverified deals"},
    {"Dealmaking", "PieceCidBlocklist", T::kStringArray, "[]", "[]cid.Cid",
     "piece CIDs refused in deals"},
    {"Dealmaking", "ExpectedSealDuration", T::kDuration, R"("24h0m0s")", "Duration",
     "expected time from deal acceptance to a sealed sector"},
    {"Dealmaking", "MaxDealStartDelay", T::kDuration, R"("336h0m0s")", "Duration",
     "furthest a deal's start may lie in the future"},
    {"Dealmaking", "PublishMsgPeriod", T::kDuration, R"("1h0m0s")", "Duration",
     "wait for more deals before publishing a batch"},
    {"Dealmaking", "MaxDealsPerPublishMsg", T::kUint, "8", "uint64",
     "most deals in one PublishStorageDeals message"},
    {"Dealmaking", "MaxProviderCollateralMultiplier", T::kUint, "2", "uint64",
     "provider collateral cap as a multiple of the minimum"},
    {"Dealmaking", "MaxStagingDealsBytes", T::kInt, "0", "int64",
     "disk budget for staged deal data (0 = unlimited)"},
    {"Dealmaking", "SimultaneousTransfersForStorage", T::kUint, "20", "uint64",
     "parallel inbound storage transfers"},
    {"Dealmaking", "SimultaneousTransfersForStoragePerClient", T::kUint, "0", "uint64",
     "parallel storage transfers per client (0 = no per-client cap)"},
    {"Dealmaking", "SimultaneousTransfersForRetrieval", T::kUint, "20", "uint64",
     "parallel outbound retrieval transfers"},
    {"Dealmaking", "StartEpochSealingBuffer", T::kUint, "480", "uint64",
     "epochs kept free before a deal's start for sealing"},
    {"Dealmaking", "Filter", T::kString, R"("")", "string",
     "external command that vets storage deals"},
    {"Dealmaking", "RetrievalFilter", T::kString, R"("")", "string",
     "external command that vets retrieval deals"},
    {"Dealmaking.RetrievalPricing", "Strategy", T::kString, R"("default")", "",
     "retrieval pricing: \"default\" or \"external\""},
    {"Dealmaking.RetrievalPricing.Default", "VerifiedDealsFreeTransfer", T::kBool, "true", "",
     "no transfer fee for verified deals"},
    {"Dealmaking.RetrievalPricing.External", "Path", T::kString, R"("")", "",
     "pricing script used by the external strategy"},
    // [IndexProvider]
    {"IndexProvider", "Enable", T::kBool, "true", "bool",
     "announce deal content to network indexers"},
    {"IndexProvider", "EntriesCacheCapacity", T::kInt, "1024", "int",
     "cached advertisement entry chunks"},
    {"IndexProvider", "EntriesChunkSize", T::kInt, "16384", "int",
     "multihashes per advertisement entries chunk"},
    {"IndexProvider", "TopicName", T::kString, R"("")", "string",
     "gossip topic for announcements (empty: network default)"},
    {"IndexProvider", "PurgeCacheOnStart", T::kBool, "false", "bool",
     "drop cached entry chunks at start"},
    // [Proving]
    {"Proving", "ParallelCheckLimit", T::kInt, "32", "int",
     "sector checks run in parallel before PoSt (0 = unlimited)"},
    {"Proving", "SingleCheckTimeout", T::kDuration, R"("10m0s")", "Duration",
     "time limit for checking one sector"},
    {"Proving", "PartitionCheckTimeout", T::kDuration, R"("20m0s")", "Duration",
     "time limit for checking one partition"},
    {"Proving", "DisableBuiltinWindowPoSt", T::kBool, "false", "bool",
     "leave WindowPoSt computation to window-post workers"},
    {"Proving", "DisableBuiltinWinningPoSt", T::kBool, "false", "bool",
     "leave WinningPoSt computation to winning-post workers"},
    {"Proving", "DisableWDPoStPreChecks", T::kBool, "false", "bool",
     "skip sector checks before WindowPoSt"},
    {"Proving", "MaxPartitionsPerPoStMessage", T::kInt, "0", "int",
     "partitions per SubmitWindowedPoSt message (0 = network limit)"},
    {"Proving", "MaxPartitionsPerRecoveryMessage", T::kInt, "0", "int",
     "partitions per DeclareFaultsRecovered message (0 = no limit)"},
    {"Proving", "SingleRecoveringPartitionPerPostMessage", T::kBool, "false", "bool",
     "put at most one recovering partition in a PoSt message"},
    // [Sealing]
    {"Sealing", "MaxWaitDealsSectors", T::kUint, "2", "uint64",
     "sectors open for deals at once (0 = no limit)"},
    {"Sealing", "MaxSealingSectors", T::kUint, "0", "uint64",
     "CC sectors sealing at once (0 = no limit)"},
    {"Sealing", "MaxSealingSectorsForDeals", T::kUint, "0", "uint64",
     "deal sectors sealing at once (0 = no limit)"},
    {"Sealing", "PreferNewSectorsForDeals", T::kBool, "false", "bool",
     "open new sectors for deals rather than snapping into available ones"},
    {"Sealing", "MaxUpgradingSectors", T::kUint, "0", "uint64",
     "sectors being snap-upgraded at once (0 = MaxSealingSectorsForDeals)"},
    {"Sealing", "MinUpgradeSectorExpiration", T::kUint, "0", "uint64",
     "minimum remaining life (epochs) of a sector chosen for upgrade"},
    {"Sealing", "MinTargetUpgradeSectorExpiration", T::kUint, "0", "uint64",
     "preferred minimum remaining life (epochs) of an upgrade target"},
    {"Sealing", "CommittedCapacitySectorLifetime", T::kDuration, R"("12960h0m0s")", "Duration",
     "committed lifetime of new CC sectors (180 to 540 days)"},
    {"Sealing", "WaitDealsDelay", T::kDuration, R"("6h0m0s")", "Duration",
     "how long a new sector waits for more deals before sealing"},
    {"Sealing", "AlwaysKeepUnsealedCopy", T::kBool, "true", "bool",
     "keep an unsealed copy of deal data"},
    {"Sealing", "FinalizeEarly", T::kBool, "false", "bool", "finalize sectors before ProveCommit"},
    {"Sealing", "MakeNewSectorForDeals", T::kBool, "true", "bool",
     "create new sectors for incoming deals"},
    {"Sealing", "MakeCCSectorsAvailable", T::kBool, "false", "bool",
     "offer sealed CC sectors for snap upgrades"},
    {"Sealing", "CollateralFromMinerBalance", T::kBool, "false", "bool",
     "pay sector collateral from the miner actor's balance"},
    {"Sealing", "AvailableBalanceBuffer", T::kFil, R"("0 FIL")", "types.FIL",
     "balance always left in the miner actor"},
    {"Sealing", "DisableCollateralFallback", T::kBool, "false", "bool",
     "never attach collateral to messages"},
    {"Sealing", "BatchPreCommits", T::kBool, "true", "bool", "batch PreCommit messages"},
    {"Sealing", "MaxPreCommitBatch", T::kInt, "256", "int",
     "PreCommits per batch before it is sent at once"},
    {"Sealing", "PreCommitBatchWait", T::kDuration, R"("24h0m0s")", "Duration",
     "longest a PreCommit batch waits"},
    {"Sealing", "PreCommitBatchSlack", T::kDuration, R"("3h0m0s")", "Duration",
     "send a PreCommit batch this long before anything in it expires"},
    {"Sealing", "AggregateCommits", T::kBool, "true", "bool", "aggregate ProveCommit proofs"},
    {"Sealing", "MinCommitBatch", T::kInt, "4", "int", "smallest ProveCommit aggregate"},
    {"Sealing", "MaxCommitBatch", T::kInt, "819", "int", "largest ProveCommit aggregate"},
    {"Sealing", "CommitBatchWait", T::kDuration, R"("24h0m0s")", "Duration",
     "longest a commit batch waits"},
    {"Sealing", "CommitBatchSlack", T::kDuration, R"("1h0m0s")", "Duration",
     "send a commit batch this long before anything in it expires"},
    {"Sealing", "BatchPreCommitAboveBaseFee", T::kFil, R"("0.00000000032 FIL")", "types.FIL",
     "base fee under which PreCommits go out one by one"},
    {"Sealing", "AggregateAboveBaseFee", T::kFil, R"("0.00000000032 FIL")", "types.FIL",
     "base fee under which ProveCommits go out one by one"},
    {"Sealing", "MaxSectorProveCommitsSubmittedPerEpoch", T::kUint, "20", "uint64",
     "individual ProveCommit messages sent per epoch"},
    {"Sealing", "TerminateBatchMax", T::kUint, "100", "uint64",
     "most sectors in one termination batch"},
    {"Sealing", "TerminateBatchMin", T::kUint, "1", "uint64",
     "fewest sectors in one termination batch"},
    {"Sealing", "TerminateBatchWait", T::kDuration, R"("5m0s")", "Duration",
     "longest a termination batch waits"},
    // [Storage] (lotus SealerConfig: what the built-in local worker accepts)
    {"Storage", "ParallelFetchLimit", T::kInt, "10", "int", "sector fetches run at once"},
    {"Storage", "AllowSectorDownload", T::kBool, "true", "bool",
     "let workers download sectors from this miner"},
    {"Storage", "AllowAddPiece", T::kBool, "true", "bool", "local worker runs AddPiece"},
    {"Storage", "AllowPreCommit1", T::kBool, "true", "bool", "local worker runs PreCommit1"},
    {"Storage", "AllowPreCommit2", T::kBool, "true", "bool", "local worker runs PreCommit2"},
    {"Storage", "AllowCommit", T::kBool, "true", "bool", "local worker runs Commit"},
    {"Storage", "AllowUnseal", T::kBool, "true", "bool", "local worker runs Unseal"},
    {"Storage", "AllowReplicaUpdate", T::kBool, "true", "bool", "local worker runs ReplicaUpdate"},
    {"Storage", "AllowProveReplicaUpdate2", T::kBool, "true", "bool",
     "local worker runs ProveReplicaUpdate2"},
    {"Storage", "AllowRegenSectorKey", T::kBool, "true", "bool",
     "local worker runs RegenSectorKey"},
    {"Storage", "LocalWorkerName", T::kString, R"("")", "string",
     "name of the built-in worker (empty: hostname)"},
    {"Storage", "Assigner", T::kString, R"("utilization")", "string",
     "task assignment: \"utilization\" or \"spread\""},
    {"Storage", "DisallowRemoteFinalize", T::kBool, "false", "bool",
     "finalize only on workers that hold the sector"},
    {"Storage", "ResourceFiltering", T::kString, R"("hardware")", "ResourceFilteringStrategy",
     "worker resource check: \"hardware\" or \"disabled\""},
    // [Fees]
    {"Fees", "MaxPreCommitGasFee", T::kFil, R"("0.025 FIL")", "types.FIL",
     "fee cap of a PreCommit message"},
    {"Fees", "MaxCommitGasFee", T::kFil, R"("0.05 FIL")", "types.FIL",
     "fee cap of a ProveCommit message"},
    {"Fees", "MaxTerminateGasFee", T::kFil, R"("0.5 FIL")", "types.FIL",
     "fee cap of a TerminateSectors message"},
    {"Fees", "MaxWindowPoStGasFee", T::kFil, R"("5 FIL")", "types.FIL",
     "fee cap of a SubmitWindowedPoSt message"},
    {"Fees", "MaxPublishDealsFee", T::kFil, R"("0.05 FIL")", "types.FIL",
     "fee cap of a PublishStorageDeals message"},
    {"Fees", "MaxMarketBalanceAddFee", T::kFil, R"("0.007 FIL")", "types.FIL",
     "fee cap of a market AddBalance message"},
    {"Fees.MaxPreCommitBatchGasFee", "Base", T::kFil, R"("0 FIL")", "types.FIL",
     "fixed part of the PreCommit batch fee cap"},
    {"Fees.MaxPreCommitBatchGasFee", "PerSector", T::kFil, R"("0.02 FIL")", "types.FIL",
     "per-sector part of the PreCommit batch fee cap"},
    {"Fees.MaxCommitBatchGasFee", "Base", T::kFil, R"("0 FIL")", "types.FIL",
     "fixed part of the ProveCommit aggregate fee cap"},
    {"Fees.MaxCommitBatchGasFee", "PerSector", T::kFil, R"("0.03 FIL")", "types.FIL",
     "per-sector part of the ProveCommit aggregate fee cap"},
    // [Addresses]
    {"Addresses", "PreCommitControl", T::kStringArray, "[]", "[]string",
     "addresses that send PreCommit messages"},
    {"Addresses", "CommitControl", T::kStringArray, "[]", "[]string",
     "addresses that send ProveCommit messages"},
    {"Addresses", "TerminateControl", T::kStringArray, "[]", "[]string",
     "addresses that send TerminateSectors messages"},
    {"Addresses", "DealPublishControl", T::kStringArray, "[]", "[]string",
     "addresses that send PublishStorageDeals messages"},
    {"Addresses", "DisableOwnerFallback", T::kBool, "false", "bool",
     "never fall back to the owner address"},
    {"Addresses", "DisableWorkerFallback", T::kBool, "false", "bool",
     "never fall back to the worker address"},
    // [DAGStore]
    {"DAGStore", "RootDir", T::kString, R"("")", "string",
     "DAG store directory (empty: <repo>/dagstore)"},
    {"DAGStore", "MaxConcurrentIndex", T::kInt, "5", "int", "shards indexed at once"},
    {"DAGStore", "MaxConcurrentReadyFetches", T::kInt, "0", "int",
     "unsealed pieces fetched at once (0 = no limit)"},
    {"DAGStore", "MaxConcurrentUnseals", T::kInt, "5", "int", "unseal operations at once"},
    {"DAGStore", "MaxConcurrencyStorageCalls", T::kInt, "100", "int",
     "calls to the storage subsystem at once"},
    {"DAGStore", "GCInterval", T::kDuration, R"("1m0s")", "Duration",
     "period of DAG store garbage collection"},
};

}  // namespace

std::span<const ConfigKeySpec> config_schema() {
  return kKeys;
}

std::span<const std::string_view> config_sections() {
  return kSections;
}

const ConfigKeySpec* find_config_key(std::string_view section, std::string_view key) {
  for (const auto& spec : kKeys) {
    if (spec.section == section && spec.key == key) return &spec;
  }
  return nullptr;
}

std::string_view config_type_name(ConfigType type) {
  switch (type) {
    case ConfigType::kString:
      return "string";
    case ConfigType::kBool:
      return "bool";
    case ConfigType::kInt:
      return "integer";
    case ConfigType::kUint:
      return "unsigned integer";
    case ConfigType::kDuration:
      return "duration string";
    case ConfigType::kFil:
      return "FIL string";
    case ConfigType::kStringArray:
      return "array of strings";
    case ConfigType::kMap:
      return "table of strings";
  }
  return "?";
}

}  // namespace tessera::repo
