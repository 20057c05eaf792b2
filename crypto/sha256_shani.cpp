// SHA-256 compression with the x86 SHA extensions (SHA-NI). Only called after
// sha_ni_available() said yes; compiled with the needed target attributes so the rest of the
// binary keeps running on CPUs without them.
#include <immintrin.h>

#include "crypto/sha256.hpp"

namespace tessera::crypto {

__attribute__((target("sha,sse4.1,ssse3"))) void sha256_compress_shani(Sha256State& state,
                                                                       const std::uint8_t* blocks,
                                                                       std::size_t nblocks) {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[0]));     // DCBA
  __m128i state1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[4]));  // HGFE
  tmp = _mm_shuffle_epi32(tmp, 0xB1);                                             // CDAB
  state1 = _mm_shuffle_epi32(state1, 0x1B);                                       // EFGH
  __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);                               // ABEF
  state1 = _mm_blend_epi16(state1, tmp, 0xF0);                                    // CDGH

  for (std::size_t b = 0; b < nblocks; ++b, blocks += 64) {
    const __m128i abef_save = state0;
    const __m128i cdgh_save = state1;
    __m128i w[4];
    for (int g = 0; g < 16; ++g) {
      __m128i& cur = w[g & 3];
      if (g < 4) {
        cur = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks + 16 * g)),
                               byte_swap);
      } else {
        // W[t..t+3] from W[t-16..t-1]: msg1 adds sigma0, alignr brings W[t-7..t-4], msg2 sigma1.
        __m128i sum = _mm_add_epi32(_mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]),
                                    _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4));
        cur = _mm_sha256msg2_epu32(sum, w[(g + 3) & 3]);
      }
      __m128i msg = _mm_add_epi32(
          cur, _mm_load_si128(reinterpret_cast<const __m128i*>(kSha256RoundConstants + 4 * g)));
      state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
      msg = _mm_shuffle_epi32(msg, 0x0E);
      state0 = _mm_sha256rnds2_epu32(state0, state1, msg);
    }
    state0 = _mm_add_epi32(state0, abef_save);
    state1 = _mm_add_epi32(state1, cdgh_save);
  }

  tmp = _mm_shuffle_epi32(state0, 0x1B);        // FEBA
  state1 = _mm_shuffle_epi32(state1, 0xB1);     // DCHG
  state0 = _mm_blend_epi16(tmp, state1, 0xF0);  // DCBA
  state1 = _mm_alignr_epi8(state1, tmp, 8);     // HGFE
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[0]), state0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[4]), state1);
}

namespace {

struct LaneState {
  __m128i abef;
  __m128i cdgh;
};

__attribute__((target("sha,sse4.1,ssse3"))) inline LaneState load_lane(const Sha256State& state) {
  __m128i tmp =
      _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[0])), 0xB1);
  __m128i efgh =
      _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[4])), 0x1B);
  return LaneState{_mm_alignr_epi8(tmp, efgh, 8), _mm_blend_epi16(efgh, tmp, 0xF0)};
}

__attribute__((target("sha,sse4.1,ssse3"))) inline void store_lane(const LaneState& lane,
                                                                   Sha256State& state) {
  __m128i tmp = _mm_shuffle_epi32(lane.abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(lane.cdgh, 0xB1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[0]), _mm_blend_epi16(tmp, dchg, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[4]), _mm_alignr_epi8(dchg, tmp, 8));
}

}  // namespace

// Two independent streams interleaved: the rounds of one hide the latency of the other's.
__attribute__((target("sha,sse4.1,ssse3"))) void sha256_compress_shani_x2(
    Sha256State& state_a, Sha256State& state_b, const std::uint8_t* blocks_a,
    const std::uint8_t* blocks_b, std::size_t nblocks) {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  LaneState a = load_lane(state_a);
  LaneState b = load_lane(state_b);
  for (std::size_t n = 0; n < nblocks; ++n, blocks_a += 64, blocks_b += 64) {
    const LaneState a_save = a;
    const LaneState b_save = b;
    __m128i wa[4], wb[4];
    for (int g = 0; g < 16; ++g) {
      if (g < 4) {
        wa[g] = _mm_shuffle_epi8(
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks_a + 16 * g)), byte_swap);
        wb[g] = _mm_shuffle_epi8(
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks_b + 16 * g)), byte_swap);
      } else {
        __m128i sa = _mm_add_epi32(_mm_sha256msg1_epu32(wa[g & 3], wa[(g + 1) & 3]),
                                   _mm_alignr_epi8(wa[(g + 3) & 3], wa[(g + 2) & 3], 4));
        __m128i sb = _mm_add_epi32(_mm_sha256msg1_epu32(wb[g & 3], wb[(g + 1) & 3]),
                                   _mm_alignr_epi8(wb[(g + 3) & 3], wb[(g + 2) & 3], 4));
        wa[g & 3] = _mm_sha256msg2_epu32(sa, wa[(g + 3) & 3]);
        wb[g & 3] = _mm_sha256msg2_epu32(sb, wb[(g + 3) & 3]);
      }
      const __m128i k =
          _mm_load_si128(reinterpret_cast<const __m128i*>(kSha256RoundConstants + 4 * g));
      __m128i ma = _mm_add_epi32(wa[g & 3], k);
      __m128i mb = _mm_add_epi32(wb[g & 3], k);
      a.cdgh = _mm_sha256rnds2_epu32(a.cdgh, a.abef, ma);
      b.cdgh = _mm_sha256rnds2_epu32(b.cdgh, b.abef, mb);
      a.abef = _mm_sha256rnds2_epu32(a.abef, a.cdgh, _mm_shuffle_epi32(ma, 0x0E));
      b.abef = _mm_sha256rnds2_epu32(b.abef, b.cdgh, _mm_shuffle_epi32(mb, 0x0E));
    }
    a.abef = _mm_add_epi32(a.abef, a_save.abef);
    a.cdgh = _mm_add_epi32(a.cdgh, a_save.cdgh);
    b.abef = _mm_add_epi32(b.abef, b_save.abef);
    b.cdgh = _mm_add_epi32(b.cdgh, b_save.cdgh);
  }
  store_lane(a, state_a);
  store_lane(b, state_b);
}

}  // namespace tessera::crypto
