#include "storage/repo/fil_text.hpp"

#include <cctype>

#include "common/error.hpp"

namespace tessera::repo {
namespace {

constexpr size_t kFilDecimals = 18;

[[noreturn]] void bad(std::string_view text, std::string_view why) {
  throw InvalidInput("invalid FIL value \"" + std::string(text) + "\": " + std::string(why));
}

std::string lower_trimmed(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string out;
  for (size_t i = b; i < e; ++i)
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
  return out;
}

}  // namespace

std::string parse_fil_to_atto(std::string_view text) {
  // The number is the leading run of "-.0123456789" (as lotus's strings.TrimLeft); the rest is
  // the unit suffix.
  size_t n = 0;
  while (n < text.size() &&
         (text[n] == '-' || text[n] == '.' || (text[n] >= '0' && text[n] <= '9'))) {
    ++n;
  }
  std::string_view num = text.substr(0, n);
  std::string suffix = lower_trimmed(text.substr(n));
  bool atto = false;
  if (suffix == "attofil" || suffix == "afil") {
    atto = true;
  } else if (!(suffix.empty() || suffix == "fil")) {
    bad(text, "unrecognized suffix \"" + std::string(text.substr(n)) + "\"");
  }
  if (num.size() > 50) bad(text, "string length too large");
  bool neg = false;
  if (!num.empty() && num[0] == '-') {
    neg = true;
    num.remove_prefix(1);
  }
  size_t dot = num.find('.');
  std::string_view int_part = num.substr(0, dot);
  std::string_view frac_part =
      dot == std::string_view::npos ? std::string_view() : num.substr(dot + 1);
  auto all_digits = [](std::string_view s) {
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if ((int_part.empty() && frac_part.empty()) || !all_digits(int_part) || !all_digits(frac_part)) {
    bad(text, "not a decimal number");
  }
  while (!frac_part.empty() && frac_part.back() == '0') frac_part.remove_suffix(1);
  size_t scale = atto ? 0 : kFilDecimals;
  if (frac_part.size() > scale) bad(text, atto ? "fractional attoFIL" : "more than 18 decimals");
  std::string digits(int_part);
  digits += frac_part;
  digits.append(scale - frac_part.size(), '0');
  size_t nz = digits.find_first_not_of('0');
  if (nz == std::string::npos) return "0";
  digits.erase(0, nz);
  return neg ? "-" + digits : digits;
}

std::string normalize_fil(std::string_view text) {
  std::string atto = parse_fil_to_atto(text);
  if (atto == "0") return "0 FIL";
  bool neg = atto[0] == '-';
  std::string digits = neg ? atto.substr(1) : atto;
  if (digits.size() <= kFilDecimals) digits.insert(0, kFilDecimals + 1 - digits.size(), '0');
  std::string whole = digits.substr(0, digits.size() - kFilDecimals);
  std::string frac = digits.substr(digits.size() - kFilDecimals);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  std::string out = (neg ? "-" : "") + whole;
  if (!frac.empty()) out += "." + frac;
  return out + " FIL";
}

}  // namespace tessera::repo
