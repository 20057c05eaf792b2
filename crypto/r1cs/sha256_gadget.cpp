#include "crypto/r1cs/sha256_gadget.hpp"

#include <string>

#include "common/error.hpp"

namespace tessera::crypto::r1cs {
namespace {

constexpr std::uint32_t kRoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t kIv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

std::vector<UInt32> initial_state() {
  std::vector<UInt32> iv;
  for (std::uint32_t w : kIv) iv.push_back(UInt32::constant(w));
  return iv;
}

// A word whose sum is deferred until it is used, so several additions share one addmany
// (bellperson's Maybe).
struct Deferred {
  bool deferred = false;
  UInt32 value;
  std::vector<UInt32> operands;

  UInt32 compute(MultiEq& meq, const std::vector<UInt32>& others) const {
    if (!deferred) return value;
    std::vector<UInt32> all = operands;
    all.insert(all.end(), others.begin(), others.end());
    return UInt32::addmany(meq, all);
  }
};

std::vector<Boolean> to_bits_be(const std::vector<UInt32>& words) {
  std::vector<Boolean> out;
  out.reserve(words.size() * 32);
  for (const auto& w : words) {
    const auto bits = w.into_bits_be();
    out.insert(out.end(), bits.begin(), bits.end());
  }
  return out;
}

}  // namespace

std::vector<UInt32> sha256_compression(ConstraintSystem& cs, const std::vector<Boolean>& block,
                                       const std::vector<UInt32>& state) {
  if (block.size() != 512 || state.size() != 8) {
    throw InvalidInput("r1cs: a SHA-256 compression takes 512 bits and 8 words");
  }
  std::vector<UInt32> w;
  w.reserve(64);
  for (std::size_t i = 0; i < 16; ++i) w.push_back(UInt32::from_bits_be(&block[i * 32]));

  MultiEq meq(cs);
  for (std::size_t i = 16; i < 64; ++i) {
    Namespace ns(cs, [i] { return "w extension " + std::to_string(i); });
    UInt32 s0 = w[i - 15].rotr(7);
    s0 = s0.xor_(cs, w[i - 15].rotr(18));
    s0 = s0.xor_(cs, w[i - 15].shr(3));
    UInt32 s1 = w[i - 2].rotr(17);
    s1 = s1.xor_(cs, w[i - 2].rotr(19));
    s1 = s1.xor_(cs, w[i - 2].shr(10));
    w.push_back(UInt32::addmany(meq, {w[i - 16], s0, w[i - 7], s1}));
  }

  Deferred a{false, state[0], {}};
  UInt32 b = state[1];
  UInt32 c = state[2];
  UInt32 d = state[3];
  Deferred e{false, state[4], {}};
  UInt32 f = state[5];
  UInt32 g = state[6];
  UInt32 h = state[7];

  for (std::size_t i = 0; i < 64; ++i) {
    Namespace ns(cs, [i] { return "compression round " + std::to_string(i); });
    const UInt32 new_e = e.compute(meq, {});
    UInt32 s1 = new_e.rotr(6);
    s1 = s1.xor_(cs, new_e.rotr(11));
    s1 = s1.xor_(cs, new_e.rotr(25));
    const UInt32 ch = UInt32::sha256_ch(cs, new_e, f, g);
    const std::vector<UInt32> temp1 = {h, s1, ch, UInt32::constant(kRoundConstants[i]), w[i]};

    const UInt32 new_a = a.compute(meq, {});
    UInt32 s0 = new_a.rotr(2);
    s0 = s0.xor_(cs, new_a.rotr(13));
    s0 = s0.xor_(cs, new_a.rotr(22));
    const UInt32 maj = UInt32::sha256_maj(cs, new_a, b, c);

    h = g;
    g = f;
    f = new_e;
    e = Deferred{true, UInt32(), temp1};
    e.operands.push_back(d);
    d = c;
    c = b;
    b = new_a;
    a = Deferred{true, UInt32(), temp1};
    a.operands.push_back(s0);
    a.operands.push_back(maj);
  }

  std::vector<UInt32> out;
  out.reserve(8);
  out.push_back(a.compute(meq, {state[0]}));
  out.push_back(UInt32::addmany(meq, {state[1], b}));
  out.push_back(UInt32::addmany(meq, {state[2], c}));
  out.push_back(UInt32::addmany(meq, {state[3], d}));
  out.push_back(e.compute(meq, {state[4]}));
  out.push_back(UInt32::addmany(meq, {state[5], f}));
  out.push_back(UInt32::addmany(meq, {state[6], g}));
  out.push_back(UInt32::addmany(meq, {state[7], h}));
  meq.finish();
  return out;
}

std::vector<Boolean> sha256(ConstraintSystem& cs, const std::vector<Boolean>& message) {
  if (message.size() % 8 != 0) throw InvalidInput("r1cs: SHA-256 input is not whole bytes");
  std::vector<Boolean> padded = message;
  const std::uint64_t length = message.size();
  padded.push_back(Boolean::constant(true));
  while ((padded.size() + 64) % 512 != 0) padded.push_back(Boolean::constant(false));
  for (int i = 63; i >= 0; --i) padded.push_back(Boolean::constant((length >> i) & 1));

  std::vector<UInt32> state = initial_state();
  std::vector<Boolean> block(512);
  for (std::size_t offset = 0; offset < padded.size(); offset += 512) {
    Namespace ns(cs, [offset] { return "block " + std::to_string(offset / 512); });
    std::copy(padded.begin() + static_cast<std::ptrdiff_t>(offset),
              padded.begin() + static_cast<std::ptrdiff_t>(offset + 512), block.begin());
    state = sha256_compression(cs, block, state);
  }
  return to_bits_be(state);
}

std::vector<Boolean> sha256_block_no_padding(ConstraintSystem& cs,
                                             const std::vector<Boolean>& block) {
  return to_bits_be(sha256_compression(cs, block, initial_state()));
}

}  // namespace tessera::crypto::r1cs
