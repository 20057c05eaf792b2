// The Groth16 side of PoSt circuits: the circuit shape of a Winning or Window PoSt partition for
// a sector size and its blank synthesizer (parameter generation), and the Window and Winning PoSt
// SNARKs made from vanilla proofs and checked against the public sectors (rust-fil-proofs
// filecoin-proofs/src/api/window_post.rs and winning_post.rs; reference/snark.md §1.4, §2.3).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/encoding.hpp"
#include "common/executor/stage_context.hpp"
#include "crypto/groth16/local_setup.hpp"
#include "crypto/groth16/parameters.hpp"
#include "crypto/groth16/verifier.hpp"
#include "post/fallback/circuit/fallback_post_circuit.hpp"
#include "post/fallback/vanilla_post.hpp"
#include "sealing/params/parameter_names.hpp"

namespace tessera::post::circuit {

// The shape rust-fil-proofs uses for the circuit (Winning: 66 sectors × 1 challenge; Window:
// 10 challenges × the sectors per partition of the size). InvalidInput for kPoRep or a size
// without a registered seal proof.
PostCircuitShape post_circuit_shape(params::Circuit circuit, std::uint64_t sector_size);

// The blank circuit of that shape, for parameter generation.
groth16::Synthesizer blank_post_synthesizer(params::Circuit circuit, std::uint64_t sector_size);

// The number of Window PoSt partitions of a proving set of `sector_count` sectors:
// ceil(sector_count / sectors per partition), as get_partitions_for_window_post
// (filecoin-proofs/src/api/post_util.rs). InvalidInput for an empty set or a size without a
// registered seal proof.
std::size_t window_post_partitions(std::uint64_t sector_size, std::size_t sector_count);

// The Window PoSt SNARK of a proving set, as generate_window_post (filecoin-proofs/src/api/
// window_post.rs): `sectors` in proving order, vanilla[i] = prove_sector(params, i, ...) of
// sectors[i]; one Groth16 proof per partition of post_circuit_shape(kWindowPoSt, size).
// sector_count sectors (the last partition repeats its last sector), concatenated in partition
// order (192 bytes each). Proves on ctx's cores and reports (partitions done, partitions) on
// ctx. InvalidInput for an empty set, sectors and vanilla proofs differing in number or sector
// numbers, params.challenge_count other than the circuit's, a vanilla proof of another shape,
// or parameters that do not fit the circuit. Vanilla proofs of other challenges or commitments
// are not detected here: the proof then fails verification.
Bytes prove_window_post_snark(const PostChallengeParams& params,
                              const std::vector<PostPublicSector>& sectors,
                              const std::vector<SectorPostProof>& vanilla,
                              const groth16::ParameterSource& groth_params, StageContext& ctx);

// True when `proof` holds a valid Groth16 proof for every partition of the proving set
// `sectors` (verify_window_post; batch-verified as CompoundProof::verify does). InvalidInput
// for an empty set, params.challenge_count other than the circuit's, a comm_r that is not a
// canonical Fr, a length other than 192 × partitions, a proof point that does not decode, or a
// key of another circuit (its ic length; bellperson's MalformedVerifyingKey).
bool verify_window_post_snark(const PostChallengeParams& params,
                              const std::vector<PostPublicSector>& sectors,
                              std::span<const std::uint8_t> proof,
                              const groth16::PreparedVerifyingKey& vk);

// The Winning PoSt SNARK of the one elected sector, as generate_winning_post (filecoin-proofs/
// src/api/winning_post.rs): the circuit lists the sector 66 times with one challenge each, copy
// i challenging index i. `vanilla` = prove_sector(params, 0, ...) with params.api kV1_0 (every
// RegisteredPoStProof StackedDrgWinning*V1 is ApiVersion V1_0_0, rust-filecoin-proofs-api
// src/registry.rs) and params.challenge_count 66. One 192-byte proof; reports (1, 1) on ctx.
// InvalidInput for another api or challenge count, a vanilla proof of another sector or shape,
// or parameters that do not fit the circuit.
Bytes prove_winning_post_snark(const PostChallengeParams& params, const PostPublicSector& sector,
                               const SectorPostProof& vanilla,
                               const groth16::ParameterSource& groth_params, StageContext& ctx);

// True when `proof` is a valid Winning PoSt proof of `sector` (verify_winning_post).
// InvalidInput as prove_winning_post_snark for params, and for a comm_r that is not a canonical
// Fr, a length other than 192 bytes, proof points that do not decode, or a key of another
// circuit.
bool verify_winning_post_snark(const PostChallengeParams& params, const PostPublicSector& sector,
                               std::span<const std::uint8_t> proof,
                               const groth16::PreparedVerifyingKey& vk);

}  // namespace tessera::post::circuit
