// lotus's CheckProvable and ComputeWindowPoSt (StorageMiner API, admin; lotus v1.23.3
// api/api_storage.go): which of the miner's sectors it can prove now, and the WindowPoSt of a
// deadline computed without submitting it (what `lotus-miner proving check` and `proving compute
// window-post` ask). The methods are declared and registered here over ProvingApi; the work
// behind them (check_provable, compute_window_post) runs on a full node and a SectorAccess, so
// the ProvingSubsystem and tests share it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "chain/api/full_node_client.hpp"
#include "chain/types/miner_params.hpp"
#include "chain/types/state_json.hpp"
#include "common/api/method.hpp"
#include "common/executor/stage_context.hpp"
#include "common/jsonrpc/registry.hpp"
#include "post/post_worker_api.hpp"
#include "post/window/sector_check.hpp"
#include "sealing/params/proof_mode.hpp"
#include "storage/paths/sector_file_types.hpp"

namespace tessera::miner {

// lotus storiface.SectorRef: {"ID": {"Miner": n, "Number": n}, "ProofType": sealProof}.
struct SectorRef {
  paths::SectorId id;
  std::int64_t proof_type = 0;  // RegisteredSealProof
};
nlohmann::json to_json(const SectorRef& ref);
SectorRef sector_ref_from_json(const nlohmann::json& json);  // InvalidInput when malformed

// CheckProvable's answer: sector number -> why it cannot be proven, only for those that cannot
// (lotus map[abi.SectorNumber]string: an object keyed by decimal sector numbers).
struct UnprovableSectors {
  std::map<std::uint64_t, std::string> reasons;
};
nlohmann::json to_json(const UnprovableSectors& bad);
UnprovableSectors unprovable_sectors_from_json(const nlohmann::json& json);

// SubmitWindowedPoStParams in lotus's JSON: {"Deadline", "Partitions": [{"Index", "Skipped"
// (bitfield runs)}], "Proofs": [{"PoStProof", "ProofBytes" (base64)}], "ChainCommitEpoch",
// "ChainCommitRand" (base64)}.
nlohmann::json to_json(const chain::SubmitWindowedPoStParams& params);
chain::SubmitWindowedPoStParams submit_windowed_post_params_from_json(const nlohmann::json& json);

}  // namespace tessera::miner

TESSERA_API_CODEC(tessera::miner::SectorRef, tessera::miner::to_json,
                  tessera::miner::sector_ref_from_json);
TESSERA_API_CODEC(tessera::miner::UnprovableSectors, tessera::miner::to_json,
                  tessera::miner::unprovable_sectors_from_json);
TESSERA_API_CODEC(tessera::chain::SubmitWindowedPoStParams, tessera::miner::to_json,
                  tessera::miner::submit_windowed_post_params_from_json);

namespace tessera::miner {

// [postProofType, sectors] -> the sectors that cannot be proven, with the reason (lotus
// v1.23.3; v1.15 also took `update` and `expensive`).
inline constexpr api::Method<UnprovableSectors(std::int64_t, std::vector<SectorRef>)>
    kCheckProvable{"Filecoin.CheckProvable", api::Perm::kAdmin};
// [deadline index, tipset key (empty: the head)] -> the SubmitWindowedPoSt params proving that
// deadline's partitions at its latest challenge, not submitted.
inline constexpr api::Method<std::vector<chain::SubmitWindowedPoStParams>(std::uint64_t,
                                                                          chain::TipSetKey)>
    kComputeWindowPoSt{"Filecoin.ComputeWindowPoSt", api::Perm::kAdmin};

// What serves the two methods; an empty function makes its method answer NotImplemented (a
// process without a full node).
struct ProvingApi {
  std::function<UnprovableSectors(std::int64_t post_proof, const std::vector<SectorRef>& sectors)>
      check_provable;
  std::function<std::vector<chain::SubmitWindowedPoStParams>(std::uint64_t deadline,
                                                             const chain::TipSetKey& at)>
      compute_window_post;
};

// Registers Filecoin.CheckProvable and Filecoin.ComputeWindowPoSt on registry over api.
void register_proving_api(jsonrpc::Registry& registry, ProvingApi api);

// CheckProvable's work at the head of `node`: each sector of `sectors` (all of miner
// `miner_id`) is checked with post::window::check_sectors (a vanilla proof of fresh random
// challenges from whoever holds its files, verified against the chain's CommR: what lotus's
// slow check does, always). Throws InvalidInput for a sector of another miner, the
// node's errors as FullNodeClient throws them.
UnprovableSectors check_provable(std::uint64_t miner_id, const std::vector<SectorRef>& sectors,
                                 chain::FullNodeClient& node,
                                 const post::window::SectorAccess& access);

// ComputeWindowPoSt's work, as lotus's ComputePoSt: deadline `index` of the proving period
// current at `at` (the empty key: the head) when it has opened in it, else of the period
// before, proven with post::window::prove_partitions over all its partitions, at most
// max_partitions_per_message per params (0: one). Nothing is submitted. A deadline without
// partitions gives none. Throws InvalidInput for an index past the chain's deadlines; NotFound
// for a tipset the node does not know; prove_partitions's errors. `workers` as prove_partitions.
std::vector<chain::SubmitWindowedPoStParams> compute_window_post(
    std::uint64_t miner_id, std::uint64_t index, const chain::TipSetKey& at,
    chain::FullNodeClient& node, const post::window::SectorAccess& access, params::ProofMode mode,
    std::uint64_t max_partitions_per_message, StageContext& ctx,
    const post::WindowPartitionProver& workers = {});

}  // namespace tessera::miner
