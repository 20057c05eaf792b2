// lotus's PoSt worker calls (api/api_worker.go GenerateWindowPoSt and GenerateWinningPoSt, both
// synchronous and perm admin, reference/gpu-and-workers.md §B1), served by a
// `lotus-worker run --windowpost|--winningpost` at /rpc/v0 and called by the miner:
//   GenerateWindowPoSt(ppt, minerID, []PostSectorChallenge, partitionIdx int, randomness []byte)
//     -> {"PoStProofs": {"PoStProof": ppt, "ProofBytes": base64}, "Skipped": [{"Miner","Number"}]}
//   GenerateWinningPoSt(ppt, minerID, []PostSectorChallenge, randomness []byte)
//     -> [{"PoStProof": ppt, "ProofBytes": base64}]
// PostSectorChallenge is sector_challenge_json's shape.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "chain/types/miner_params.hpp"
#include "common/api/method.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jsonrpc/registry.hpp"
#include "post/post_worker.hpp"

namespace tessera::post {

// storiface.WindowPoStResult on the wire: Skipped as sector IDs of the task's miner.
struct WindowPoStResult {
  chain::PoStProof proof;
  std::vector<std::uint64_t> skipped;  // sector numbers
  std::uint64_t miner_id = 0;          // the miner of the skipped sectors
};

// sector_challenge_from_json naming it "PostSectorChallenge" (the codec's one-argument form).
PostSectorChallenge post_sector_challenge_from_json(const nlohmann::json& json);
nlohmann::json to_json(const WindowPoStResult& result);
// InvalidInput for another shape.
WindowPoStResult window_post_result_from_json(const nlohmann::json& json);
nlohmann::json to_json(const chain::PoStProof& proof);
chain::PoStProof post_proof_from_json(const nlohmann::json& json);

}  // namespace tessera::post

TESSERA_API_CODEC(tessera::post::PostSectorChallenge, tessera::post::sector_challenge_json,
                  tessera::post::post_sector_challenge_from_json);
TESSERA_API_CODEC(tessera::post::WindowPoStResult, tessera::post::to_json,
                  tessera::post::window_post_result_from_json);
TESSERA_API_CODEC(tessera::chain::PoStProof, tessera::post::to_json,
                  tessera::post::post_proof_from_json);

namespace tessera::post {

inline constexpr api::Method<WindowPoStResult(
    std::int64_t, std::uint64_t, std::vector<PostSectorChallenge>, std::int64_t, Bytes)>
    kGenerateWindowPoSt{"Filecoin.GenerateWindowPoSt", api::Perm::kAdmin};
inline constexpr api::Method<std::vector<chain::PoStProof>(std::int64_t, std::uint64_t,
                                                           std::vector<PostSectorChallenge>, Bytes)>
    kGenerateWinningPoSt{"Filecoin.GenerateWinningPoSt", api::Perm::kAdmin};

// Who computes a task: this machine (generate_window_partition / generate_winning_post bound to
// its sources and cores) or a PoSt worker (remote_*_prover).
using WindowPartitionProver = std::function<WindowPartitionResult(const PostTask&)>;
using WinningProver = std::function<Bytes(const PostTask&)>;

// Serves the two methods on registry (a PoSt worker's /rpc/v0) with the given provers; an
// empty prover answers NotImplemented (a worker of the other PoSt kind). Errors reach the
// caller as the prover throws them (InvalidInput for a bad task).
void serve_post_worker_api(jsonrpc::Registry& registry, WindowPartitionProver window,
                           WinningProver winning);

// A prover calling GenerateWindowPoSt / GenerateWinningPoSt through `client` (a PoSt worker's
// /rpc/v0), each call given `timeout`. Throws what the worker answers (typed errors as
// api::call_within), IoError when it does not answer in time, InvalidInput when its answer is
// for another proof type. client must outlive the prover.
WindowPartitionProver remote_window_prover(jsonrpc::Client& client,
                                           std::chrono::milliseconds timeout);
WinningProver remote_winning_prover(jsonrpc::Client& client, std::chrono::milliseconds timeout);

}  // namespace tessera::post
