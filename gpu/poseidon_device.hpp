// A GPU that hashes PC2's Poseidon trees: TreeC's columns and the arity-8 rows of TreeC and
// TreeRLast. The CUDA implementation lives in gpu/cuda/ and is built when TESSERA_CUDA finds nvcc
// (README.md, "GPU build"); without it, or without a device, open_poseidon_device says why not
// and PC2 runs on the CPU. Results are byte for byte the CPU's (crypto::poseidon_hash).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "gpu/accelerator.hpp"
#include "gpu/device_error.hpp"

namespace tessera::gpu {

// Reads labels first .. first + count − 1 of layer `layer` (0-based) of the columns being hashed
// into out (count × 32 bytes).
using LabelReader =
    std::function<void(std::size_t layer, std::size_t first, std::size_t count, std::uint8_t* out)>;

class PoseidonDevice {
 public:
  virtual ~PoseidonDevice() = default;

  // "NVIDIA H200 (CUDA device 0, 139 GiB)": for logs and lotus-bench.
  virtual std::string description() const = 0;

  // TreeC leaves: for each of `count` nodes, Poseidon of arity `layers` (2 or 11) over the node's
  // 32-byte label in each layer; writes count × 32 bytes to out. The labels come from `read`,
  // called for each batch the device takes, each layer straight into the device's staging memory.
  // Throws InvalidInput when a label is not a field element, DeviceError when the device fails
  // (out then holds nothing usable), and what read throws. Safe to call from several threads
  // (calls are serialised).
  virtual void hash_columns(std::size_t layers, const LabelReader& read, std::size_t count,
                            std::uint8_t* out) = 0;

  // The `levels` rows of an arity-8 Poseidon tree above `count` leaves (count × 32 bytes; count
  // a multiple of 8^levels): element r − 1 of the result is row r. Throws as hash_columns.
  virtual std::vector<Bytes> hash_rows(const std::uint8_t* leaves, std::size_t count,
                                       std::size_t levels) = 0;
};

// hash_columns over labels in memory: node i of layer l at layers[l] + 32·i.
void hash_columns_in_memory(PoseidonDevice& device, const std::vector<const std::uint8_t*>& layers,
                            std::size_t count, std::uint8_t* out);

// Whether this build has CUDA and the driver reports a device `ordinal` (why_not says why not).
// A present device that open_poseidon_device cannot set up is broken, not absent.
bool poseidon_device_present(unsigned ordinal, std::string& why_not);

// Fr multiplications per second that CUDA device `ordinal` sustains on all its cores (a full grid
// of threads, each running independent chains of the kernels' Montgomery multiplication): the
// arithmetic bound bench_gpu_pc2 measures the device's Poseidon rates against. Throws
// DeviceError when this build has no CUDA, there is no such device or it fails.
double device_fr_muls_per_second(unsigned ordinal);

// The CUDA device `ordinal`, ready to hash (its constant tables loaded): the staged pipeline
// (gpu/staged_poseidon_device.hpp) over open_accelerator's. nullptr with why_not set when this
// build has no CUDA, no such device exists or it cannot be initialised.
std::unique_ptr<PoseidonDevice> open_poseidon_device(unsigned ordinal, std::string& why_not);

// The CUDA device `ordinal` as an Accelerator (gpu/accelerator.hpp), its tables loaded: what
// open_poseidon_device hashes on, for programs that look inside (bench_gpu_pc2 times its waits).
// nullptr with why_not set as open_poseidon_device.
std::unique_ptr<Accelerator> open_accelerator(unsigned ordinal, std::string& why_not);

}  // namespace tessera::gpu
