// The environment that keeps PC2 off the GPU: TESSERA_PC2_GPU first, else rust-fil-proofs'
// FIL_PROOFS_USE_GPU_COLUMN_BUILDER / FIL_PROOFS_USE_GPU_TREE_BUILDER set false, as lotus
// workers' environment files do; a value that is no setting is refused by name.
#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "gpu/pc2_device.hpp"
#include "test/support/env_guard.hpp"

using namespace tessera;

namespace {

// The three settings for one case ("" counts as not set).
struct Environment {
  test::EnvGuard tessera, columns, tree;
  Environment(const std::string& pc2_gpu, const std::string& column_builder,
              const std::string& tree_builder)
      : tessera("TESSERA_PC2_GPU", pc2_gpu),
        columns("FIL_PROOFS_USE_GPU_COLUMN_BUILDER", column_builder),
        tree("FIL_PROOFS_USE_GPU_TREE_BUILDER", tree_builder) {}
};

}  // namespace

TEST_CASE("nothing set lets PC2 use a GPU; TESSERA_PC2_GPU decides when set",
          "[gpu][pc2][settings]") {
  {
    Environment env("", "", "");
    CHECK(gpu::pc2_cpu_only_reason().empty());
  }
  {
    Environment env("off", "1", "1");
    CHECK(gpu::pc2_cpu_only_reason() == "TESSERA_PC2_GPU=off");
  }
  {
    Environment env("auto", "0", "0");  // ours wins over rust-fil-proofs' settings
    CHECK(gpu::pc2_cpu_only_reason().empty());
  }
}

TEST_CASE("rust-fil-proofs' GPU builder settings set false keep PC2 on the CPU",
          "[gpu][pc2][settings]") {
  {
    Environment env("", "1", "true");  // lotus's way to ask for the GPU: allowed
    CHECK(gpu::pc2_cpu_only_reason().empty());
  }
  {
    Environment env("", "0", "");
    CHECK(gpu::pc2_cpu_only_reason() == "FIL_PROOFS_USE_GPU_COLUMN_BUILDER=0");
  }
  {
    Environment env("", "1", "False");
    CHECK(gpu::pc2_cpu_only_reason() == "FIL_PROOFS_USE_GPU_TREE_BUILDER=False");
  }
  {
    Environment env("", "off", "no");  // both false: the first is named
    CHECK(gpu::pc2_cpu_only_reason() == "FIL_PROOFS_USE_GPU_COLUMN_BUILDER=off");
  }
}

TEST_CASE("a GPU setting that is no setting is refused by name", "[gpu][pc2][settings]") {
  {
    Environment env("on", "", "");
    CHECK_THROWS_AS(gpu::pc2_cpu_only_reason(), InvalidInput);
    CHECK_THROWS_WITH(gpu::pc2_cpu_only_reason(), Catch::Contains("TESSERA_PC2_GPU='on'"));
  }
  {
    Environment env("", "0", "2");  // checked even when the other one already says CPU
    CHECK_THROWS_WITH(gpu::pc2_cpu_only_reason(),
                      Catch::Contains("FIL_PROOFS_USE_GPU_TREE_BUILDER='2'"));
  }
}
