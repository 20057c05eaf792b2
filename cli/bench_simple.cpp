#include "cli/bench_simple.hpp"

#include <algorithm>
#include <charconv>
#include <ostream>

#include "chain/types/id_address.hpp"
#include "cli/size_format.hpp"
#include "common/cid/cid.hpp"
#include "common/error.hpp"
#include "crypto/blake2b.hpp"

namespace tessera::cli {

BenchSector bench_sector(const Context& ctx) {
  BenchSector sector;
  sector.actor_id = chain::parse_id_address(ctx.string("miner-addr"));
  try {
    sector.proof = &porep::seal_proof_for_size(parse_byte_size(ctx.string("sector-size")));
  } catch (const InvalidInput& e) {
    throw InvalidInput("--sector-size " + ctx.string("sector-size") + ": " + e.what() +
                       " (sealing supports 2KiB, 8MiB, 512MiB, 32GiB and 64GiB)");
  }
  return sector;
}

void refuse_porep_variants(const Context& ctx) {
  if (ctx.boolean("synthetic") && ctx.boolean("non-interactive")) {
    throw UsageError("can't use both synthetic and non-interactive");
  }
  if (ctx.boolean("synthetic")) {
    throw NotImplemented("synthetic PoRep is not implemented in tessera");
  }
  if (ctx.boolean("non-interactive")) {
    throw NotImplemented("NI-PoRep is not implemented in tessera");
  }
}

crypto::Digest32 randomness_from_flag(const Context& ctx, std::string_view flag,
                                      std::uint8_t fill) {
  crypto::Digest32 out;
  if (!ctx.is_set(flag)) {
    out.fill(fill);
    return out;
  }
  const Bytes digest = crypto::blake2b(to_bytes(ctx.string(flag)), 32);
  std::copy(digest.begin(), digest.end(), out.begin());
  return out;
}

crypto::Digest32 parse_commitment_arg(std::string_view text, bool sealed, std::string_view what) {
  cid::Cid parsed;
  try {
    parsed = cid::Cid::parse(text);
  } catch (const InvalidInput& e) {
    throw InvalidInput("parse " + std::string(what) + ": " + e.what());
  }
  const auto expected =
      sealed ? cid::commitment_sealed_cid(Bytes(32)) : cid::commitment_unsealed_cid(Bytes(32));
  if (parsed.codec != expected.codec || parsed.mh_code != expected.mh_code ||
      parsed.digest.size() != 32) {
    throw InvalidInput(
        "parse " + std::string(what) + ": " + std::string(text) + " is not a " +
        (sealed ? "sealed (CommR, bagboea...)" : "piece/unsealed (CommD, baga6ea...)") +
        " commitment CID");
  }
  crypto::Digest32 out;
  std::copy(parsed.digest.begin(), parsed.digest.end(), out.begin());
  return out;
}

std::string commitment_cid(const crypto::Digest32& commitment, bool sealed) {
  const Bytes raw(commitment.begin(), commitment.end());
  return (sealed ? cid::commitment_sealed_cid(raw) : cid::commitment_unsealed_cid(raw)).to_string();
}

std::uint64_t parse_u64_arg(std::string_view text, std::string_view what) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    throw UsageError("parsing " + std::string(what) + ": \"" + std::string(text) +
                     "\" is not an unsigned integer");
  }
  return value;
}

void print_timing(const Context& ctx, std::string_view stage, std::chrono::nanoseconds took,
                  std::uint64_t bytes) {
  ctx.out() << stage << " " << go_duration_string(took) << " ("
            << bytes_per_second(static_cast<double>(bytes), took) << ")\n";
}

}  // namespace tessera::cli
