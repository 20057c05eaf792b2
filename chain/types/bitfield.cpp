#include "chain/types/bitfield.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "common/cbor/cbor.hpp"
#include "common/error.hpp"

namespace tessera::chain {
namespace {

// Largest RLE+ encoding accepted: the Filecoin actors' MAX_ENCODED_SIZE (32 << 10); go-bitfield's
// CBOR form allows 8192, so every bitfield lotus writes fits.
constexpr std::size_t kMaxRleBytes = 32 << 10;

// LSB-first bit reader; bits past the end read as zero, as go-bitfield's rbitvec does.
class BitReader {
 public:
  explicit BitReader(const Bytes& in) : in_(in) {}
  std::uint64_t take(int bits) {
    std::uint64_t v = 0;
    for (int i = 0; i < bits; ++i, ++pos_) {
      const std::size_t byte = pos_ / 8;
      if (byte < in_.size()) v |= static_cast<std::uint64_t>((in_[byte] >> (pos_ % 8)) & 1) << i;
    }
    return v;
  }

 private:
  const Bytes& in_;
  std::size_t pos_ = 0;
};

class BitWriter {
 public:
  void put(std::uint64_t value, int bits) {
    for (int i = 0; i < bits; ++i, ++pos_) {
      if (pos_ / 8 >= out_.size()) out_.push_back(0);
      if ((value >> i) & 1) out_[pos_ / 8] |= static_cast<std::uint8_t>(1u << (pos_ % 8));
    }
  }
  Bytes finish() {
    while (!out_.empty() && out_.back() == 0) out_.pop_back();
    return std::move(out_);
  }

 private:
  Bytes out_;
  std::size_t pos_ = 0;
};

}  // namespace

void BitField::add_range(std::uint64_t start, std::uint64_t end) {
  if (start >= end) return;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> merged;
  bool placed = false;
  for (const auto& r : ranges_) {
    if (r.second < start) {
      merged.push_back(r);
    } else if (end < r.first) {
      if (!placed) merged.emplace_back(start, end), placed = true;
      merged.push_back(r);
    } else {
      start = std::min(start, r.first);
      end = std::max(end, r.second);
    }
  }
  if (!placed) merged.emplace_back(start, end);
  ranges_ = std::move(merged);
}

// Decoding mirrors go-bitfield rle/rleplus_reader.go DecodeRLE: a trailing zero byte is refused,
// the 2-bit version must be 0, then the first run's value bit, then runs ("1" = length 1,
// "01"+4 bits = 0..15, "00"+uvarint) until a run of length 0 (bits past the end read as 0).
BitField BitField::from_rle(const Bytes& rle) {
  if (rle.size() > kMaxRleBytes) {
    throw InvalidInput("RLE+: encoding of " + std::to_string(rle.size()) + " bytes too large");
  }
  if (!rle.empty() && rle.back() == 0) throw InvalidInput("RLE+: not minimally encoded");
  BitField field;
  BitReader reader(rle);
  if (reader.take(2) != 0) throw InvalidInput("RLE+: wrong version");
  bool value = reader.take(1) == 1;
  std::uint64_t position = 0;
  for (;;) {
    std::uint64_t length;
    if (reader.take(1) == 1) {
      length = 1;
    } else if (reader.take(1) == 1) {
      length = reader.take(4);
    } else {
      length = 0;
      for (int i = 0, shift = 0;; ++i, shift += 7) {
        if (i == 10) throw InvalidInput("RLE+: run too long");
        const std::uint64_t byte = reader.take(8);
        if (byte < 0x80) {
          if (i == 9 && byte > 1) throw InvalidInput("RLE+: run too long");
          if (byte == 0 && shift > 0) throw InvalidInput("RLE+: invalid run");
          length |= byte << shift;
          break;
        }
        length |= (byte & 0x7f) << shift;
      }
    }
    if (length == 0) break;
    if (length > UINT64_MAX - position) throw InvalidInput("RLE+: bitfield overflows 64 bits");
    if (value) field.ranges_.emplace_back(position, position + length);
    position += length;
    value = !value;
  }
  return field;
}

Bytes BitField::to_rle() const {
  if (ranges_.empty()) return {};
  BitWriter writer;
  writer.put(0, 2);
  bool first_value = ranges_.front().first == 0;
  writer.put(first_value ? 1 : 0, 1);
  auto put_run = [&](std::uint64_t length) {
    if (length == 1) {
      writer.put(1, 1);
    } else if (length < 16) {
      writer.put(2, 2);
      writer.put(length, 4);
    } else {
      writer.put(0, 2);
      while (length >= 0x80) {
        writer.put((length & 0x7f) | 0x80, 8);
        length >>= 7;
      }
      writer.put(length, 8);
    }
  };
  std::uint64_t position = 0;
  for (const auto& [start, end] : ranges_) {
    if (start > position) put_run(start - position);
    put_run(end - start);
    position = end;
  }
  return writer.finish();
}

BitField BitField::from_cbor(const Bytes& cbor_bytes) {
  const auto value = cbor::decode(cbor_bytes);
  if (!value.is_bytes()) {
    throw InvalidInput("bitfield: expected a CBOR byte string, got " +
                       std::string(cbor::kind_name(value.kind())));
  }
  return from_rle(value.as_bytes());
}

Bytes BitField::to_cbor() const {
  cbor::Writer w;
  w.write_bytes(to_rle());
  return w.take();
}

// As go-bitfield's RLE.UnmarshalJSON: a zero-length run is allowed only first.
BitField BitField::from_runs(const std::vector<std::uint64_t>& runs) {
  BitField field;
  std::uint64_t position = 0;
  bool value = false;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const std::uint64_t length = runs[i];
    if (length == 0 && i != 0) throw InvalidInput("bitfield: zero-length run except at start");
    if (length > UINT64_MAX - position) throw InvalidInput("bitfield: runs overflow 64 bits");
    if (value && length) field.ranges_.emplace_back(position, position + length);
    position += length;
    value = !value;
  }
  return field;
}

// As go-bitfield's RLE.MarshalJSON: the empty set is [0].
std::vector<std::uint64_t> BitField::to_runs() const {
  if (ranges_.empty()) return {0};
  std::vector<std::uint64_t> runs;
  std::uint64_t position = 0;
  for (const auto& [start, end] : ranges_) {
    runs.push_back(start - position);
    runs.push_back(end - start);
    position = end;
  }
  return runs;
}

void BitField::set(std::uint64_t bit) {
  if (bit == UINT64_MAX) throw InvalidInput("bitfield: bit 2^64-1 cannot be represented");
  add_range(bit, bit + 1);
}

void BitField::unset(std::uint64_t bit) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
  for (const auto& [start, end] : ranges_) {
    if (bit < start || bit >= end) {
      out.emplace_back(start, end);
      continue;
    }
    if (start < bit) out.emplace_back(start, bit);
    if (bit + 1 < end) out.emplace_back(bit + 1, end);
  }
  ranges_ = std::move(out);
}

bool BitField::contains(std::uint64_t bit) const {
  for (const auto& [start, end] : ranges_) {
    if (bit < start) return false;
    if (bit < end) return true;
  }
  return false;
}

std::uint64_t BitField::count() const {
  std::uint64_t n = 0;
  for (const auto& [start, end] : ranges_) n += end - start;
  return n;
}

std::uint64_t BitField::first_unset() const {
  return !ranges_.empty() && ranges_.front().first == 0 ? ranges_.front().second : 0;
}

BitField BitField::union_with(const BitField& other) const {
  BitField out = *this;
  for (const auto& [start, end] : other.ranges_) out.add_range(start, end);
  return out;
}

BitField BitField::intersect_with(const BitField& other) const {
  BitField out;
  std::size_t j = 0;
  for (const auto& [start, end] : ranges_) {
    while (j < other.ranges_.size() && other.ranges_[j].second <= start) ++j;
    for (std::size_t k = j; k < other.ranges_.size() && other.ranges_[k].first < end; ++k) {
      const auto lo = std::max(start, other.ranges_[k].first),
                 hi = std::min(end, other.ranges_[k].second);
      if (lo < hi) out.add_range(lo, hi);
    }
  }
  return out;
}

BitField BitField::subtract(const BitField& other) const {
  BitField out;
  for (const auto& [start, end] : ranges_) {
    std::uint64_t at = start;
    for (const auto& [o_start, o_end] : other.ranges_) {
      if (o_end <= at) continue;
      if (o_start >= end) break;
      if (o_start > at) out.add_range(at, o_start);
      at = std::max(at, o_end);
      if (at >= end) break;
    }
    if (at < end) out.add_range(at, end);
  }
  return out;
}

BitField BitField::from_human_ranges(std::string_view text) {
  BitField out;
  if (text.empty()) return out;
  std::uint64_t next_allowed = 0;
  bool first = true;
  auto number = [&](std::string_view digits) {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
      throw InvalidInput("invalid sector range '" + std::string(text) + "'");
    }
    return v;
  };
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto part = text.substr(0, comma);
    const auto dash = part.find('-');
    const std::uint64_t lo = number(part.substr(0, dash));
    const std::uint64_t hi = dash == std::string_view::npos ? lo : number(part.substr(dash + 1));
    if (lo > hi || (!first && lo < next_allowed) || hi == UINT64_MAX) {
      throw InvalidInput("sector ranges must be increasing and disjoint: '" + std::string(part) +
                         "'");
    }
    out.add_range(lo, hi + 1);
    next_allowed = hi + 2;
    first = false;
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::string BitField::to_human_ranges() const {
  std::string out;
  for (const auto& [start, end] : ranges_) {
    if (!out.empty()) out += ",";
    out += std::to_string(start);
    if (end - start > 1) out += "-" + std::to_string(end - 1);
  }
  return out;
}

std::vector<std::uint64_t> BitField::all(std::uint64_t limit) const {
  std::vector<std::uint64_t> out;
  for (const auto& [start, end] : ranges_) {
    for (std::uint64_t b = start; b < end; ++b) {
      if (out.size() >= limit) return out;
      out.push_back(b);
    }
  }
  return out;
}

}  // namespace tessera::chain
