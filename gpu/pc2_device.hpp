// Which device PC2 builds its trees on in this process. TESSERA_PC2_GPU=auto (the default) takes
// the PC2 lane's first GPU (TESSERA_LANE_PC2_GPUS, gpu/compute_lanes.hpp) or else CUDA device 0,
// when this build has CUDA and the device opens; TESSERA_PC2_GPU=off keeps PC2 on the CPU. Where
// TESSERA_PC2_GPU is not set, rust-fil-proofs' FIL_PROOFS_USE_GPU_COLUMN_BUILDER=0 or
// FIL_PROOFS_USE_GPU_TREE_BUILDER=0 (a lotus worker's way to keep PC2 off its GPU) does the same;
// set to 1 (lotus's way to put PC2 on the GPU) they change nothing.
#pragma once

#include <memory>
#include <string>

#include "gpu/poseidon_device.hpp"

namespace tessera::gpu {

// Why the environment keeps PC2 on the CPU ("TESSERA_PC2_GPU=off", …), or "" where it lets PC2
// use a GPU. Throws InvalidInput for a value that is no setting: TESSERA_PC2_GPU other than auto or
// off, a FIL_PROOFS_USE_GPU_* other than a boolean (1/0, true/false, yes/no, on/off). Empty counts
// as not set.
std::string pc2_cpu_only_reason();

// The device, opened on first use and kept; nullptr for the CPU (the reason is logged once and
// given by pc2_device_status). Throws InvalidInput where pc2_cpu_only_reason does, or for a
// malformed TESSERA_LANE_PC2_GPUS.
std::shared_ptr<PoseidonDevice> pc2_device();

// "GPU: <description>" or "CPU: <why not the GPU>", for lotus-bench and logs.
std::string pc2_device_status();

// Stops handing out `device` after it failed (a DeviceError): PC2 stays on the CPU until the
// process restarts. Calls holding it keep it alive until they return.
void drop_pc2_device(const std::shared_ptr<PoseidonDevice>& device, const std::string& why);

}  // namespace tessera::gpu
