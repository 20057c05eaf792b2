// Byte-string encodings: hex, RFC 4648 base32 and base64 (standard and URL alphabets).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

using Bytes = std::vector<std::uint8_t>;

// Bytes of a string, byte for byte.
Bytes to_bytes(std::string_view s);
// String holding the given bytes, byte for byte.
std::string to_string(const Bytes& b);

// Lower-case hex of the bytes.
std::string hex_encode(const Bytes& data);
// Bytes from hex (either case); throws InvalidInput on odd length or a non-hex digit.
Bytes hex_decode(std::string_view hex);

enum class Base32Case { kUpper, kLower };
// first ‖ rest, in one allocation (building it with insert trips GCC 12's -Warray-bounds).
Bytes prefixed(std::uint8_t first, const Bytes& rest);

// RFC 4648 base32 (alphabet A-Z2-7) without padding, in the given case
// (keystore file names use upper case, multibase 'b' uses lower case).
std::string base32_encode(const Bytes& data, Base32Case letter_case);
// Decodes unpadded base32 in either case; throws InvalidInput on a bad character or length.
Bytes base32_decode(std::string_view text);

// Standard base64 with '=' padding (Go's base64.StdEncoding, used for []byte in JSON).
std::string base64_encode(const Bytes& data);
// Decodes standard base64; padding optional. Throws InvalidInput on bad input.
Bytes base64_decode(std::string_view text);
// URL-safe base64 without padding (RawURLEncoding, used by JWT).
std::string base64url_encode(const Bytes& data);
// Decodes unpadded URL-safe base64; throws InvalidInput on bad input.
Bytes base64url_decode(std::string_view text);

}  // namespace tessera
