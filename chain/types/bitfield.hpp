// Filecoin bitfields (go-bitfield): sets of uint64 stored as runs, serialised as RLE+ and, in
// CBOR, as a byte string holding the RLE+ bytes. Sector-number allocation uses them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/encoding.hpp"

namespace tessera::chain {

class BitField {
 public:
  BitField() = default;

  // Decodes RLE+ bytes exactly as go-bitfield accepts them; throws InvalidInput on a wrong
  // version, a trailing zero byte, a bad varint run, overflow or more than 32 KiB.
  static BitField from_rle(const Bytes& rle);
  // Canonical RLE+ bytes (as go-bitfield writes them; empty set -> no bytes).
  Bytes to_rle() const;
  // CBOR form: a byte string of the RLE+ bytes (anything else throws InvalidInput).
  static BitField from_cbor(const Bytes& cbor);
  Bytes to_cbor() const;
  // JSON form used by lotus: run lengths starting with an unset run ([5,1] = only bit 5;
  // the empty set is [0]). A zero-length run other than the first throws InvalidInput.
  static BitField from_runs(const std::vector<std::uint64_t>& runs);
  std::vector<std::uint64_t> to_runs() const;

  // Adds bit; 2^64-1 cannot be encoded and throws InvalidInput.
  void set(std::uint64_t bit);
  void unset(std::uint64_t bit);
  bool contains(std::uint64_t bit) const;
  std::uint64_t count() const;
  bool empty() const { return ranges_.empty(); }
  // Smallest number not in the set (lotus's "Next" sector number for InUse).
  std::uint64_t first_unset() const;
  BitField union_with(const BitField& other) const;
  BitField intersect_with(const BitField& other) const;
  // The bits of this set that are not in other.
  BitField subtract(const BitField& other) const;
  // lotus's human ranges (lib/strle): "0-3,5,7-9", inclusive ends, increasing and disjoint;
  // InvalidInput otherwise. The empty set is "".
  static BitField from_human_ranges(std::string_view text);
  std::string to_human_ranges() const;
  // The set bits in increasing order, at most limit of them.
  std::vector<std::uint64_t> all(std::uint64_t limit) const;
  bool operator==(const BitField& o) const = default;

 private:
  // Disjoint, non-adjacent [start, end) ranges of set bits, sorted.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges_;
  void add_range(std::uint64_t start, std::uint64_t end);
};

}  // namespace tessera::chain
