// A .params file read in place (bellperson's build_mapped_parameters): the file is mapped, its
// layout checked once — the verifying key decoded, every vector's count read and the total
// length matched against the file size — and points are decoded only when the prover asks for a
// range of them.
#pragma once

#include <array>
#include <filesystem>

#include "common/mapped_file.hpp"
#include "crypto/groth16/parameters.hpp"

namespace tessera::groth16 {

class MappedParameters final : public ParameterSource {
 public:
  // Maps and checks `file`. InvalidInput naming the file when it is truncated, longer than its
  // layout, or its verifying key does not decode; NotFound when it does not exist. Points of the
  // five vectors are checked on the curve when read, and in the subgroup too when check_subgroup
  // is true (rust-fil-proofs maps parameters unchecked).
  explicit MappedParameters(const std::filesystem::path& file, bool check_subgroup = false);

  const VerifyingKey& vk() const override { return vk_; }
  std::size_t g1_count(G1Query query) const override;
  std::size_t b_g2_count() const override { return b_g2_.count; }
  void read_g1(G1Query query, std::size_t first, std::span<bls12_381::G1Affine> out,
               StageContext& ctx) const override;
  void read_b_g2(std::size_t first, std::span<bls12_381::G2Affine> out,
                 StageContext& ctx) const override;

 private:
  struct Vector {
    std::size_t offset = 0;  // of the first point
    std::size_t count = 0;
  };
  const Vector& g1_vector(G1Query query) const;

  MappedFile file_;
  bool check_subgroup_;
  VerifyingKey vk_;
  std::array<Vector, 4> g1_;  // indexed by G1Query
  Vector b_g2_;
};

}  // namespace tessera::groth16
