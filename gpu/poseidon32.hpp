// Poseidon as Filecoin uses it (neptune, Standard strength, MerkleTree hash type), on Fr32 for the
// host and the device alike: the optimised schedule of crypto::PoseidonConstants — full rounds
// mixing with the MDS matrix (the last one before the partial rounds with its pre-partial form),
// partial rounds adding one constant and mixing with a sparse matrix. One PoseidonTable holds
// every constant of one width as plain limbs, so the device keeps it in constant memory.
//
// The state stays in registers on the device, as in neptune's and supraseal's kernels: it is
// only ever indexed by compile-time constants (unrolled_for), and the loops over rows and rounds,
// left rolled, walk it by rotation (push_back_rotating) instead of by a loop counter. An array
// indexed by a counter lives in local memory (nvcc 13: 256 / 832 / 1120 bytes per thread for
// widths 3 / 9 / 12; now 0, `nvcc -Xptxas -v`). Unrolling those loops too would multiply the code
// by the width (and overflows cicc's default stack at widths 9 and 12).
#pragma once

#include <type_traits>
#include <utility>

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

template <class F, int... I>
TESSERA_HD void unrolled_for_each(F& f, std::integer_sequence<int, I...>) {
  (f(std::integral_constant<int, I>{}), ...);
}

}  // namespace poseidon32_detail

// f(std::integral_constant<int, 0>{}), …, f(std::integral_constant<int, N − 1>{}): a loop
// unrolled at compile time, whose counter is a constant (decltype(i)::value) in each body.
template <int N, class F>
TESSERA_HD void unrolled_for(F&& f) {
  poseidon32_detail::unrolled_for_each(f, std::make_integer_sequence<int, N>{});
}

namespace poseidon32_detail {

// v[0..N−2] ← v[1..N−1], v[N−1] ← x: after N calls v holds the N values pushed, in order.
template <int N>
TESSERA_HD void push_back_rotating(Fr32 (&v)[N], const Fr32& x) {
  unrolled_for<N - 1>([&](auto i) { v[decltype(i)::value] = v[decltype(i)::value + 1]; });
  v[N - 1] = x;
}

// Adds the round's constants, applies the S-box to every element, mixes with m.
template <int Width>
TESSERA_HD void full_round(Fr32 (&s)[Width], const Fr32*& k, const Fr32 (&m)[Width][Width]) {
  for (int i = 0; i < Width; ++i) push_back_rotating(s, fr32::quintic(fr32::add(s[0], k[i])));
  k += Width;
  Fr32 mixed[Width];
  for (int i = 0; i < Width; ++i) {
    Fr32 row = fr32::mul(m[i][0], s[0]);
    unrolled_for<Width - 1>([&](auto j) {
      constexpr int J = decltype(j)::value + 1;
      row = fr32::add(row, fr32::mul(m[i][J], s[J]));
    });
    push_back_rotating(mixed, row);
  }
  unrolled_for<Width>([&](auto i) { s[decltype(i)::value] = mixed[decltype(i)::value]; });
}

// Adds the round's constant to element 0 alone, applies the S-box to it, mixes with the sparse
// matrix of partial round p.
template <int Width>
TESSERA_HD void partial_round(Fr32 (&s)[Width], const Fr32*& k, const PoseidonTable<Width>& t,
                              int p) {
  const Fr32 s0 = fr32::quintic(fr32::add(s[0], *k++));
  Fr32 first = fr32::mul(t.sparse_m00[p], s0);
  unrolled_for<Width - 1>([&](auto j) {
    constexpr int J = decltype(j)::value;
    first = fr32::add(first, fr32::mul(t.sparse_row[p][J], s[J + 1]));
    s[J + 1] = fr32::add(s[J + 1], fr32::mul(t.sparse_column[p][J], s0));
  });
  s[0] = first;
}

}  // namespace poseidon32_detail

// The hash of `arity` = Width − 1 inputs (Montgomery form): the permutation of
// (domain tag, inputs), element 1 of the result.
template <int Width>
TESSERA_HD Fr32 poseidon32_hash(const PoseidonTable<Width>& t, const Fr32* inputs) {
  using namespace poseidon32_detail;
  Fr32 s[Width];
  s[0] = t.domain_tag;
  unrolled_for<Width - 1>([&](auto i) { s[decltype(i)::value + 1] = inputs[decltype(i)::value]; });
  const Fr32* k = t.constants;
  constexpr int half = kPoseidonFullRounds / 2;
  // One loop over the full rounds (one copy of their code), the partial rounds after its first
  // half.
  for (int r = 0; r < kPoseidonFullRounds; ++r) {
    full_round<Width>(s, k, r == half - 1 ? t.pre_partial_mds : t.mds);
    if (r != half - 1) continue;
    for (int p = 0; p < PoseidonTable<Width>::kPartial; ++p) partial_round<Width>(s, k, t, p);
  }
  return s[1];
}

}  // namespace tessera::gpu
