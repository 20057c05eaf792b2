#include "crypto/bls12_381/serialization.hpp"

#include <string>

#include "common/error.hpp"

namespace tessera::bls12_381 {
namespace {

constexpr std::uint8_t kCompressed = 0x80;
constexpr std::uint8_t kInfinity = 0x40;
constexpr std::uint8_t kSign = 0x20;
constexpr std::uint8_t kFlags = kCompressed | kInfinity | kSign;

void check_length(std::span<const std::uint8_t> bytes, std::size_t want, const char* what) {
  if (bytes.size() != want) {
    throw InvalidInput(std::string(what) + " encoding must be " + std::to_string(want) +
                       " bytes, got " + std::to_string(bytes.size()));
  }
}

// Checks the flags common to every decoder; returns true for a well-formed infinity encoding.
bool check_flags(std::span<const std::uint8_t> bytes, bool compressed, const char* what) {
  const std::uint8_t flags = bytes[0];
  if (static_cast<bool>(flags & kCompressed) != compressed) {
    throw InvalidInput(std::string(what) + ": compression flag mismatch (expected the " +
                       (compressed ? "compressed" : "uncompressed") + " form)");
  }
  if (flags & kInfinity) {
    if (flags & kSign) throw InvalidInput(std::string(what) + ": infinity with the sign bit set");
    bool rest_zero = (flags & ~kFlags) == 0;
    for (std::size_t i = 1; i < bytes.size(); ++i) rest_zero = rest_zero && bytes[i] == 0;
    if (!rest_zero) throw InvalidInput(std::string(what) + ": infinity with non-zero bits");
    return true;
  }
  if (!compressed && (flags & kSign)) {
    throw InvalidInput(std::string(what) + ": sign bit set in the uncompressed form");
  }
  return false;
}

// A 48-byte big-endian coordinate (flag bits of the first byte masked when `mask_flags`).
Fp read_fp(const std::uint8_t* be48, bool mask_flags, const char* what) {
  std::array<std::uint8_t, 48> b;
  std::copy(be48, be48 + 48, b.begin());
  if (mask_flags) b[0] &= static_cast<std::uint8_t>(~kFlags);
  try {
    return Fp::from_bytes_be(b.data());
  } catch (const InvalidInput&) {
    throw InvalidInput(std::string(what) + ": coordinate is not canonical (>= p)");
  }
}

Fp2 read_fp2(const std::uint8_t* be96, bool mask_flags, const char* what) {
  const Fp c1 = read_fp(be96, mask_flags, what);
  return {read_fp(be96 + 48, false, what), c1};
}

void write_fp2(const Fp2& v, std::uint8_t* out) {
  v.c1.to_bytes_be(out);
  v.c0.to_bytes_be(out + 48);
}

template <class Point>
Point finish(const Point& p, bool check_subgroup, bool (*in_subgroup)(const Point&),
             const char* what) {
  if (!p.is_on_curve()) throw InvalidInput(std::string(what) + ": point is not on the curve");
  if (check_subgroup && !in_subgroup(p)) {
    throw InvalidInput(std::string(what) + ": point is not in the prime-order subgroup");
  }
  return p;
}

// The point with abscissa x and the y root selected by the sign flag.
template <class Point, class F>
Point decompress(const F& x, bool sign, const char* what) {
  const auto y = (x.square() * x + Point::CurveType::b()).sqrt();
  if (!y) throw InvalidInput(std::string(what) + ": x is not on the curve (x^3 + b is no square)");
  return Point{x, y->lexicographically_largest() == sign ? *y : -*y, false};
}

}  // namespace

std::array<std::uint8_t, 48> g1_to_compressed(const G1Affine& p) {
  std::array<std::uint8_t, 48> out{};
  if (p.infinity) {
    out[0] = kCompressed | kInfinity;
    return out;
  }
  p.x.to_bytes_be(out.data());
  out[0] |= kCompressed | (p.y.lexicographically_largest() ? kSign : 0);
  return out;
}

std::array<std::uint8_t, 96> g1_to_uncompressed(const G1Affine& p) {
  std::array<std::uint8_t, 96> out{};
  if (p.infinity) {
    out[0] = kInfinity;
    return out;
  }
  p.x.to_bytes_be(out.data());
  p.y.to_bytes_be(out.data() + 48);
  return out;
}

std::array<std::uint8_t, 96> g2_to_compressed(const G2Affine& p) {
  std::array<std::uint8_t, 96> out{};
  if (p.infinity) {
    out[0] = kCompressed | kInfinity;
    return out;
  }
  write_fp2(p.x, out.data());
  out[0] |= kCompressed | (p.y.lexicographically_largest() ? kSign : 0);
  return out;
}

std::array<std::uint8_t, 192> g2_to_uncompressed(const G2Affine& p) {
  std::array<std::uint8_t, 192> out{};
  if (p.infinity) {
    out[0] = kInfinity;
    return out;
  }
  write_fp2(p.x, out.data());
  write_fp2(p.y, out.data() + 96);
  return out;
}

G1Affine g1_from_compressed(std::span<const std::uint8_t> bytes, bool check_subgroup) {
  const char* what = "G1 compressed point";
  check_length(bytes, 48, what);
  if (check_flags(bytes, true, what)) return G1Affine::identity();
  const Fp x = read_fp(bytes.data(), true, what);
  const G1Affine p = decompress<G1Affine>(x, (bytes[0] & kSign) != 0, what);
  return finish<G1Affine>(p, check_subgroup, g1_in_subgroup, what);
}

G1Affine g1_from_uncompressed(std::span<const std::uint8_t> bytes, bool check_subgroup) {
  const char* what = "G1 uncompressed point";
  check_length(bytes, 96, what);
  if (check_flags(bytes, false, what)) return G1Affine::identity();
  const G1Affine p{read_fp(bytes.data(), true, what), read_fp(bytes.data() + 48, false, what),
                   false};
  return finish<G1Affine>(p, check_subgroup, g1_in_subgroup, what);
}

G2Affine g2_from_compressed(std::span<const std::uint8_t> bytes, bool check_subgroup) {
  const char* what = "G2 compressed point";
  check_length(bytes, 96, what);
  if (check_flags(bytes, true, what)) return G2Affine::identity();
  const Fp2 x = read_fp2(bytes.data(), true, what);
  const G2Affine p = decompress<G2Affine>(x, (bytes[0] & kSign) != 0, what);
  return finish<G2Affine>(p, check_subgroup, g2_in_subgroup, what);
}

G2Affine g2_from_uncompressed(std::span<const std::uint8_t> bytes, bool check_subgroup) {
  const char* what = "G2 uncompressed point";
  check_length(bytes, 192, what);
  if (check_flags(bytes, false, what)) return G2Affine::identity();
  const G2Affine p{read_fp2(bytes.data(), true, what), read_fp2(bytes.data() + 96, false, what),
                   false};
  return finish<G2Affine>(p, check_subgroup, g2_in_subgroup, what);
}

}  // namespace tessera::bls12_381
