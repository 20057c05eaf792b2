#include "gpu/pc2_device.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <optional>

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

// A non-empty environment variable, or nullopt.
std::optional<std::string> setting(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

// A rust-fil-proofs boolean setting's value (its config crate's spellings, any case).
bool fil_proofs_bool(const char* name, const std::string& value) {
  std::string v = value;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  throw InvalidInput(std::string(name) + "='" + value + "': expected 1 or 0 (true or false)");
}

// Opens the device the environment names, or says why PC2 stays on the CPU.
void choose(Choice& c) {
  const std::string cpu_only = pc2_cpu_only_reason();
  bool broken = false;  // a device is there but could not be set up
  if (!cpu_only.empty()) {
    c.status = "CPU: " + cpu_only;
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

std::string pc2_cpu_only_reason() {
  if (const auto mode = setting("TESSERA_PC2_GPU")) {
    if (*mode == "off") return "TESSERA_PC2_GPU=off";
    if (*mode == "auto") return "";
    throw InvalidInput("TESSERA_PC2_GPU='" + *mode + "': expected auto or off");
  }
  std::string reason;
  for (const char* name :
       {"FIL_PROOFS_USE_GPU_COLUMN_BUILDER", "FIL_PROOFS_USE_GPU_TREE_BUILDER"}) {
    const auto value = setting(name);
    if (value && !fil_proofs_bool(name, *value) && reason.empty())
      reason = std::string(name) + "=" + *value;
  }
  return reason;
}

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
