#include "sealing/porep/aux_files.hpp"

#include <fcntl.h>

#include <cstring>

#include "common/error.hpp"
#include "common/file_io.hpp"
#include "common/file_util.hpp"

namespace tessera::porep {
namespace {

constexpr std::uint64_t kMaxString = 4096;
constexpr std::uint64_t kMaxLayers = 64;

// bincode 1.x default options: little-endian fixed-width integers, u64 lengths.
class BincodeWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void str(const std::string& s) {
    u64(s.size());
    out_.insert(out_.end(), s.begin(), s.end());
  }
  void config(const StoreConfig& c) {
    str(c.path);
    str(c.id);
    u8(c.size ? 1 : 0);
    if (c.size) u64(*c.size);
    u64(c.rows_to_discard);
  }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

class BincodeReader {
 public:
  explicit BincodeReader(const Bytes& data) : data_(data) {}
  std::uint8_t u8() {
    need(1);
    return data_[at_++];
  }
  std::uint64_t u64() {
    need(8);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= std::uint64_t{data_[at_ + i]} << (8 * i);
    at_ += 8;
    return v;
  }
  std::string str() {
    auto n = u64();
    if (n > kMaxString) throw InvalidInput("string of " + std::to_string(n) + " bytes");
    need(n);
    std::string s(data_.begin() + static_cast<std::ptrdiff_t>(at_),
                  data_.begin() + static_cast<std::ptrdiff_t>(at_ + n));
    at_ += n;
    return s;
  }
  StoreConfig config() {
    StoreConfig c;
    c.path = str();
    c.id = str();
    switch (u8()) {
      case 0:
        break;
      case 1:
        c.size = u64();
        break;
      default:
        throw InvalidInput("bad Option tag");
    }
    c.rows_to_discard = u64();
    return c;
  }
  void finish() const {
    if (at_ != data_.size())
      throw InvalidInput(std::to_string(data_.size() - at_) + " trailing bytes");
  }

 private:
  void need(std::uint64_t n) const {
    if (data_.size() - at_ < n) throw InvalidInput("truncated");
  }
  const Bytes& data_;
  std::size_t at_ = 0;
};

Bytes read_all(const std::filesystem::path& file) {
  File in(file, O_RDONLY);
  Bytes data(in.size());
  in.read_at(0, data.data(), data.size());
  return data;
}

void write_atomic(const std::filesystem::path& file, const Bytes& data) {
  write_file_atomic(
      file, std::string_view(reinterpret_cast<const char*>(data.data()), data.size()), 0644);
}

}  // namespace

Bytes encode_p_aux(const PersistentAux& aux) {
  Bytes out(aux.comm_c.begin(), aux.comm_c.end());
  out.insert(out.end(), aux.comm_r_last.begin(), aux.comm_r_last.end());
  return out;
}

PersistentAux decode_p_aux(const Bytes& data) {
  if (data.size() != 64)
    throw InvalidInput("p_aux is " + std::to_string(data.size()) + " bytes, expected 64");
  PersistentAux aux;
  std::memcpy(aux.comm_c.data(), data.data(), 32);
  std::memcpy(aux.comm_r_last.data(), data.data() + 32, 32);
  return aux;
}

Bytes encode_t_aux(const TemporaryAux& aux) {
  BincodeWriter w;
  w.u64(aux.labels.size());
  for (const auto& label : aux.labels) w.config(label);
  w.config(aux.tree_d);
  w.config(aux.tree_r_last);
  w.config(aux.tree_c);
  return w.take();
}

TemporaryAux decode_t_aux(const Bytes& data) {
  BincodeReader r(data);
  TemporaryAux aux;
  const auto layers = r.u64();
  if (layers > kMaxLayers) throw InvalidInput(std::to_string(layers) + " label layers");
  for (std::uint64_t i = 0; i < layers; ++i) aux.labels.push_back(r.config());
  aux.tree_d = r.config();
  aux.tree_r_last = r.config();
  aux.tree_c = r.config();
  r.finish();
  return aux;
}

void write_p_aux(const std::filesystem::path& cache_dir, const PersistentAux& aux) {
  write_atomic(cache_dir / "p_aux", encode_p_aux(aux));
}

void write_t_aux(const std::filesystem::path& cache_dir, const TemporaryAux& aux) {
  write_atomic(cache_dir / "t_aux", encode_t_aux(aux));
}

PersistentAux read_p_aux(const std::filesystem::path& cache_dir) {
  const auto file = cache_dir / "p_aux";
  try {
    return decode_p_aux(read_all(file));
  } catch (const InvalidInput& e) {
    throw InvalidInput("corrupt " + file.string() + ": " + e.what());
  }
}

TemporaryAux read_t_aux(const std::filesystem::path& cache_dir) {
  const auto file = cache_dir / "t_aux";
  TemporaryAux aux;
  try {
    aux = decode_t_aux(read_all(file));
  } catch (const InvalidInput& e) {
    throw InvalidInput("corrupt " + file.string() + ": " + e.what());
  }
  for (auto& label : aux.labels) label.path = cache_dir.string();
  aux.tree_d.path = aux.tree_r_last.path = aux.tree_c.path = cache_dir.string();
  return aux;
}

}  // namespace tessera::porep
