// PoseidonDevice doubles for tests: one that hashes with the CPU's code (to test PC2's device path
// on machines without a GPU), and one that makes any device fail after a number of calls (the
// forced failure of a device mid-run).
#pragma once

#include <atomic>
#include <memory>

#include "crypto/fr.hpp"
#include "crypto/merkle.hpp"
#include "crypto/poseidon.hpp"
#include "gpu/poseidon_device.hpp"

namespace tessera::test {

class CpuPoseidonDevice final : public gpu::PoseidonDevice {
 public:
  std::string description() const override { return "the CPU posing as a device"; }

  void hash_columns(std::size_t layers, const gpu::LabelReader& read, std::size_t count,
                    std::uint8_t* out) override {
    std::vector<Bytes> labels(layers, Bytes(32 * count));
    for (std::size_t l = 0; l < layers; ++l) read(l, 0, count, labels[l].data());
    std::vector<crypto::Fr> column(layers);
    for (std::size_t i = 0; i < count; ++i) {
      for (std::size_t l = 0; l < layers; ++l)
        column[l] = crypto::Fr::from_bytes(labels[l].data() + 32 * i);
      crypto::poseidon_hash(column, layers).to_bytes(out + 32 * i);
    }
  }

  std::vector<Bytes> hash_rows(const std::uint8_t* leaves, std::size_t count,
                               std::size_t levels) override {
    std::vector<Bytes> rows;
    Bytes below(leaves, leaves + 32 * count);
    for (std::size_t r = 0; r < levels; ++r) {
      rows.push_back(crypto::hash_row(crypto::TreeHash::kPoseidon, 8, below));
      below = rows.back();
    }
    return rows;
  }
};

// Passes calls to `inner` until `calls_before_failure` have succeeded, then throws DeviceError
// on every call, as a device that ran out of memory or was lost would.
class FailingPoseidonDevice final : public gpu::PoseidonDevice {
 public:
  FailingPoseidonDevice(gpu::PoseidonDevice& inner, int calls_before_failure)
      : inner_(inner), left_(calls_before_failure) {}

  std::string description() const override { return inner_.description() + " (failing)"; }
  int calls() const { return calls_; }

  void hash_columns(std::size_t layers, const gpu::LabelReader& read, std::size_t count,
                    std::uint8_t* out) override {
    enter();
    inner_.hash_columns(layers, read, count, out);
  }

  std::vector<Bytes> hash_rows(const std::uint8_t* leaves, std::size_t count,
                               std::size_t levels) override {
    enter();
    return inner_.hash_rows(leaves, count, levels);
  }

 private:
  void enter() {
    ++calls_;
    if (left_-- <= 0) throw gpu::DeviceError("forced failure after earlier calls succeeded");
  }

  gpu::PoseidonDevice& inner_;
  std::atomic<int> left_;
  std::atomic<int> calls_{0};
};

}  // namespace tessera::test
