#include "crypto/poseidon.hpp"

#include <array>
#include <bitset>

#include "common/error.hpp"

namespace tessera::crypto {
namespace {

std::size_t partial_rounds_for_width(std::size_t width) {
  // neptune parameters/round_numbers.txt, Standard strength (reference/proofs.md §6.3).
  switch (width) {
    case 3:
      return 55;
    case 5:
      return 56;
    case 9:
      return 57;
    case 12:
      return 57;
    case 17:
      return 59;
    default:
      throw InvalidInput("unsupported Poseidon arity " + std::to_string(width - 1));
  }
}

// The Grain LFSR of the Poseidon reference parameter generator, with self-shrinking output.
class GrainLfsr {
 public:
  GrainLfsr(std::size_t width, std::size_t full_rounds, std::size_t partial_rounds) {
    std::size_t pos = 0;
    auto push = [&](std::uint64_t value, int bits) {
      for (int i = bits - 1; i >= 0; --i) state_[pos++] = (value >> i) & 1;
    };
    push(1, 2);     // field: prime field
    push(1, 4);     // S-box: x^alpha
    push(255, 12);  // field size in bits
    push(width, 12);
    push(full_rounds, 10);
    push(partial_rounds, 10);
    push((1ULL << 30) - 1, 30);
    for (int i = 0; i < 160; ++i) next_raw();
  }

  bool next_bit() {
    while (true) {
      bool first = next_raw();
      bool second = next_raw();
      if (first) return second;
    }
  }

  // A field element from 255 bits drawn MSB first, redrawn until it is below p.
  Fr next_field_element() {
    while (true) {
      std::array<std::uint8_t, 32> le{};
      for (int bit = 254; bit >= 0; --bit) {
        if (next_bit()) le[bit / 8] |= static_cast<std::uint8_t>(1u << (bit % 8));
      }
      try {
        return Fr::from_bytes(le.data());
      } catch (const InvalidInput&) {
        // >= p: draw again, as the reference generator does.
      }
    }
  }

 private:
  bool next_raw() {
    bool bit = at(62) ^ at(51) ^ at(38) ^ at(23) ^ at(13) ^ at(0);
    state_[head_] = bit;
    head_ = (head_ + 1) % 80;
    return bit;
  }
  bool at(std::size_t offset) const { return state_[(head_ + offset) % 80]; }

  std::bitset<80> state_;
  std::size_t head_ = 0;  // index of b_i, the oldest bit
};

void optimize(PoseidonConstants& c) {
  const std::size_t width = c.arity + 1;
  const std::size_t half = c.full_rounds / 2;
  const std::size_t rounds = c.full_rounds + c.partial_rounds;
  std::vector<std::vector<Fr>> k(rounds);
  for (std::size_t r = 0; r < rounds; ++r) {
    k[r].assign(c.round_constants.begin() + static_cast<std::ptrdiff_t>(r * width),
                c.round_constants.begin() + static_cast<std::ptrdiff_t>((r + 1) * width));
  }
  // Constants: a partial round's S-box touches state[0] only, so the other constants pass
  // through it linearly and move to the next round as M·(0, k[1..]).
  for (std::size_t r = half; r < half + c.partial_rounds; ++r) {
    for (std::size_t i = 0; i < width; ++i) {
      for (std::size_t j = 1; j < width; ++j) k[r + 1][i] += c.mds[i][j] * k[r][j];
    }
    k[r].resize(1);
  }
  for (const auto& round : k)
    c.optimized_constants.insert(c.optimized_constants.end(), round.begin(), round.end());
  // Matrices, last partial round first: X = S·D with D = diag(1, X̂) and S sparse; D commutes
  // with the partial S-box and with adding to state[0], so it moves into the previous round,
  // whose matrix becomes D·M.
  c.sparse_mds.resize(c.partial_rounds);
  FrMatrix x = c.mds;
  for (std::size_t p = c.partial_rounds; p-- > 0;) {
    FrMatrix hat(width - 1, std::vector<Fr>(width - 1));
    for (std::size_t i = 1; i < width; ++i) {
      for (std::size_t j = 1; j < width; ++j) hat[i - 1][j - 1] = x[i][j];
    }
    const FrMatrix hat_inverse = fr_matrix_inverse(hat);
    SparseMds& sparse = c.sparse_mds[p];
    sparse.m00 = x[0][0];
    sparse.row.assign(width - 1, Fr());
    for (std::size_t j = 0; j + 1 < width; ++j) {
      for (std::size_t l = 0; l + 1 < width; ++l) sparse.row[j] += x[0][l + 1] * hat_inverse[l][j];
    }
    for (std::size_t i = 1; i < width; ++i) sparse.column.push_back(x[i][0]);
    FrMatrix d(width, std::vector<Fr>(width));
    d[0][0] = Fr::one();
    for (std::size_t i = 1; i < width; ++i) {
      for (std::size_t j = 1; j < width; ++j) d[i][j] = hat[i - 1][j - 1];
    }
    x = fr_matrix_multiply(d, c.mds);
  }
  c.pre_partial_mds = x;
}

PoseidonConstants generate(std::size_t arity) {
  PoseidonConstants c;
  c.arity = arity;
  const std::size_t width = arity + 1;
  c.full_rounds = 8;
  c.partial_rounds = partial_rounds_for_width(width);
  GrainLfsr lfsr(width, c.full_rounds, c.partial_rounds);
  std::size_t count = (c.full_rounds + c.partial_rounds) * width;
  c.round_constants.reserve(count);
  for (std::size_t i = 0; i < count; ++i) c.round_constants.push_back(lfsr.next_field_element());
  c.mds.assign(width, std::vector<Fr>(width));
  for (std::size_t i = 0; i < width; ++i) {
    for (std::size_t j = 0; j < width; ++j) {
      c.mds[i][j] = (Fr::from_uint(i) + Fr::from_uint(width + j)).inverse();
    }
  }
  c.domain_tag = Fr::from_uint((1ULL << arity) - 1);
  optimize(c);
  return c;
}

Fr quintic(const Fr& x) {
  Fr x2 = x.square();
  return x2.square() * x;
}

}  // namespace

const PoseidonConstants& poseidon_constants(std::size_t arity) {
  // Generated on first use, one instance per arity; C++ guarantees thread-safe initialisation.
  switch (arity) {
    case 2: {
      static const PoseidonConstants c = generate(2);
      return c;
    }
    case 4: {
      static const PoseidonConstants c = generate(4);
      return c;
    }
    case 8: {
      static const PoseidonConstants c = generate(8);
      return c;
    }
    case 11: {
      static const PoseidonConstants c = generate(11);
      return c;
    }
    case 16: {
      static const PoseidonConstants c = generate(16);
      return c;
    }
    default:
      throw InvalidInput("unsupported Poseidon arity " + std::to_string(arity));
  }
}

Fr poseidon_hash(const std::vector<Fr>& inputs, std::size_t arity) {
  return poseidon_hash(inputs.data(), inputs.size(), arity);
}

Fr poseidon_hash(const Fr* inputs, std::size_t count, std::size_t arity) {
  const auto& c = poseidon_constants(arity);
  if (count > arity) throw InvalidInput("too many Poseidon inputs for the arity");
  const std::size_t width = arity + 1;
  constexpr std::size_t kMaxWidth = 17;
  std::array<Fr, kMaxWidth> state{}, next{};
  state[0] = c.domain_tag;
  for (std::size_t i = 0; i < count; ++i) state[i + 1] = inputs[i];
  const std::size_t half = c.full_rounds / 2;
  const Fr* k = c.optimized_constants.data();
  auto full_round = [&](const FrMatrix& mds) {
    for (std::size_t i = 0; i < width; ++i) state[i] = quintic(state[i] + k[i]);
    k += width;
    for (std::size_t i = 0; i < width; ++i) {
      Fr acc;
      const Fr* row = mds[i].data();
      for (std::size_t j = 0; j < width; ++j) acc += row[j] * state[j];
      next[i] = acc;
    }
    state = next;
  };
  for (std::size_t r = 0; r < half; ++r) full_round(r + 1 == half ? c.pre_partial_mds : c.mds);
  for (const SparseMds& sparse : c.sparse_mds) {
    const Fr s0 = quintic(state[0] + *k++);
    Fr first = sparse.m00 * s0;
    for (std::size_t j = 1; j < width; ++j) {
      first += sparse.row[j - 1] * state[j];
      state[j] += sparse.column[j - 1] * s0;
    }
    state[0] = first;
  }
  for (std::size_t r = 0; r < half; ++r) full_round(c.mds);
  return state[1];
}

}  // namespace tessera::crypto
