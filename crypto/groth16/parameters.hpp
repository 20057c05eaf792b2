// Groth16 proving parameters in bellperson's .params layout (reference/snark.md §1.3): the
// verifying key, then five u32-big-endian-counted vectors of uncompressed points — h (m − 1 G1),
// l (one G1 per aux variable), a (inputs, then aux in A), b_g1 and b_g2 (inputs then aux in B).
// The prover reads them through ParameterSource, in ranges, so a 44 GiB file is never held in
// memory.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <vector>

#include "common/executor/stage_context.hpp"
#include "crypto/groth16/verifying_key.hpp"

namespace tessera::groth16 {

// The G1 vectors of a proving key.
enum class G1Query { kH, kL, kA, kBG1 };

// Proving parameters held in memory (what parameter generation produces).
struct Parameters {
  VerifyingKey vk;
  std::vector<bls12_381::G1Affine> h, l, a, b_g1;
  std::vector<bls12_381::G2Affine> b_g2;
};

// Where a prover reads proving parameters from.
class ParameterSource {
 public:
  virtual ~ParameterSource() = default;
  virtual const VerifyingKey& vk() const = 0;
  virtual std::size_t g1_count(G1Query query) const = 0;
  virtual std::size_t b_g2_count() const = 0;
  // Points [first, first + out.size()) of a query, decoded on up to ctx.cores() threads.
  // InvalidInput when the range is out of bounds or a point does not decode.
  virtual void read_g1(G1Query query, std::size_t first, std::span<bls12_381::G1Affine> out,
                       StageContext& ctx) const = 0;
  virtual void read_b_g2(std::size_t first, std::span<bls12_381::G2Affine> out,
                         StageContext& ctx) const = 0;
};

// A ParameterSource over in-memory parameters (which must outlive it).
class ParametersView final : public ParameterSource {
 public:
  explicit ParametersView(const Parameters& params) : params_(params) {}
  const VerifyingKey& vk() const override { return params_.vk; }
  std::size_t g1_count(G1Query query) const override;
  std::size_t b_g2_count() const override { return params_.b_g2.size(); }
  void read_g1(G1Query query, std::size_t first, std::span<bls12_381::G1Affine> out,
               StageContext& ctx) const override;
  void read_b_g2(std::size_t first, std::span<bls12_381::G2Affine> out,
                 StageContext& ctx) const override;

 private:
  const std::vector<bls12_381::G1Affine>& vector(G1Query query) const;
  const Parameters& params_;
};

// Writes params to `file` in bellperson's layout, atomically (a temporary file, fsync, rename):
// a reader never sees a partial file. InvalidInput when a vector holds the identity (bellperson's
// readers reject it); IoError on write failure.
void write_parameters(const Parameters& params, const std::filesystem::path& file);

// The name of a query, for messages.
const char* query_name(G1Query query);

}  // namespace tessera::groth16
