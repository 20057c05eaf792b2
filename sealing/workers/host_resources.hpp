// This machine's WorkerResources as a lotus worker reports them in Info() (lotus
// storage/sealer/worker_local.go memInfo/Info, cgroups_linux.go; v1.23.3): memory and swap from
// /proc/meminfo, capped by the cgroup v2 limits of this process, the CPUs this process may run
// on, and GPUs (none until tessera has CUDA support: an empty list).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sealing/workers/resource_table.hpp"
#include "sealing/workers/worker_info.hpp"

namespace tessera::workers {

// Memory figures in bytes, as lotus's memInfo returns them.
struct HostMemory {
  std::uint64_t physical = 0;   // MemTotal
  std::uint64_t used = 0;       // MemTotal - MemAvailable
  std::uint64_t swap = 0;       // SwapTotal
  std::uint64_t swap_used = 0;  // SwapTotal - SwapFree
  bool operator==(const HostMemory&) const = default;
};

// Reads /proc/meminfo text ("MemTotal:  16318416 kB" lines). MemAvailable falls back to
// MemFree + Buffers + Cached on kernels without it. InvalidInput naming the line for a value
// that is not a number, or when MemTotal or MemFree is missing.
HostMemory parse_meminfo(std::string_view text);

// One cgroup's memory figures (cgroup v2 files), bytes; a limit of nullopt is "max".
struct CgroupMemory {
  std::optional<std::uint64_t> mem_max;   // memory.max
  std::uint64_t mem_used = 0;             // memory.current - "file" of memory.stat
  std::optional<std::uint64_t> swap_max;  // memory.swap.max
  std::uint64_t swap_used = 0;            // memory.swap.current
};

// A cgroup v2 limit file's value: nullopt for "max"; InvalidInput for anything else that is not
// a number.
std::optional<std::uint64_t> parse_cgroup_limit(std::string_view text);
// The "file" bytes of a memory.stat text (page cache, which lotus does not count as used); 0
// when absent.
std::uint64_t parse_memory_stat_file(std::string_view text);
// The process's cgroup v2 path from /proc/self/cgroup text (its "0::<path>" line); nullopt when
// there is none (cgroup v1 only).
std::optional<std::string> parse_cgroup_v2_path(std::string_view proc_self_cgroup);
// The cgroup2 mount point from /proc/self/mountinfo text; nullopt when none is mounted.
std::optional<std::string> parse_cgroup2_mount(std::string_view mountinfo);
// memory with each cgroup's limit applied where it is below the current figure (the limit
// becomes the total and that cgroup's usage the used figure), as lotus does walking from the
// process's cgroup up to the root.
HostMemory apply_cgroup_limit(HostMemory memory, const CgroupMemory& cgroup);

// This machine's memory: /proc/meminfo with the cgroup v2 limits applied (cgroup files that
// cannot be read are skipped, as lotus does). IoError when /proc/meminfo cannot be read.
HostMemory host_memory();
// The logical CPUs this process may run on (Go's runtime.NumCPU: the affinity mask), at least 1.
std::uint64_t host_cpus();
// This machine's host name (a worker's Info.Hostname by default); "localhost" when unknown.
std::string host_name();

// WorkerResources of this machine: host_memory (swap zeroed when no_swap, lotus --no-swap),
// host_cpus, no GPUs, and table as its resource table (parse_resource_env's result).
WorkerResources host_resources(bool no_swap, const ResourceTable& table);

}  // namespace tessera::workers
