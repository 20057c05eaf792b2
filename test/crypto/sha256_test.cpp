#include <catch2/catch.hpp>

#include <string>

#include "crypto/sha256.hpp"

using namespace tessera;
using namespace tessera::crypto;

namespace {

std::string hex_of(const Digest32& d) { return hex_encode(Bytes(d.begin(), d.end())); }

std::vector<Sha256Impl> implementations() {
  std::vector<Sha256Impl> impls{Sha256Impl::kPortable};
  if (sha_ni_available()) impls.push_back(Sha256Impl::kShaNi);
  return impls;
}

Digest32 digest_with(Sha256Impl impl, const Bytes& message) {
  // Pads by hand so the chosen implementation is the only one involved.
  Bytes padded = message;
  padded.push_back(0x80);
  while (padded.size() % 64 != 56) padded.push_back(0);
  std::uint64_t bits = message.size() * 8;
  for (int i = 7; i >= 0; --i) padded.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
  Sha256State state = kSha256Init;
  sha256_compress_with(impl, state, padded.data(), padded.size() / 64);
  Digest32 out;
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<std::uint8_t>(state[i] >> (24 - 8 * j));
  }
  return out;
}

}  // namespace

// FIPS 180-4 examples (NIST CSRC "Example Algorithms", SHA-256).
TEST_CASE("SHA-256 NIST vectors on every implementation", "[sha256]") {
  INFO("SHA-NI available: " << sha_ni_available());
  for (auto impl : implementations()) {
    CHECK(hex_of(digest_with(impl, to_bytes(""))) ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex_of(digest_with(impl, to_bytes("abc"))) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex_of(digest_with(
              impl, to_bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  }
}

TEST_CASE("SHA-256 incremental hashing matches one-shot at every split", "[sha256]") {
  Bytes million(1000000, 'a');
  CHECK(hex_of(sha256(million)) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  Bytes data(300);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7 + 3);
  auto whole = sha256(data);
  for (std::size_t split = 0; split <= data.size(); split += 13) {
    Sha256 h;
    h.update(data.data(), split).update(data.data() + split, data.size() - split);
    CHECK(h.finish() == whole);
  }
}

TEST_CASE("SHA-NI and portable compressions agree on random blocks", "[sha256]") {
  if (!sha_ni_available()) return;
  Bytes blocks(64 * 37);
  std::uint32_t x = 12345;
  for (auto& b : blocks) {
    x = x * 1103515245 + 12345;
    b = static_cast<std::uint8_t>(x >> 16);
  }
  Sha256State a = kSha256Init, b = kSha256Init;
  sha256_compress_with(Sha256Impl::kPortable, a, blocks.data(), 37);
  sha256_compress_with(Sha256Impl::kShaNi, b, blocks.data(), 37);
  CHECK(a == b);
}

TEST_CASE("two-stream compression equals two single compressions", "[sha256]") {
  Bytes blocks(64 * 6);
  for (std::size_t i = 0; i < blocks.size(); ++i) blocks[i] = static_cast<std::uint8_t>(i * 31 + 1);
  Sha256State a = kSha256Init, b = kSha256Init, a1 = kSha256Init, b1 = kSha256Init;
  sha256_compress_x2(a, b, blocks.data(), blocks.data() + 192, 3);
  sha256_compress(a1, blocks.data(), 3);
  sha256_compress(b1, blocks.data() + 192, 3);
  CHECK(a == a1);
  CHECK(b == b1);
}
