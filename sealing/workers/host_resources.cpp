#include "sealing/workers/host_resources.hpp"

#include <sched.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>
#include <vector>

#include "common/error.hpp"

namespace tessera::workers {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

std::uint64_t parse_u64(std::string_view text, const std::string& what) {
  std::uint64_t v = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end) {
    throw InvalidInput(what + ": \"" + std::string(text) + "\" is not a number");
  }
  return v;
}

// Calls f(line) for each line of text.
template <class F>
void for_each_line(std::string_view text, F&& f) {
  while (!text.empty()) {
    const auto nl = text.find('\n');
    f(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::uint64_t minus(std::uint64_t a, std::uint64_t b) {
  return a > b ? a - b : 0;
}

}  // namespace

HostMemory parse_meminfo(std::string_view text) {
  std::map<std::string, std::uint64_t, std::less<>> values;
  for_each_line(text, [&](std::string_view line) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return;
    const std::string key(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    std::uint64_t unit = 1;
    if (value.size() >= 2 && value.substr(value.size() - 2) == "kB") {
      unit = 1024;
      value = trim(value.substr(0, value.size() - 2));
    }
    values[key] = parse_u64(value, "/proc/meminfo " + key) * unit;
  });
  auto get = [&](const char* key) -> std::optional<std::uint64_t> {
    const auto it = values.find(key);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
  const auto total = get("MemTotal");
  if (!total) throw InvalidInput("/proc/meminfo: no MemTotal line");
  auto available = get("MemAvailable");
  if (!available) {
    const auto free = get("MemFree");
    if (!free) throw InvalidInput("/proc/meminfo: neither MemAvailable nor MemFree");
    available = *free + get("Buffers").value_or(0) + get("Cached").value_or(0);
  }
  HostMemory m;
  m.physical = *total;
  m.used = minus(*total, *available);
  m.swap = get("SwapTotal").value_or(0);
  m.swap_used = minus(m.swap, get("SwapFree").value_or(m.swap));
  return m;
}

std::optional<std::uint64_t> parse_cgroup_limit(std::string_view text) {
  text = trim(text);
  if (text == "max") return std::nullopt;
  return parse_u64(text, "cgroup limit");
}

std::uint64_t parse_memory_stat_file(std::string_view text) {
  std::uint64_t file = 0;
  for_each_line(text, [&](std::string_view line) {
    line = trim(line);
    if (line.substr(0, 5) == "file ") file = parse_u64(trim(line.substr(5)), "memory.stat file");
  });
  return file;
}

std::optional<std::string> parse_cgroup_v2_path(std::string_view proc_self_cgroup) {
  std::optional<std::string> out;
  for_each_line(proc_self_cgroup, [&](std::string_view line) {
    line = trim(line);
    if (line.substr(0, 3) == "0::") out = std::string(line.substr(3));
  });
  return out;
}

std::optional<std::string> parse_cgroup2_mount(std::string_view mountinfo) {
  std::optional<std::string> out;
  for_each_line(mountinfo, [&](std::string_view line) {
    if (out) return;
    std::istringstream fields{std::string(line)};
    std::vector<std::string> f;
    for (std::string w; fields >> w;) f.push_back(w);
    // lotus: field 9 (index 8) is the filesystem type when the optional fields are absent;
    // in general it follows the "-" separator.
    for (std::size_t i = 6; i + 1 < f.size(); ++i) {
      if (f[i] == "-") {
        if (f[i + 1] == "cgroup2" && f.size() > 4) out = f[4];
        break;
      }
    }
  });
  return out;
}

HostMemory apply_cgroup_limit(HostMemory memory, const CgroupMemory& cgroup) {
  if (cgroup.mem_max && *cgroup.mem_max > 0 && *cgroup.mem_max < memory.physical) {
    memory.physical = *cgroup.mem_max;
    memory.used = cgroup.mem_used;
  }
  if (cgroup.swap_max && *cgroup.swap_max > 0 && *cgroup.swap_max < memory.swap) {
    memory.swap = *cgroup.swap_max;
    memory.swap_used = cgroup.swap_used;
  }
  return memory;
}

HostMemory host_memory() {
  const auto meminfo = read_file("/proc/meminfo");
  if (!meminfo) throw IoError("cannot read /proc/meminfo");
  HostMemory memory = parse_meminfo(*meminfo);

  const auto cgroup_text = read_file("/proc/self/cgroup");
  const auto mountinfo = read_file("/proc/self/mountinfo");
  if (!cgroup_text || !mountinfo) return memory;
  const auto path = parse_cgroup_v2_path(*cgroup_text);
  const auto mount = parse_cgroup2_mount(*mountinfo);
  if (!path || !mount) return memory;
  try {
    // From the process's cgroup up to (not including) the root, as lotus walks it.
    for (std::string p = *path; !p.empty() && p != "/";) {
      const std::string dir = *mount + p + "/";
      CgroupMemory cg;
      if (auto v = read_file(dir + "memory.max")) cg.mem_max = parse_cgroup_limit(*v);
      if (auto v = read_file(dir + "memory.current")) {
        const auto stat = read_file(dir + "memory.stat");
        cg.mem_used =
            minus(parse_u64(trim(*v), "memory.current"), stat ? parse_memory_stat_file(*stat) : 0);
      }
      if (auto v = read_file(dir + "memory.swap.max")) cg.swap_max = parse_cgroup_limit(*v);
      if (auto v = read_file(dir + "memory.swap.current")) {
        cg.swap_used = parse_u64(trim(*v), "memory.swap.current");
      }
      memory = apply_cgroup_limit(memory, cg);
      const auto slash = p.rfind('/');
      p = slash == 0 || slash == std::string::npos ? "/" : p.substr(0, slash);
    }
  } catch (const InvalidInput&) {
    // lotus skips the cgroup limits when its files cannot be read.
  }
  return memory;
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

std::uint64_t host_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return static_cast<std::uint64_t>(n);
  }
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

WorkerResources host_resources(bool no_swap, const ResourceTable& table) {
  const HostMemory memory = host_memory();
  WorkerResources r;
  r.mem_physical = memory.physical;
  r.mem_used = memory.used;
  r.mem_swap = no_swap ? 0 : memory.swap;
  r.mem_swap_used = no_swap ? 0 : memory.swap_used;
  r.cpus = host_cpus();
  r.resources = table;
  return r;
}

}  // namespace tessera::workers
