// The GPU tests' runner: without a usable CUDA device (or in a build without CUDA) it prints
// why and exits 77, which CTest reports as "skipped", never as passed.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <iostream>

#include "gpu/poseidon_device.hpp"

int main(int argc, char** argv) {
  std::string why_not;
  if (!tessera::gpu::open_poseidon_device(0, why_not)) {
    std::cout << "skipped: " << why_not << "\n";
    return 77;
  }
  return Catch::Session().run(argc, argv);
}
