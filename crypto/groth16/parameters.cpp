#include "crypto/groth16/parameters.hpp"

#include <fcntl.h>

#include <algorithm>
#include <string>
#include <type_traits>

#include "common/error.hpp"
#include "common/file_io.hpp"
#include "crypto/bls12_381/serialization.hpp"

namespace tessera::groth16 {

using bls12_381::G1Affine;
using bls12_381::G2Affine;

const char* query_name(G1Query query) {
  switch (query) {
    case G1Query::kH:
      return "h";
    case G1Query::kL:
      return "l";
    case G1Query::kA:
      return "a";
    case G1Query::kBG1:
      return "b_g1";
  }
  return "?";
}

namespace {

template <class Point>
void copy_range(const std::vector<Point>& from, const char* name, std::size_t first,
                std::span<Point> out) {
  if (first > from.size() || out.size() > from.size() - first) {
    throw InvalidInput(std::string("parameters: ") + name + " has " + std::to_string(from.size()) +
                       " points; asked for " + std::to_string(out.size()) + " from " +
                       std::to_string(first));
  }
  std::copy_n(from.begin() + static_cast<std::ptrdiff_t>(first), out.size(), out.begin());
}

// Buffered sequential writer over File.
class Writer {
 public:
  explicit Writer(File& file) : file_(file) { buffer_.reserve(kBuffer); }
  void put(std::span<const std::uint8_t> bytes) {
    if (buffer_.size() + bytes.size() > kBuffer) flush();
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  }
  void put_u32_be(std::uint32_t v) {
    const std::uint8_t b[4] = {static_cast<std::uint8_t>(v >> 24),
                               static_cast<std::uint8_t>(v >> 16),
                               static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
    put(b);
  }
  void flush() {
    file_.write_all(buffer_.data(), buffer_.size());
    buffer_.clear();
  }

 private:
  static constexpr std::size_t kBuffer = 1 << 20;
  File& file_;
  std::vector<std::uint8_t> buffer_;
};

// InvalidInput when a vector cannot be written: more than 2^32 − 1 points or an identity.
template <class Point>
void check_points(const std::vector<Point>& points, const char* name) {
  if (points.size() > 0xffffffffu) {
    throw InvalidInput(std::string("parameters: too many ") + name + " points");
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i].infinity) {
      throw InvalidInput(std::string("parameters: ") + name + "[" + std::to_string(i) +
                         "] is the identity");
    }
  }
}

template <class Point>
void put_points(Writer& w, const std::vector<Point>& points) {
  w.put_u32_be(static_cast<std::uint32_t>(points.size()));
  for (std::size_t i = 0; i < points.size(); ++i) {
    if constexpr (std::is_same_v<Point, G1Affine>) {
      w.put(bls12_381::g1_to_uncompressed(points[i]));
    } else {
      w.put(bls12_381::g2_to_uncompressed(points[i]));
    }
  }
}

}  // namespace

const std::vector<G1Affine>& ParametersView::vector(G1Query query) const {
  switch (query) {
    case G1Query::kH:
      return params_.h;
    case G1Query::kL:
      return params_.l;
    case G1Query::kA:
      return params_.a;
    case G1Query::kBG1:
      return params_.b_g1;
  }
  throw InvalidInput("parameters: unknown query");
}

std::size_t ParametersView::g1_count(G1Query query) const {
  return vector(query).size();
}

void ParametersView::read_g1(G1Query query, std::size_t first, std::span<G1Affine> out,
                             StageContext& /*ctx*/) const {
  copy_range(vector(query), query_name(query), first, out);
}

void ParametersView::read_b_g2(std::size_t first, std::span<G2Affine> out,
                               StageContext& /*ctx*/) const {
  copy_range(params_.b_g2, "b_g2", first, out);
}

void write_parameters(const Parameters& params, const std::filesystem::path& file) {
  check_points(params.h, "h");
  check_points(params.l, "l");
  check_points(params.a, "a");
  check_points(params.b_g1, "b_g1");
  check_points(params.b_g2, "b_g2");
  const std::filesystem::path tmp = file.string() + ".tmp";
  {
    File out(tmp, O_WRONLY | O_CREAT | O_TRUNC);
    Writer w(out);
    w.put(write_verifying_key(params.vk));
    put_points(w, params.h);
    put_points(w, params.l);
    put_points(w, params.a);
    put_points(w, params.b_g1);
    put_points(w, params.b_g2);
    w.flush();
    out.sync();
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    throw IoError("rename " + tmp.string() + " to " + file.string() + ": " + ec.message());
  }
}

}  // namespace tessera::groth16
