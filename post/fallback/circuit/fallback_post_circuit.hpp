// The fallback PoSt circuit (Winning and Window PoSt) of one partition, constraint-exact with
// rust-fil-proofs' FallbackPoStCircuit (storage-proofs-post/src/fallback/circuit.rs): per sector
// comm_r is an input and equals Poseidon2(comm_c, comm_r_last), and each challenged TreeRLast leaf
// is opened under comm_r_last with a private-root PoR (one input: the leaf index). Its public
// inputs follow FallbackPoStCompound::generate_public_inputs (reference/snark.md §2.3).
#pragma once

#include <cstdint>
#include <vector>

#include "crypto/r1cs/constraint_system.hpp"
#include "crypto/r1cs/por_gadget.hpp"
#include "post/fallback/vanilla_post.hpp"

namespace tessera::post::circuit {

struct PostCircuitShape {
  std::uint64_t sector_size = 0;
  std::uint64_t challenge_count = 0;  // per sector: Window 10, Winning 1
  std::uint64_t sector_count = 0;     // per partition: Window 2349/2300/2, Winning 66
  crypto::r1cs::TreeShape tree_r{crypto::TreeHash::kPoseidon, 8, 0, 0};
};

struct PostCircuitSector {
  crypto::Fr comm_r, comm_c, comm_r_last;
  std::vector<crypto::Fr> leaves;             // challenge_count
  std::vector<crypto::r1cs::AuthPath> paths;  // challenge_count
};

struct FallbackPostCircuit {
  PostCircuitShape shape;
  std::vector<PostCircuitSector> sectors;  // sector_count
};

// A public sector of the proving set.
struct PostPublicSector {
  std::uint64_t sector_number = 0;
  crypto::Digest32 comm_r{};
};

// A circuit of the shape with all values zero.
FallbackPostCircuit blank_fallback_post_circuit(const PostCircuitShape& shape);
// The circuit of one partition from its sectors' vanilla proofs (comm_rs[i] belongs to
// proofs[i]); fewer than sector_count proofs are padded by repeating the last, as the vanilla
// prover does. InvalidInput when a proof does not fit the shape.
FallbackPostCircuit fallback_post_circuit(const PostCircuitShape& shape,
                                          const std::vector<crypto::Digest32>& comm_rs,
                                          const std::vector<SectorPostProof>& proofs);
// The Winning PoSt circuit (shape: sector_count challenges of 1 each) from the vanilla proof of
// the one elected sector with sector_count openings (challenge n = index n, as rust-fil-proofs'
// generate_winning_post, which lists the sector sector_count times with 1 challenge each).
// InvalidInput when the proof has another number of openings.
FallbackPostCircuit winning_post_circuit(const PostCircuitShape& shape,
                                         const crypto::Digest32& comm_r,
                                         const SectorPostProof& proof);
// Synthesizes the circuit into cs (InvalidInput when it is malformed).
void synthesize_fallback_post(crypto::r1cs::ConstraintSystem& cs,
                              const FallbackPostCircuit& circuit);
// Public inputs of partition k over the whole proving set `sectors`: per sector of the chunk,
// comm_r then its challenged leaf indices; a short chunk repeats its last sector's inputs.
// InvalidInput when the partition has no sectors or a comm_r is not canonical.
std::vector<crypto::Fr> fallback_post_public_inputs(const PostCircuitShape& shape,
                                                    const crypto::Digest32& randomness, PostApi api,
                                                    const std::vector<PostPublicSector>& sectors,
                                                    std::size_t partition);

}  // namespace tessera::post::circuit
