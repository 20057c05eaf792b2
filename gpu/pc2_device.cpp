#include "gpu/pc2_device.hpp"

#include <cstdlib>
#include <mutex>

#include "common/log.hpp"
#include "gpu/compute_lanes.hpp"

namespace tessera::gpu {
namespace {

struct Choice {
  std::mutex mutex;
  bool chosen = false;
  std::shared_ptr<PoseidonDevice> device;
  std::string status;
};

Choice& choice() {
  static Choice c;
  return c;
}

// Opens the device the environment names, or says why PC2 stays on the CPU.
void choose(Choice& c) {
  const char* setting = std::getenv("TESSERA_PC2_GPU");
  const std::string mode = setting && *setting ? setting : "auto";
  if (mode != "auto" && mode != "off") {
    throw InvalidInput("TESSERA_PC2_GPU='" + mode + "': expected auto or off");
  }
  bool broken = false;  // a device is there but could not be set up
  if (mode == "off") {
    c.status = "CPU: TESSERA_PC2_GPU=off";
  } else {
    const auto& gpus = ComputeLanes::process().config().lane(ComputeClass::kPreCommit2).gpus;
    const unsigned ordinal = gpus.empty() ? 0 : gpus.front();
    std::string why_not, absent;
    c.device = open_poseidon_device(ordinal, why_not);
    c.status = c.device ? "GPU: " + c.device->description() : "CPU: " + why_not;
    broken = !c.device && poseidon_device_present(ordinal, absent);
  }
  if (broken)
    TLOG_WARN(log::get("gpu"), "PC2 builds its trees on the {} (the GPU is there but unusable)",
              c.status);
  else
    TLOG_INFO(log::get("gpu"), "PC2 builds its trees on the {}", c.status);
  c.chosen = true;
}

}  // namespace

std::shared_ptr<PoseidonDevice> pc2_device() {
  Choice& c = choice();
  std::lock_guard lock(c.mutex);
  if (!c.chosen) choose(c);
  return c.device;
}

std::string pc2_device_status() {
  Choice& c = choice();
  std::lock_guard lock(c.mutex);
  if (!c.chosen) choose(c);
  return c.status;
}

void drop_pc2_device(const std::shared_ptr<PoseidonDevice>& device, const std::string& why) {
  Choice& c = choice();
  std::lock_guard lock(c.mutex);
  if (!device || c.device != device) return;
  c.device.reset();
  c.status = "CPU: the GPU failed (" + why + ")";
  TLOG_WARN(log::get("gpu"), "PC2 leaves the GPU until restart: {}", why);
}

}  // namespace tessera::gpu
