// Which device PC2 builds its trees on in this process. TESSERA_PC2_GPU=auto (the default) takes
// the PC2 lane's first GPU (TESSERA_LANE_PC2_GPUS, gpu/compute_lanes.hpp) or else CUDA device 0,
// when this build has CUDA and the device opens; TESSERA_PC2_GPU=off keeps PC2 on the CPU.
#pragma once

#include <memory>
#include <string>

#include "gpu/poseidon_device.hpp"

namespace tessera::gpu {

// The device, opened on first use and kept; nullptr for the CPU (the reason is logged once and
// given by pc2_device_status). Throws InvalidInput when TESSERA_PC2_GPU is neither auto nor off
// (or TESSERA_LANE_PC2_GPUS is malformed).
std::shared_ptr<PoseidonDevice> pc2_device();

// "GPU: <description>" or "CPU: <why not the GPU>", for lotus-bench and logs.
std::string pc2_device_status();

// Stops handing out `device` after it failed (a DeviceError): PC2 stays on the CPU until the
// process restarts. Calls holding it keep it alive until they return.
void drop_pc2_device(const std::shared_ptr<PoseidonDevice>& device, const std::string& why);

}  // namespace tessera::gpu
