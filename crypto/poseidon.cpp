#include "crypto/poseidon.hpp"

#include <algorithm>
#include <array>
#include <bitset>
#include <type_traits>
#include <utility>

#include "common/error.hpp"
#include "crypto/fr_wide.hpp"

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

// Partial rounds are run in batches of this many (per width): inside a batch the state's
// elements 1.. are not updated round by round; each round's first row instead also multiplies
// the batch's earlier S-box outputs by precomputed constants, and the elements are brought up
// to date once per batch, each as one sum of products with a single reduction.
constexpr std::size_t batch_for_width(std::size_t width) {
  return width <= 3 ? 3 : width <= 5 ? 4 : width <= 9 ? 5 : 6;
}

// The optimized schedule of one width in the form the rounds use: raw Montgomery limbs, every
// matrix entry pre-multiplied by 2^64 so that a row times a vector is one
// reduce_sum_of_products<n, 5> (see crypto/fr_wide.hpp).
template <std::size_t Width>
struct Schedule {
  static constexpr std::size_t kBatch = batch_for_width(Width);
  using Limbs = fr_wide::Limbs;
  using Row = std::array<Limbs, Width>;
  // Round p of a batch starting at q: (m00_p, row_p, e_{p,q}, .., e_{p,p−1}) with
  // e_{p,d} = row_p · column_d, applied to (s0_p, y, s0_q, .., s0_{p−1}) where y is the state
  // (elements 1..) at the batch start and s0 the S-box outputs.
  using PartialRow = std::array<Limbs, Width + kBatch>;
  // Element j at the end of a batch: (1, column_q[j], .., column_{q+kBatch−1}[j]) applied to
  // (y_j, s0_q, ..); columns past the last partial round are zero.
  using Update = std::array<Limbs, kBatch + 1>;

  std::vector<Limbs> round_constants;              // PoseidonConstants::optimized_constants
  std::array<Row, Width> mds;                      // scaled
  std::array<Row, Width> pre_partial_mds;          // scaled
  std::vector<PartialRow> partial_rows;            // one per partial round, scaled
  std::vector<std::array<Update, Width>> updates;  // per batch, for elements 1.., scaled
  Limbs domain_tag;
};

template <std::size_t Width>
Schedule<Width> make_schedule(const PoseidonConstants& c) {
  using S = Schedule<Width>;
  const Fr two_to_64 = Fr::from_uint(std::uint64_t{1} << 32).square();
  auto scaled = [&](const Fr& x) { return (x * two_to_64).montgomery(); };
  auto scaled_matrix = [&](const FrMatrix& m) {
    std::array<typename S::Row, Width> out;
    for (std::size_t i = 0; i < Width; ++i) {
      for (std::size_t j = 0; j < Width; ++j) out[i][j] = scaled(m[i][j]);
    }
    return out;
  };
  S s;
  for (const Fr& k : c.optimized_constants) s.round_constants.push_back(k.montgomery());
  s.mds = scaled_matrix(c.mds);
  s.pre_partial_mds = scaled_matrix(c.pre_partial_mds);
  const std::size_t rounds = c.sparse_mds.size();
  for (std::size_t p = 0; p < rounds; ++p) {
    const SparseMds& sparse = c.sparse_mds[p];
    typename S::PartialRow row{};
    row[0] = scaled(sparse.m00);
    for (std::size_t j = 1; j < Width; ++j) row[j] = scaled(sparse.row[j - 1]);
    for (std::size_t q = p - p % S::kBatch; q < p; ++q) {
      Fr e;
      for (std::size_t j = 0; j + 1 < Width; ++j) e += sparse.row[j] * c.sparse_mds[q].column[j];
      row[Width + q % S::kBatch] = scaled(e);
    }
    s.partial_rows.push_back(row);
  }
  for (std::size_t q = 0; q < rounds; q += S::kBatch) {
    std::array<typename S::Update, Width> update{};
    for (std::size_t j = 1; j < Width; ++j) {
      update[j][0] = scaled(Fr::one());
      for (std::size_t d = 0; d < S::kBatch && q + d < rounds; ++d) {
        update[j][d + 1] = scaled(c.sparse_mds[q + d].column[j - 1]);
      }
    }
    s.updates.push_back(update);
  }
  s.domain_tag = c.domain_tag.montgomery();
  return s;
}

// x^5 of x + k. (Fr's multiplication: its latency beats fr_wide::mul's on this dependent chain.)
inline fr_wide::Limbs quintic_of_sum(const fr_wide::Limbs& x, const fr_wide::Limbs& k) {
  const Fr y = Fr::from_montgomery(fr_wide::add(x, k));
  const Fr y2 = y * y;
  return (y2 * y2 * y).montgomery();
}

template <std::size_t Width>
Fr hash_with_width(const PoseidonConstants& c, const Fr* inputs, std::size_t count) {
  using S = Schedule<Width>;
  static const S s = make_schedule<Width>(c);
  constexpr std::size_t kBatch = S::kBatch;
  using State = typename S::Row;
  State state{}, mixed;
  state[0] = s.domain_tag;
  for (std::size_t i = 0; i < count; ++i) state[i + 1] = inputs[i].montgomery();
  const fr_wide::Limbs* k = s.round_constants.data();
  auto full_round = [&](const std::array<State, Width>& mds) {
    for (std::size_t i = 0; i < Width; ++i) state[i] = quintic_of_sum(state[i], k[i]);
    k += Width;
    for (std::size_t i = 0; i < Width; ++i) {
      mixed[i] = fr_wide::reduce_sum_of_products<Width, 5>(mds[i].data(), state.data());
    }
    state = mixed;
  };
  const std::size_t half = c.full_rounds / 2;
  for (std::size_t r = 0; r + 1 < half; ++r) full_round(s.mds);
  full_round(s.pre_partial_mds);

  // values = (s0 of this round, y_1.., s0 of the batch's rounds so far); terms = (y_j, s0..).
  std::array<fr_wide::Limbs, Width + kBatch> values;
  std::array<fr_wide::Limbs, kBatch + 1> terms{};
  std::copy(state.begin(), state.end(), values.begin());
  fr_wide::Limbs first = state[0];
  const std::size_t rounds = c.partial_rounds;
  std::size_t q = 0, batch = 0;  // the batch's first round and its number of rounds
  auto partial_round = [&]<std::size_t Offset>(std::integral_constant<std::size_t, Offset>) {
    if (Offset >= batch) return;
    values[0] = quintic_of_sum(first, *k++);
    values[Width + Offset] = values[0];
    terms[Offset + 1] = values[0];
    first = fr_wide::reduce_sum_of_products<Width + Offset, 5>(s.partial_rows[q + Offset].data(),
                                                               values.data());
  };
  auto batch_rounds = [&]<std::size_t... Offset>(std::index_sequence<Offset...>) {
    (partial_round(std::integral_constant<std::size_t, Offset>{}), ...);
  };
  for (; q < rounds; q += kBatch) {
    batch = std::min(kBatch, rounds - q);
    batch_rounds(std::make_index_sequence<kBatch>{});
    for (std::size_t d = batch; d < kBatch; ++d) terms[d + 1] = fr_wide::Limbs{};
    const auto& update = s.updates[q / kBatch];
    for (std::size_t j = 1; j < Width; ++j) {
      terms[0] = values[j];
      values[j] = fr_wide::reduce_sum_of_products<kBatch + 1, 5>(update[j].data(), terms.data());
    }
  }
  state[0] = first;
  std::copy(values.begin() + 1, values.begin() + Width, state.begin() + 1);
  for (std::size_t r = 0; r < half; ++r) full_round(s.mds);
  return Fr::from_montgomery(state[1]);
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
  switch (arity) {
    case 2:
      return hash_with_width<3>(c, inputs, count);
    case 4:
      return hash_with_width<5>(c, inputs, count);
    case 8:
      return hash_with_width<9>(c, inputs, count);
    case 11:
      return hash_with_width<12>(c, inputs, count);
    default:
      return hash_with_width<17>(c, inputs, count);
  }
}

}  // namespace tessera::crypto
