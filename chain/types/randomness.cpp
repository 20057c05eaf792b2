#include "chain/types/randomness.hpp"

#include <cstring>

#include "common/cbor/cbor.hpp"
#include "crypto/blake2b.hpp"

namespace tessera::chain {
namespace {

void put_i64_be(Bytes& out, std::int64_t v) {
  for (int i = 7; i >= 0; --i)
    out.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(v) >> (8 * i)));
}

crypto::Digest32 to_digest(const Bytes& b) {
  crypto::Digest32 d;
  std::memcpy(d.data(), b.data(), 32);
  return d;
}

}  // namespace

crypto::Digest32 draw_randomness_from_digest(const crypto::Digest32& digest,
                                             DomainSeparationTag tag, std::int64_t epoch,
                                             const Bytes& entropy) {
  Bytes input;
  input.reserve(48 + entropy.size());
  put_i64_be(input, static_cast<std::int64_t>(tag));
  input.insert(input.end(), digest.begin(), digest.end());
  put_i64_be(input, epoch);
  input.insert(input.end(), entropy.begin(), entropy.end());
  return to_digest(crypto::blake2b(input, 32));
}

crypto::Digest32 draw_randomness(const Bytes& base, DomainSeparationTag tag, std::int64_t epoch,
                                 const Bytes& entropy) {
  return draw_randomness_from_digest(to_digest(crypto::blake2b(base, 32)), tag, epoch, entropy);
}

Bytes address_entropy(const Address& address) {
  cbor::Writer w;
  w.write_bytes(address.to_bytes());
  return w.take();
}

}  // namespace tessera::chain
