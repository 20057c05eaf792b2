// CommP: the root of the binary SHA-256-trunc254 tree over a piece's Fr32-padded bytes, fed as
// a stream of unpadded bytes and zero-padded to the next 127·2^k bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "crypto/sha256.hpp"

namespace tessera::porep {

struct PieceCommitment {
  crypto::Digest32 commitment;
  std::uint64_t padded_size;  // power of two, at least 128
};

class CommPBuilder {
 public:
  // Feeds more unpadded piece bytes.
  void write(const std::uint8_t* data, std::size_t size);
  // Zero-pads the stream to the next 127·2^k bytes (k >= 0) and returns the root.
  PieceCommitment finish();
  std::uint64_t bytes_written() const { return written_; }

 private:
  void push_leaf_block(const std::uint8_t* padded128);
  void push_node(std::size_t level, const crypto::Digest32& hash);

  std::vector<std::uint8_t> partial_;  // unpadded bytes not yet forming a 127-byte block
  // Pending subtree roots, lowest level last; levels strictly decrease from front to back.
  std::vector<std::pair<std::size_t, crypto::Digest32>> stack_;
  std::uint64_t written_ = 0;
};

// CommP of a whole in-memory piece. With threads > 1 the piece is cut into a power-of-two number
// of whole subtrees (up to 16 per thread, each at least ~1 MiB) that up to `threads` of the
// process core budget's free cores take in turn.
PieceCommitment compute_commp(const std::uint8_t* data, std::size_t size, unsigned threads = 1);

}  // namespace tessera::porep
