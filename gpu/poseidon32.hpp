// Poseidon as Filecoin uses it (neptune, Standard strength, MerkleTree hash type), on Fr32 for the
// host and the device alike: the optimised schedule of crypto::PoseidonConstants — full rounds
// mixing with the MDS matrix (the last one before the partial rounds with its pre-partial form),
// partial rounds adding one constant and mixing with a sparse matrix. One PoseidonTable holds
// every constant of one width as plain limbs, so the device keeps it in constant memory.
#pragma once

#include "gpu/fr32.hpp"

namespace tessera::gpu {

inline constexpr int kPoseidonFullRounds = 8;

// neptune's partial-round count for a width (arity + 1): 3 → 55, 9 → 57, 12 → 57.
TESSERA_HD constexpr int poseidon_partial_rounds(int width) {
  return width == 3 ? 55 : width == 5 ? 56 : width == 17 ? 59 : 57;
}

template <int Width>
struct PoseidonTable {
  static constexpr int kPartial = poseidon_partial_rounds(Width);
  static constexpr int kConstants = kPoseidonFullRounds * Width + kPartial;

  Fr32 domain_tag;
  Fr32 constants[kConstants];  // optimised: full rounds Width each, partial rounds one each
  Fr32 mds[Width][Width];
  Fr32 pre_partial_mds[Width][Width];
  Fr32 sparse_m00[kPartial];
  Fr32 sparse_row[kPartial][Width - 1];     // state[0] ← m00·s0 + Σ row[j]·s[j+1]
  Fr32 sparse_column[kPartial][Width - 1];  // s[j+1] ← s[j+1] + column[j]·s0
};

namespace poseidon32_detail {

template <int Width>
TESSERA_HD void full_round(Fr32* s, const Fr32*& k, const Fr32 (&m)[Width][Width]) {
  for (int i = 0; i < Width; ++i) s[i] = fr32::quintic(fr32::add(s[i], k[i]));
  k += Width;
  Fr32 mixed[Width];
  for (int i = 0; i < Width; ++i) {
    Fr32 acc = fr32::mul(m[i][0], s[0]);
    for (int j = 1; j < Width; ++j) acc = fr32::add(acc, fr32::mul(m[i][j], s[j]));
    mixed[i] = acc;
  }
  for (int i = 0; i < Width; ++i) s[i] = mixed[i];
}

}  // namespace poseidon32_detail

// The hash of `arity` = Width − 1 inputs (Montgomery form): the permutation of
// (domain tag, inputs), element 1 of the result.
template <int Width>
TESSERA_HD Fr32 poseidon32_hash(const PoseidonTable<Width>& t, const Fr32* inputs) {
  using namespace poseidon32_detail;
  Fr32 s[Width];
  s[0] = t.domain_tag;
  for (int i = 1; i < Width; ++i) s[i] = inputs[i - 1];
  const Fr32* k = t.constants;
  constexpr int half = kPoseidonFullRounds / 2;
  for (int r = 0; r + 1 < half; ++r) full_round<Width>(s, k, t.mds);
  full_round<Width>(s, k, t.pre_partial_mds);
  for (int p = 0; p < PoseidonTable<Width>::kPartial; ++p) {
    const Fr32 s0 = fr32::quintic(fr32::add(s[0], *k++));
    Fr32 first = fr32::mul(t.sparse_m00[p], s0);
    for (int j = 1; j < Width; ++j)
      first = fr32::add(first, fr32::mul(t.sparse_row[p][j - 1], s[j]));
    for (int j = 1; j < Width; ++j)
      s[j] = fr32::add(s[j], fr32::mul(t.sparse_column[p][j - 1], s0));
    s[0] = first;
  }
  for (int r = 0; r < half; ++r) full_round<Width>(s, k, t.mds);
  return s[1];
}

}  // namespace tessera::gpu
