// Sealing a sector on disk, any size, with rust-fil-proofs' files: PC1 (copy the staged data
// to the sealed path, TreeD, label layers), PC2 (TreeC, encoding, TreeRLast, p_aux, t_aux),
// finalize (drop what proofs no longer need) and unseal. Memory stays at two layers during
// PC1 and a few chunk buffers during PC2 (docs/proofs.md, "Memory model").
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

#include "common/executor/stage_context.hpp"
#include "crypto/sha256.hpp"
#include "gpu/poseidon_device.hpp"
#include "sealing/porep/seal_in_memory.hpp"

namespace tessera::porep {

// Progress of a long stage: what is being done and the fraction of it done.
using StageProgress = std::function<void(const std::string& step, double fraction)>;

struct Pc1Result {
  crypto::Digest32 comm_d{};
  crypto::Digest32 replica_id{};
};

struct Pc2Result {
  crypto::Digest32 comm_c{};
  crypto::Digest32 comm_r_last{};
  crypto::Digest32 comm_r{};
  std::string trees_built_on;  // "CPU" or the device's description
};

// PC1. staged: the Fr32-padded sector data, exactly sector-size bytes (InvalidInput if longer
// or shorter). Writes sealed_path (a copy of the data), tree-d and the layer files in cache_dir
// (created if missing); the parent cache is built once in parent_cache_dir(). Tree-d is hashed on
// ctx's cores (the PC1 lane), or without one on the process's free cores; the labelling runs on
// its own thread (and a prefetching one) either way. Throws Cancelled when ctx is cancelled.
Pc1Result precommit1(const SealInputs& inputs, const std::filesystem::path& staged,
                     const std::filesystem::path& cache_dir,
                     const std::filesystem::path& sealed_path, const StageProgress& progress = {},
                     StageContext* ctx = nullptr);

// PC2 on PC1's files: TreeC files, the replica (tree-d's leaves + last layer) replacing the
// sealed file atomically, TreeRLast level caches, p_aux and t_aux. Safe to rerun after a crash.
// Hashes on ctx's cores (the PC2 lane), yielding between batches, or without one on the
// process's free cores. With a device, TreeC's columns and the trees' Poseidon rows are hashed
// there (the files are the same); when the device fails (DeviceError) PC2 logs it, calls
// on_device_failure and starts again on the CPU. Throws Cancelled when ctx is cancelled.
Pc2Result precommit2(std::int64_t registered_proof, const std::filesystem::path& cache_dir,
                     const std::filesystem::path& sealed_path, const StageProgress& progress = {},
                     StageContext* ctx = nullptr, gpu::PoseidonDevice* device = nullptr,
                     const std::function<void(const gpu::DeviceError&)>& on_device_failure = {});

// Removes the label layers, tree-c and tree-d; keeps p_aux, t_aux and tree-r-last (PoSt).
void finalize_sector(std::int64_t registered_proof, const std::filesystem::path& cache_dir);

// Writes the original padded data of a sealed sector to out_path: relabels the sector (from
// replica_id) in a scratch directory and subtracts the last layer from the replica.
void unseal_sector(std::int64_t registered_proof, const crypto::Digest32& replica_id,
                   const std::filesystem::path& sealed_path,
                   const std::filesystem::path& scratch_dir, const std::filesystem::path& out_path,
                   const StageProgress& progress = {});

}  // namespace tessera::porep
