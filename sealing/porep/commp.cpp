#include "sealing/porep/commp.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "common/executor/stage_context.hpp"
#include "crypto/sha256_trunc254.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/zero_commitments.hpp"

namespace tessera::porep {
namespace {

constexpr std::uint64_t kMinParallelChunk = 127
                                            << 13;  // ~1 MiB: smaller chunks are not worth a thread
constexpr std::uint64_t kChunksPerThread = 16;

}  // namespace

void CommPBuilder::push_node(std::size_t level, const crypto::Digest32& hash) {
  crypto::Digest32 current = hash;
  while (!stack_.empty() && stack_.back().first == level) {
    current = crypto::sha256_trunc254_node(stack_.back().second.data(), current.data());
    stack_.pop_back();
    ++level;
  }
  stack_.emplace_back(level, current);
}

void CommPBuilder::push_leaf_block(const std::uint8_t* padded128) {
  // 4 leaves -> 2 level-1 nodes -> 1 level-2 node.
  auto left = crypto::sha256_trunc254_node(padded128, padded128 + 32);
  auto right = crypto::sha256_trunc254_node(padded128 + 64, padded128 + 96);
  push_node(2, crypto::sha256_trunc254_node(left.data(), right.data()));
}

void CommPBuilder::write(const std::uint8_t* data, std::size_t size) {
  written_ += size;
  std::uint8_t padded[kFr32PaddedBlock];
  if (!partial_.empty()) {
    std::size_t take = std::min(size, kFr32UnpaddedBlock - partial_.size());
    partial_.insert(partial_.end(), data, data + take);
    data += take;
    size -= take;
    if (partial_.size() < kFr32UnpaddedBlock) return;
    fr32_pad(partial_.data(), padded, 1);
    push_leaf_block(padded);
    partial_.clear();
  }
  // Whole 2 KiB padded subtrees level by level, so sibling pairs are hashed two at a time.
  constexpr std::size_t kChunkBlocks = 16;
  std::uint8_t chunk[kChunkBlocks * kFr32PaddedBlock];
  for (; size >= kChunkBlocks * kFr32UnpaddedBlock;
       data += kChunkBlocks * kFr32UnpaddedBlock, size -= kChunkBlocks * kFr32UnpaddedBlock) {
    fr32_pad(data, chunk, kChunkBlocks);
    for (std::size_t nodes = kChunkBlocks * 4 / 2; nodes >= 1; nodes /= 2) {
      crypto::sha256_trunc254_level(chunk, chunk, nodes);
    }
    crypto::Digest32 root;
    std::copy(chunk, chunk + 32, root.begin());
    push_node(6, root);
  }
  for (; size >= kFr32UnpaddedBlock; data += kFr32UnpaddedBlock, size -= kFr32UnpaddedBlock) {
    fr32_pad(data, padded, 1);
    push_leaf_block(padded);
  }
  partial_.assign(data, data + size);
}

PieceCommitment CommPBuilder::finish() {
  if (!partial_.empty() || stack_.empty()) {
    std::uint8_t block[kFr32UnpaddedBlock] = {};
    std::memcpy(block, partial_.data(), partial_.size());
    std::uint8_t padded[kFr32PaddedBlock];
    fr32_pad(block, padded, 1);
    push_leaf_block(padded);
    partial_.clear();
  }
  // Fill with zero subtrees from the lowest pending level up until one root remains.
  while (stack_.size() > 1) {
    std::size_t level = stack_.back().first;
    push_node(level, zero_commitment(level));
  }
  return PieceCommitment{stack_.back().second, std::uint64_t{32} << stack_.back().first};
}

PieceCommitment compute_commp(const std::uint8_t* data, std::size_t size, unsigned threads) {
  std::uint64_t total = kFr32UnpaddedBlock;  // the piece's unpadded size, 127·2^k
  while (total < size) total *= 2;
  // Many more chunks than threads, taken in turn, so the zero tail of a piece just over a
  // power of two does not leave a thread idle.
  std::uint64_t chunks = 1;
  while (chunks * 2 <= std::uint64_t{threads} * kChunksPerThread &&
         total / (chunks * 2) >= kMinParallelChunk) {
    chunks *= 2;
  }
  if (threads <= 1 || chunks == 1) {
    CommPBuilder builder;
    builder.write(data, size);
    return builder.finish();
  }
  // Each chunk is a whole subtree: hash them side by side, then join their roots.
  const std::uint64_t chunk = total / chunks;
  std::size_t chunk_level = 0;
  while ((std::uint64_t{32} << chunk_level) < chunk / kFr32UnpaddedBlock * kFr32PaddedBlock)
    ++chunk_level;
  std::vector<crypto::Digest32> roots(chunks);
  std::atomic<std::uint64_t> next{0};
  auto ctx = StageContext::best_effort(CoreBudget::process(), threads);
  parallel_for(ctx, threads, [&](std::uint64_t, std::uint64_t) {
    for (std::uint64_t i; (i = next.fetch_add(1)) < chunks;) {
      const std::uint64_t begin = i * chunk;
      if (begin >= size) {
        roots[i] = zero_commitment(chunk_level);
        continue;
      }
      CommPBuilder builder;
      builder.write(data + begin,
                    static_cast<std::size_t>(std::min<std::uint64_t>(chunk, size - begin)));
      auto piece = builder.finish();
      std::size_t level = 0;
      while ((std::uint64_t{32} << level) < piece.padded_size) ++level;
      for (; level < chunk_level; ++level) {
        piece.commitment =
            crypto::sha256_trunc254_node(piece.commitment.data(), zero_commitment(level).data());
      }
      roots[i] = piece.commitment;
    }
  });
  for (std::size_t width = roots.size(); width > 1; width /= 2) {
    for (std::size_t i = 0; i < width / 2; ++i) {
      roots[i] = crypto::sha256_trunc254_node(roots[2 * i].data(), roots[2 * i + 1].data());
    }
  }
  return PieceCommitment{roots[0], total / kFr32UnpaddedBlock * kFr32PaddedBlock};
}

}  // namespace tessera::porep
