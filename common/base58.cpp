#include "common/base58.hpp"

#include "common/error.hpp"

namespace tessera {
namespace {

constexpr char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

}  // namespace

std::string base58btc_encode(const Bytes& data) {
  size_t zeros = 0;
  while (zeros < data.size() && data[zeros] == 0) ++zeros;
  // Base-58 digits, least significant first; repeated division of the big-endian number.
  std::vector<uint8_t> digits;
  digits.reserve(data.size() * 138 / 100 + 1);
  for (size_t i = zeros; i < data.size(); ++i) {
    unsigned carry = data[i];
    for (uint8_t& d : digits) {
      carry += static_cast<unsigned>(d) << 8;
      d = static_cast<uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry > 0) {
      digits.push_back(static_cast<uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out(zeros, '1');
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out += kAlphabet[*it];
  return out;
}

Bytes base58btc_decode(std::string_view text) {
  size_t ones = 0;
  while (ones < text.size() && text[ones] == '1') ++ones;
  std::vector<uint8_t> bytes;  // little-endian base-256
  bytes.reserve(text.size());
  for (size_t i = ones; i < text.size(); ++i) {
    const char* p = nullptr;
    for (const char* a = kAlphabet; *a != 0; ++a) {
      if (*a == text[i]) p = a;
    }
    if (p == nullptr) {
      throw InvalidInput("invalid base58 character '" + std::string(1, text[i]) + "'");
    }
    unsigned carry = static_cast<unsigned>(p - kAlphabet);
    for (uint8_t& b : bytes) {
      carry += static_cast<unsigned>(b) * 58;
      b = static_cast<uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push_back(static_cast<uint8_t>(carry & 0xff));
      carry >>= 8;
    }
  }
  Bytes out(ones, 0);
  out.insert(out.end(), bytes.rbegin(), bytes.rend());
  return out;
}

}  // namespace tessera
