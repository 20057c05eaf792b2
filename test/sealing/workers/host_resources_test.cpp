// Host resources: /proc/meminfo and cgroup v2 parsing on sample texts (the formats of the Linux
// kernel's Documentation/filesystems/proc.rst and admin-guide/cgroup-v2.rst), the cgroup cap
// as lotus's worker_local.go memInfo applies it, and a sanity check on this machine.
#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "sealing/workers/host_resources.hpp"

using namespace tessera;
using namespace tessera::workers;

namespace {

constexpr const char* kMeminfo = R"(MemTotal:       16318416 kB
MemFree:         1234567 kB
MemAvailable:   12000000 kB
Buffers:          100000 kB
Cached:          2000000 kB
SwapCached:            0 kB
SwapTotal:       2097148 kB
SwapFree:        1048574 kB
HugePages_Total:       0
Hugepagesize:       2048 kB
)";

}  // namespace

TEST_CASE("parse /proc/meminfo", "[workers]") {
  const HostMemory m = parse_meminfo(kMeminfo);
  CHECK(m.physical == 16318416ull * 1024);
  CHECK(m.used == (16318416ull - 12000000) * 1024);
  CHECK(m.swap == 2097148ull * 1024);
  CHECK(m.swap_used == (2097148ull - 1048574) * 1024);

  // Old kernels without MemAvailable: MemFree + Buffers + Cached.
  const HostMemory old =
      parse_meminfo("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 20 kB\nCached: 30 kB\n");
  CHECK(old.used == 850 * 1024);
  CHECK(old.swap == 0);
  CHECK(old.swap_used == 0);

  CHECK_THROWS_WITH(parse_meminfo("MemFree: 1 kB\n"), Catch::Contains("MemTotal"));
  CHECK_THROWS_WITH(parse_meminfo("MemTotal: lots kB\nMemFree: 1 kB\n"),
                    Catch::Contains("MemTotal"));
  CHECK_THROWS_AS(parse_meminfo("MemTotal: 1000 kB\n"), InvalidInput);
  CHECK_THROWS_AS(parse_meminfo(""), InvalidInput);
}

TEST_CASE("parse cgroup v2 files", "[workers]") {
  CHECK_FALSE(parse_cgroup_limit("max\n").has_value());
  CHECK(parse_cgroup_limit("8589934592\n") == 8589934592ull);
  CHECK_THROWS_AS(parse_cgroup_limit("8G"), InvalidInput);
  CHECK(parse_memory_stat_file("anon 1000\nfile 4096\nkernel 12\n") == 4096);
  CHECK(parse_memory_stat_file("anon 1000\nfile_mapped 7\n") == 0);
  CHECK(parse_cgroup_v2_path("0::/system.slice/lotus-worker.service\n") ==
        "/system.slice/lotus-worker.service");
  CHECK(parse_cgroup_v2_path("12:memory:/docker/abc\n0::/\n") == "/");
  CHECK_FALSE(parse_cgroup_v2_path("12:memory:/docker/abc\n").has_value());
  // /proc/self/mountinfo lines (proc(5)): the type follows the "-" separator.
  const char* mountinfo =
      "22 1 0:21 / /proc rw,nosuid - proc proc rw\n"
      "30 25 0:26 / /sys/fs/cgroup rw,nosuid,nodev shared:4 - cgroup2 cgroup2 rw,nsdelegate\n";
  CHECK(parse_cgroup2_mount(mountinfo) == "/sys/fs/cgroup");
  CHECK_FALSE(parse_cgroup2_mount("22 1 0:21 / /proc rw,nosuid - proc proc rw\n").has_value());
}

TEST_CASE("cgroup limits cap the host's figures", "[workers]") {
  const HostMemory host{64ull << 30, 8ull << 30, 16ull << 30, 1ull << 30};
  CgroupMemory cg;
  cg.mem_max = 32ull << 30;
  cg.mem_used = 2ull << 30;
  HostMemory capped = apply_cgroup_limit(host, cg);
  CHECK(capped.physical == 32ull << 30);
  CHECK(capped.used == 2ull << 30);
  CHECK(capped.swap == host.swap);  // swap unlimited ("max")
  // A limit above the machine's memory changes nothing; nor does a 0 limit.
  cg.mem_max = 128ull << 30;
  cg.swap_max = 0;
  CHECK(apply_cgroup_limit(host, cg) == host);
  cg.swap_max = 4ull << 30;
  cg.swap_used = 3;
  capped = apply_cgroup_limit(host, cg);
  CHECK(capped.swap == 4ull << 30);
  CHECK(capped.swap_used == 3);
}

TEST_CASE("this machine's resources", "[workers]") {
  const HostMemory m = host_memory();
  CHECK(m.physical > 0);
  CHECK(m.used <= m.physical);
  CHECK(host_cpus() >= 1);
  const WorkerResources r = host_resources(true, default_resource_table());
  CHECK(r.mem_swap == 0);
  CHECK(r.mem_swap_used == 0);
  CHECK(r.cpus == host_cpus());
  CHECK(r.gpus.empty());
  REQUIRE(r.resources);
  CHECK(*r.resources == default_resource_table());
}
