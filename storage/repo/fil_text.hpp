// FIL amounts as lotus writes them in config.toml ("0.025 FIL", "0 FIL"): types.ParseFIL rules
// and FIL.String() formatting.
#pragma once

#include <string>
#include <string_view>

namespace tessera::repo {

// The amount in attoFIL as a decimal integer string ("-" prefixed when negative), accepting
// lotus ParseFIL syntax: "<decimal>[ ]<FIL|fil|attoFIL|afil|>" (suffix optional, any case).
// Throws InvalidInput on bad syntax, on a fractional attoFIL amount, or >50 digit numbers.
std::string parse_fil_to_atto(std::string_view text);

// The canonical text lotus writes for the amount: "<n> FIL" with trailing zeros trimmed.
std::string normalize_fil(std::string_view text);

}  // namespace tessera::repo
