#include "crypto/groth16/verifying_key.hpp"

#include <array>
#include <string>

#include "common/error.hpp"
#include "common/file_util.hpp"
#include "crypto/bls12_381/serialization.hpp"

namespace tessera::groth16 {
namespace {

using bls12_381::G1Affine;
using bls12_381::G2Affine;

// How the points of one byte form are written and read.
struct PointForm {
  std::size_t g1_bytes;
  std::size_t g2_bytes;
  G1Affine (*read_g1)(std::span<const std::uint8_t>, bool);
  G2Affine (*read_g2)(std::span<const std::uint8_t>, bool);
};

constexpr PointForm kUncompressed{96, 192, bls12_381::g1_from_uncompressed,
                                  bls12_381::g2_from_uncompressed};
constexpr PointForm kCompressed{48, 96, bls12_381::g1_from_compressed,
                                bls12_381::g2_from_compressed};

// run(), its InvalidInput prefixed with the field's name.
template <class Decode>
auto decode(const std::string& field, Decode&& run) {
  try {
    return run();
  } catch (const InvalidInput& e) {
    throw InvalidInput("verifying key " + field + ": " + e.what());
  }
}

// Consumes the key's fields from the front of a buffer, naming the field in every error.
class KeyReader {
 public:
  KeyReader(std::span<const std::uint8_t> bytes, const PointForm& form, bool check_subgroup)
      : bytes_(bytes), form_(form), check_subgroup_(check_subgroup) {}

  G1Affine g1(const std::string& field) {
    const auto raw = take(form_.g1_bytes, field);
    return decode(field, [&] { return form_.read_g1(raw, check_subgroup_); });
  }
  G2Affine g2(const std::string& field) {
    const auto raw = take(form_.g2_bytes, field);
    return decode(field, [&] { return form_.read_g2(raw, check_subgroup_); });
  }
  std::uint32_t u32_be(const std::string& field) {
    const auto raw = take(4, field);
    return static_cast<std::uint32_t>(raw[0]) << 24 | static_cast<std::uint32_t>(raw[1]) << 16 |
           static_cast<std::uint32_t>(raw[2]) << 8 | raw[3];
  }
  // Throws the truncation error up front when fewer than count points of G1 remain.
  void require_g1_points(std::size_t count, const std::string& field) const {
    if (remaining() / form_.g1_bytes < count) {
      throw InvalidInput("verifying key: truncated in " + field + " (" + std::to_string(count) +
                         " points need " + std::to_string(count * form_.g1_bytes) + " bytes, " +
                         std::to_string(remaining()) + " left)");
    }
  }
  std::size_t used() const { return used_; }
  std::size_t remaining() const { return bytes_.size() - used_; }

 private:
  std::span<const std::uint8_t> take(std::size_t n, const std::string& field) {
    if (remaining() < n) {
      throw InvalidInput("verifying key: truncated in " + field + " (needs " + std::to_string(n) +
                         " bytes at offset " + std::to_string(used_) + ", " +
                         std::to_string(remaining()) + " left)");
    }
    const auto raw = bytes_.subspan(used_, n);
    used_ += n;
    return raw;
  }
  std::span<const std::uint8_t> bytes_;
  const PointForm& form_;
  bool check_subgroup_;
  std::size_t used_ = 0;
};

VerifyingKey read_key(KeyReader& in) {
  VerifyingKey vk;
  vk.alpha_g1 = in.g1("alpha_g1");
  vk.beta_g1 = in.g1("beta_g1");
  vk.beta_g2 = in.g2("beta_g2");
  vk.gamma_g2 = in.g2("gamma_g2");
  vk.delta_g1 = in.g1("delta_g1");
  vk.delta_g2 = in.g2("delta_g2");
  const std::uint32_t ic_len = in.u32_be("ic length");
  if (ic_len == 0) throw InvalidInput("verifying key: ic length is 0 (ic[0] is required)");
  in.require_g1_points(ic_len, "ic");
  vk.ic.reserve(ic_len);
  for (std::uint32_t i = 0; i < ic_len; ++i) {
    const std::string field = "ic[" + std::to_string(i) + "]";
    vk.ic.push_back(in.g1(field));
    if (vk.ic.back().infinity) throw InvalidInput("verifying key " + field + " is the identity");
  }
  return vk;
}

template <class ToG1, class ToG2>
std::vector<std::uint8_t> write_key(const VerifyingKey& vk, ToG1 g1, ToG2 g2) {
  std::vector<std::uint8_t> out;
  const auto put = [&out](const auto& bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); };
  put(g1(vk.alpha_g1));
  put(g1(vk.beta_g1));
  put(g2(vk.beta_g2));
  put(g2(vk.gamma_g2));
  put(g1(vk.delta_g1));
  put(g2(vk.delta_g2));
  const auto n = static_cast<std::uint32_t>(vk.ic.size());
  put(std::array<std::uint8_t, 4>{static_cast<std::uint8_t>(n >> 24),
                                  static_cast<std::uint8_t>(n >> 16),
                                  static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
  for (const auto& p : vk.ic) put(g1(p));
  return out;
}

}  // namespace

std::vector<std::uint8_t> write_verifying_key(const VerifyingKey& vk) {
  return write_key(vk, bls12_381::g1_to_uncompressed, bls12_381::g2_to_uncompressed);
}

VerifyingKey read_verifying_key(std::span<const std::uint8_t> bytes, std::size_t* consumed,
                                bool check_subgroup) {
  KeyReader in(bytes, kUncompressed, check_subgroup);
  VerifyingKey vk = read_key(in);
  if (consumed) *consumed = in.used();
  return vk;
}

VerifyingKey read_verifying_key_compressed(std::span<const std::uint8_t> bytes) {
  KeyReader in(bytes, kCompressed, true);
  VerifyingKey vk = read_key(in);
  if (in.remaining() != 0) {
    throw InvalidInput("verifying key: " + std::to_string(in.remaining()) +
                       " bytes after the last ic point");
  }
  return vk;
}

std::vector<std::uint8_t> write_verifying_key_compressed(const VerifyingKey& vk) {
  return write_key(vk, bls12_381::g1_to_compressed, bls12_381::g2_to_compressed);
}

VerifyingKey read_verifying_key_file(const std::filesystem::path& file) {
  const auto text = read_file_if_exists(file);
  if (!text) throw NotFound("verifying key missing: " + file.string());
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(text->data()),
                                            text->size());
  try {
    std::size_t used = 0;
    auto vk = read_verifying_key(bytes, &used);
    if (used != bytes.size()) throw InvalidInput("bytes after the verifying key");
    return vk;
  } catch (const InvalidInput& e) {
    throw InvalidInput(file.string() + ": " + e.what());
  }
}

}  // namespace tessera::groth16
