#include "sealing/porep/commd.hpp"

#include <bit>

#include "common/error.hpp"
#include "crypto/sha256_trunc254.hpp"
#include "sealing/porep/zero_commitments.hpp"

namespace tessera::porep {
namespace {

using Entry = PieceCommitment;

void reduce(std::vector<Entry>& stack) {
  while (stack.size() >= 2 && stack[stack.size() - 1].padded_size == stack[stack.size() - 2].padded_size) {
    auto right = stack.back();
    stack.pop_back();
    auto& left = stack.back();
    left.commitment = crypto::sha256_trunc254_node(left.commitment.data(), right.commitment.data());
    left.padded_size *= 2;
  }
}

Entry zero_piece(std::uint64_t padded_size) {
  return Entry{zero_commitment(static_cast<std::size_t>(std::countr_zero(padded_size / 32))),
               padded_size};
}

}  // namespace

crypto::Digest32 compute_commd(std::uint64_t sector_size, const std::vector<PieceCommitment>& pieces) {
  if (!std::has_single_bit(sector_size) || sector_size < 128) {
    throw InvalidInput("sector size " + std::to_string(sector_size) + " is not a power of two >= 128");
  }
  std::uint64_t total = 0;
  for (const auto& piece : pieces) {
    if (!std::has_single_bit(piece.padded_size) || piece.padded_size < 128) {
      throw InvalidInput("piece size " + std::to_string(piece.padded_size) +
                         " is not a power of two >= 128");
    }
    total += piece.padded_size;
  }
  if (total > sector_size) throw InvalidInput("pieces are larger than the sector");
  if (pieces.empty()) return zero_piece(sector_size).commitment;

  std::vector<Entry> stack{pieces.front()};
  for (std::size_t i = 1; i < pieces.size(); ++i) {
    while (stack.back().padded_size < pieces[i].padded_size) {
      stack.push_back(zero_piece(stack.back().padded_size));
      reduce(stack);
    }
    stack.push_back(pieces[i]);
    reduce(stack);
  }
  while (stack.size() > 1 || stack.back().padded_size < sector_size) {
    stack.push_back(zero_piece(stack.back().padded_size));
    reduce(stack);
  }
  if (stack.back().padded_size != sector_size) throw InvalidInput("pieces do not fit the sector");
  return stack.back().commitment;
}

}  // namespace tessera::porep
