#include "crypto/groth16/mapped_parameters.hpp"

#include <string>

#include "common/error.hpp"
#include "crypto/bls12_381/serialization.hpp"

namespace tessera::groth16 {

using bls12_381::G1Affine;
using bls12_381::G2Affine;

namespace {

constexpr std::size_t kG1Bytes = 96;
constexpr std::size_t kG2Bytes = 192;

std::uint32_t u32_be(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

// Decodes points [first, first + out.size()) of a vector at `offset` with `decode`, rejecting
// the identity, on the context's cores.
template <class Point, class Decode>
void decode_range(std::span<const std::uint8_t> file, const std::string& path, const char* name,
                  std::size_t offset, std::size_t count, std::size_t point_bytes, std::size_t first,
                  std::span<Point> out, StageContext& ctx, Decode decode) {
  if (first > count || out.size() > count - first) {
    throw InvalidInput(path + ": " + name + " has " + std::to_string(count) +
                       " points; asked for " + std::to_string(out.size()) + " from " +
                       std::to_string(first));
  }
  parallel_for(
      ctx, out.size(),
      [&](std::uint64_t lo, std::uint64_t hi) {
        for (std::uint64_t i = lo; i < hi; ++i) {
          const std::size_t index = first + i;
          try {
            out[i] = decode(file.subspan(offset + index * point_bytes, point_bytes));
          } catch (const InvalidInput& e) {
            throw InvalidInput(path + ": " + name + "[" + std::to_string(index) + "]: " + e.what());
          }
          if (out[i].infinity) {
            throw InvalidInput(path + ": " + name + "[" + std::to_string(index) +
                               "] is the identity");
          }
        }
      },
      4096);
}

}  // namespace

MappedParameters::MappedParameters(const std::filesystem::path& file, bool check_subgroup)
    : file_(file), check_subgroup_(check_subgroup) {
  const auto bytes = file_.bytes();
  std::size_t pos = 0;
  try {
    vk_ = read_verifying_key(bytes, &pos, check_subgroup);
  } catch (const InvalidInput& e) {
    throw InvalidInput(file_.path() + ": verifying key: " + e.what());
  }
  auto take_vector = [&](const char* name, std::size_t point_bytes) {
    if (bytes.size() - pos < 4) {
      throw InvalidInput(file_.path() + ": truncated before the " + name + " count (" +
                         std::to_string(bytes.size()) + " bytes)");
    }
    Vector v{pos + 4, u32_be(bytes.data() + pos)};
    const std::size_t need = v.count * point_bytes;
    if (bytes.size() - v.offset < need) {
      throw InvalidInput(file_.path() + ": truncated: " + name + " holds " +
                         std::to_string(v.count) + " points, needing " +
                         std::to_string(v.offset + need) + " bytes; the file has " +
                         std::to_string(bytes.size()));
    }
    pos = v.offset + need;
    return v;
  };
  g1_[static_cast<int>(G1Query::kH)] = take_vector("h", kG1Bytes);
  g1_[static_cast<int>(G1Query::kL)] = take_vector("l", kG1Bytes);
  g1_[static_cast<int>(G1Query::kA)] = take_vector("a", kG1Bytes);
  g1_[static_cast<int>(G1Query::kBG1)] = take_vector("b_g1", kG1Bytes);
  b_g2_ = take_vector("b_g2", kG2Bytes);
  if (pos != bytes.size()) {
    throw InvalidInput(file_.path() + ": " + std::to_string(bytes.size() - pos) +
                       " bytes after the last vector");
  }
}

const MappedParameters::Vector& MappedParameters::g1_vector(G1Query query) const {
  return g1_.at(static_cast<std::size_t>(query));
}

std::size_t MappedParameters::g1_count(G1Query query) const {
  return g1_vector(query).count;
}

void MappedParameters::read_g1(G1Query query, std::size_t first, std::span<G1Affine> out,
                               StageContext& ctx) const {
  const Vector& v = g1_vector(query);
  decode_range(file_.bytes(), file_.path(), query_name(query), v.offset, v.count, kG1Bytes, first,
               out, ctx, [&](std::span<const std::uint8_t> b) {
                 return bls12_381::g1_from_uncompressed(b, check_subgroup_);
               });
}

void MappedParameters::read_b_g2(std::size_t first, std::span<G2Affine> out,
                                 StageContext& ctx) const {
  decode_range(file_.bytes(), file_.path(), "b_g2", b_g2_.offset, b_g2_.count, kG2Bytes, first, out,
               ctx, [&](std::span<const std::uint8_t> b) {
                 return bls12_381::g2_from_uncompressed(b, check_subgroup_);
               });
}

}  // namespace tessera::groth16
