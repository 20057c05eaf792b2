// config.toml decoding and rendering. Decoding follows lotus node/config/load.go: TOML decoded
// over the defaults (BurntSushi semantics: absent keys keep defaults, tables such as
// Logging.SubsystemLevels merge into the default map), then env overrides in the
// kelseyhightower/envconfig naming that lotus uses with prefix "LOTUS": the variable of a key is
// LOTUS_<SECTION>_<KEY> upper-cased, where a nested section's dots become '_'
// (LOTUS_FEES_MAXPRECOMMITBATCHGASFEE_BASE). Env values use envconfig's text forms: bools as Go
// strconv.ParseBool, integers as ParseInt base 0, lists comma-separated, maps "k:v,k2:v2"
// (replacing the whole map), durations and FIL as in the file.
#include "storage/repo/config.hpp"

#include <spdlog/spdlog.h>
#include <toml++/toml.h>
#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "common/error.hpp"
#include "common/log.hpp"
#include "storage/repo/config_schema.hpp"
#include "storage/repo/fil_text.hpp"
#include "common/file_util.hpp"
#include "storage/repo/go_duration.hpp"

namespace tessera::repo {
namespace {

struct Value {
  ConfigType type = ConfigType::kString;
  std::string text;  // kString, kFil (normalized)
  bool boolean = false;
  int64_t integer = 0;  // kInt, kUint, kDuration (nanoseconds)
  std::vector<std::string> list;
  std::map<std::string, std::string> map;

  bool operator==(const Value& o) const {
    if (type != o.type) return false;
    switch (type) {
      case ConfigType::kString:
      case ConfigType::kFil:
        return text == o.text;
      case ConfigType::kBool:
        return boolean == o.boolean;
      case ConfigType::kInt:
      case ConfigType::kUint:
      case ConfigType::kDuration:
        return integer == o.integer;
      case ConfigType::kStringArray:
        return list == o.list;
      case ConfigType::kMap:
        return map == o.map;
    }
    return false;
  }
};

std::string key_name(const ConfigKeySpec& spec) {
  return std::string(spec.section) + "." + std::string(spec.key);
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == '.') c = '_';
  }
  return out;
}

std::string env_name(const ConfigKeySpec& spec) {
  return "LOTUS_" + upper(spec.section) + "_" + upper(spec.key);
}

std::string_view toml_type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "string";
    case toml::node_type::integer:
      return "integer";
    case toml::node_type::floating_point:
      return "float";
    case toml::node_type::boolean:
      return "bool";
    case toml::node_type::date:
      return "date";
    case toml::node_type::time:
      return "time";
    case toml::node_type::date_time:
      return "date-time";
    case toml::node_type::array:
      return "array";
    case toml::node_type::table:
      return "table";
    default:
      return "none";
  }
}

// Where a node came from, as "<origin>:<line>".
std::string where(std::string_view origin, const toml::node& node) {
  std::string out(origin);
  if (node.source().begin.line > 0) out += ":" + std::to_string(node.source().begin.line);
  return out;
}

[[noreturn]] void type_error(std::string_view origin, const toml::node& node,
                             const std::string& key, std::string_view why) {
  throw InvalidInput(where(origin, node) + ": config key " + key + ": " + std::string(why));
}

// Converts a TOML node to a value of the spec's type. For maps, entries merge into `into`.
void decode_node(const ConfigKeySpec& spec, const toml::node& node, std::string_view origin,
                 Value& into) {
  const std::string key = key_name(spec);
  auto expected = [&]() {
    return "expected " + std::string(config_type_name(spec.type)) + ", got " +
           std::string(toml_type_name(node));
  };
  Value v;
  v.type = spec.type;
  switch (spec.type) {
    case ConfigType::kString:
      if (!node.is_string()) type_error(origin, node, key, expected());
      v.text = node.as_string()->get();
      break;
    case ConfigType::kFil:
      if (!node.is_string()) type_error(origin, node, key, expected());
      try {
        v.text = normalize_fil(node.as_string()->get());
      } catch (const InvalidInput& e) {
        type_error(origin, node, key, e.what());
      }
      break;
    case ConfigType::kBool:
      if (!node.is_boolean()) type_error(origin, node, key, expected());
      v.boolean = node.as_boolean()->get();
      break;
    case ConfigType::kInt:
    case ConfigType::kUint:
      if (!node.is_integer()) type_error(origin, node, key, expected());
      v.integer = node.as_integer()->get();
      if (spec.type == ConfigType::kUint && v.integer < 0) {
        type_error(origin, node, key, "negative value for an unsigned integer");
      }
      break;
    case ConfigType::kDuration:
      if (!node.is_string()) type_error(origin, node, key, expected());
      try {
        v.integer = parse_go_duration(node.as_string()->get()).count();
      } catch (const InvalidInput& e) {
        type_error(origin, node, key, e.what());
      }
      break;
    case ConfigType::kStringArray: {
      const toml::array* arr = node.as_array();
      if (arr == nullptr) type_error(origin, node, key, expected());
      for (const toml::node& el : *arr) {
        if (!el.is_string()) {
          type_error(origin, el, key,
                     "expected array of strings, found an element of type " +
                         std::string(toml_type_name(el)));
        }
        v.list.push_back(el.as_string()->get());
      }
      break;
    }
    case ConfigType::kMap: {
      const toml::table* tbl = node.as_table();
      if (tbl == nullptr) type_error(origin, node, key, expected());
      v.map = into.map;  // BurntSushi decodes a table into the existing map: merge
      for (const auto& [k, el] : *tbl) {
        if (!el.is_string()) {
          type_error(origin, el, key + "." + std::string(k.str()),
                     "expected string, got " + std::string(toml_type_name(el)));
        }
        v.map[std::string(k.str())] = el.as_string()->get();
      }
      break;
    }
  }
  into = std::move(v);
}

bool is_known_section(std::string_view name) {
  for (std::string_view s : config_sections()) {
    if (s == name) return true;
  }
  return false;
}

// Go strconv.ParseBool.
bool parse_go_bool(std::string_view s) {
  if (s == "1" || s == "t" || s == "T" || s == "true" || s == "TRUE" || s == "True") return true;
  if (s == "0" || s == "f" || s == "F" || s == "false" || s == "FALSE" || s == "False") {
    return false;
  }
  throw InvalidInput("invalid syntax for a bool: \"" + std::string(s) + "\"");
}

// Go strconv.ParseInt(s, 0, 64) for the forms people use: decimal, 0x, 0o/0 octal, 0b.
int64_t parse_go_int(std::string_view s) {
  std::string t;
  for (char c : s) {
    if (c != '_') t += c;  // base-0 parsing allows digit separators
  }
  bool neg = false;
  size_t i = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
    neg = t[i] == '-';
    ++i;
  }
  int base = 10;
  if (t.size() - i > 1 && t[i] == '0') {
    char p = static_cast<char>(t[i + 1] | 0x20);
    if (p == 'x') {
      base = 16;
      i += 2;
    } else if (p == 'b') {
      base = 2;
      i += 2;
    } else if (p == 'o') {
      base = 8;
      i += 2;
    } else {
      base = 8;
      i += 1;
    }
  }
  std::string digits = t.substr(i);
  if (digits.empty() || digits[0] == '+' || digits[0] == '-') {
    throw InvalidInput("invalid syntax for an integer: \"" + std::string(s) + "\"");
  }
  errno = 0;
  char* end = nullptr;
  unsigned long long mag = std::strtoull(digits.c_str(), &end, base);
  if (end != digits.c_str() + digits.size()) {
    throw InvalidInput("invalid syntax for an integer: \"" + std::string(s) + "\"");
  }
  const unsigned long long max_pos = static_cast<unsigned long long>(INT64_MAX);
  if (errno == ERANGE || mag > max_pos + (neg ? 1 : 0)) {
    throw InvalidInput("value out of range: \"" + std::string(s) + "\"");
  }
  if (neg) return mag == max_pos + 1 ? INT64_MIN : -static_cast<int64_t>(mag);
  return static_cast<int64_t>(mag);
}

Value decode_env(const ConfigKeySpec& spec, const std::string& text) {
  Value v;
  v.type = spec.type;
  switch (spec.type) {
    case ConfigType::kString:
      v.text = text;
      break;
    case ConfigType::kFil:
      v.text = normalize_fil(text);
      break;
    case ConfigType::kBool:
      v.boolean = parse_go_bool(text);
      break;
    case ConfigType::kInt:
      v.integer = parse_go_int(text);
      break;
    case ConfigType::kUint:
      if (!text.empty() && text[0] == '-')
        throw InvalidInput("negative value for an unsigned integer");
      v.integer = parse_go_int(text);
      break;
    case ConfigType::kDuration:
      v.integer = parse_go_duration(text).count();
      break;
    case ConfigType::kStringArray: {
      if (trim_space(text).empty()) break;
      size_t start = 0;
      for (;;) {
        size_t comma = text.find(',', start);
        v.list.push_back(text.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      break;
    }
    case ConfigType::kMap: {
      if (trim_space(text).empty()) break;
      size_t start = 0;
      for (;;) {
        size_t comma = text.find(',', start);
        std::string item = text.substr(start, comma - start);
        size_t colon = item.find(':');
        if (colon == std::string::npos) throw InvalidInput("invalid map item: \"" + item + "\"");
        v.map[item.substr(0, colon)] = item.substr(colon + 1);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      break;
    }
  }
  return v;
}

// TOML basic-string quoting as Go's BurntSushi encoder writes it.
std::string quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          static const char* kHex = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string map_key_text(std::string_view k) {
  bool bare = !k.empty();
  for (char c : k) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    bare = bare && ok;
  }
  return bare ? std::string(k) : quote(k);
}

std::string value_text(const Value& v) {
  switch (v.type) {
    case ConfigType::kString:
    case ConfigType::kFil:
      return quote(v.text);
    case ConfigType::kBool:
      return v.boolean ? "true" : "false";
    case ConfigType::kInt:
    case ConfigType::kUint:
      return std::to_string(v.integer);
    case ConfigType::kDuration:
      return quote(format_go_duration(std::chrono::nanoseconds(v.integer)));
    case ConfigType::kStringArray: {
      std::string out = "[";
      for (size_t i = 0; i < v.list.size(); ++i) {
        if (i > 0) out += ", ";
        out += quote(v.list[i]);
      }
      return out + "]";
    }
    case ConfigType::kMap:
      break;  // rendered entry by entry
  }
  return "";
}

}  // namespace

struct Config::Impl {
  std::vector<Value> values;  // parallel to config_schema()

  size_t index_of(std::string_view section, std::string_view key) const {
    auto schema = config_schema();
    for (size_t i = 0; i < schema.size(); ++i) {
      if (schema[i].section == section && schema[i].key == key) return i;
    }
    throw NotFound("unknown config key " + std::string(section) + "." + std::string(key));
  }

  const Value& get(std::string_view section, std::string_view key, ConfigType want,
                   ConfigType also) const {
    const Value& v = values[index_of(section, key)];
    if (v.type != want && v.type != also) {
      throw InvalidInput("config key " + std::string(section) + "." + std::string(key) + " is a " +
                         std::string(config_type_name(v.type)) + ", not a " +
                         std::string(config_type_name(want)));
    }
    return v;
  }

  Value& get_for_set(std::string_view section, std::string_view key, ConfigType want) {
    Value& v = values[index_of(section, key)];
    if (v.type != want && !(want == ConfigType::kString && v.type == ConfigType::kFil) &&
        !(want == ConfigType::kInt && v.type == ConfigType::kUint)) {
      throw InvalidInput("config key " + std::string(section) + "." + std::string(key) + " is a " +
                         std::string(config_type_name(v.type)) + ", not a " +
                         std::string(config_type_name(want)));
    }
    return v;
  }
};

namespace {

const std::vector<Value>& default_values() {
  static const std::vector<Value> values = [] {
    std::vector<Value> out;
    for (const ConfigKeySpec& spec : config_schema()) {
      // Each default is parsed from its TOML text, the same way a file value is.
      std::string doc = "v = " + std::string(spec.default_toml);
      toml::table tbl = toml::parse(std::string_view(doc), std::string_view("<defaults>"));
      Value v;
      decode_node(spec, *tbl.get("v"), "<defaults>", v);
      out.push_back(std::move(v));
    }
    return out;
  }();
  return values;
}

using Warnings = std::vector<std::pair<uint32_t, std::string>>;  // (line, message)

void decode_table(const toml::table& table, const std::string& path, std::string_view origin,
                  std::vector<Value>& values, Warnings& warnings) {
  auto schema = config_schema();
  for (const auto& [k, node] : table) {
    std::string key(k.str());
    std::string full = path.empty() ? key : path + "." + key;
    bool found = false;
    for (size_t i = 0; i < schema.size(); ++i) {
      if (schema[i].section == path && schema[i].key == key) {
        decode_node(schema[i], node, origin, values[i]);
        found = true;
        break;
      }
    }
    if (found) continue;
    if (is_known_section(full)) {
      const toml::table* sub = node.as_table();
      if (sub == nullptr) {
        throw InvalidInput(where(origin, node) + ": config section " + full +
                           ": expected a table, got " + std::string(toml_type_name(node)));
      }
      decode_table(*sub, full, origin, values, warnings);
      continue;
    }
    std::string msg = where(origin, node) + ": unknown config " +
                      (node.is_table() ? "section [" + full + "]" : "key " + full) + " (ignored)";
    warnings.emplace_back(node.source().begin.line, std::move(msg));
  }
}

void apply_env(std::vector<Value>& values) {
  auto schema = config_schema();
  for (size_t i = 0; i < schema.size(); ++i) {
    std::string name = env_name(schema[i]);
    const char* env = std::getenv(name.c_str());
    if (env == nullptr) continue;
    try {
      values[i] = decode_env(schema[i], env);
    } catch (const InvalidInput& e) {
      throw InvalidInput("processing env vars overrides: " + name + "=\"" + env +
                         "\": " + e.what());
    }
  }
}

}  // namespace

Config::Config() : impl_(std::make_unique<Impl>()) {
  impl_->values = default_values();
}
Config::~Config() = default;
Config::Config(const Config& o) : impl_(std::make_unique<Impl>(*o.impl_)) {}
Config& Config::operator=(const Config& o) {
  if (this != &o) impl_ = std::make_unique<Impl>(*o.impl_);
  return *this;
}
Config::Config(Config&&) noexcept = default;
Config& Config::operator=(Config&&) noexcept = default;

Config Config::defaults() {
  return Config();
}

Config Config::parse(std::string_view toml_text, std::string_view origin,
                     std::vector<std::string>* warnings, bool with_env) {
  Config cfg;
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    throw InvalidInput(std::string(origin) + ":" + std::to_string(e.source().begin.line) +
                       ": invalid TOML: " + std::string(e.description()));
  }
  Warnings found;
  decode_table(root, "", origin, cfg.impl_->values, found);
  // toml++ tables iterate in key order; report in file order.
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [line, msg] : found) {
    TLOG_WARN(log::get("config"), "{}", msg);
    if (warnings != nullptr) warnings->push_back(std::move(msg));
  }
  if (with_env) apply_env(cfg.impl_->values);
  return cfg;
}

Config Config::load(const std::filesystem::path& file, std::vector<std::string>* warnings) {
  std::optional<std::string> text = read_file_if_exists(file);
  if (!text) {
    Config cfg;
    apply_env(cfg.impl_->values);
    return cfg;
  }
  return parse(*text, file.string(), warnings, true);
}

std::string Config::get_string(std::string_view section, std::string_view key) const {
  return impl_->get(section, key, ConfigType::kString, ConfigType::kFil).text;
}
bool Config::get_bool(std::string_view section, std::string_view key) const {
  return impl_->get(section, key, ConfigType::kBool, ConfigType::kBool).boolean;
}
int64_t Config::get_int(std::string_view section, std::string_view key) const {
  return impl_->get(section, key, ConfigType::kInt, ConfigType::kUint).integer;
}
std::chrono::nanoseconds Config::get_duration(std::string_view section,
                                              std::string_view key) const {
  return std::chrono::nanoseconds(
      impl_->get(section, key, ConfigType::kDuration, ConfigType::kDuration).integer);
}
std::vector<std::string> Config::get_string_array(std::string_view section,
                                                  std::string_view key) const {
  return impl_->get(section, key, ConfigType::kStringArray, ConfigType::kStringArray).list;
}
std::map<std::string, std::string> Config::get_map(std::string_view section,
                                                   std::string_view key) const {
  return impl_->get(section, key, ConfigType::kMap, ConfigType::kMap).map;
}

void Config::set(std::string_view section, std::string_view key, std::string_view toml_value) {
  size_t i = impl_->index_of(section, key);
  const ConfigKeySpec& spec = config_schema()[i];
  std::string doc = "v = " + std::string(toml_value);
  toml::table tbl;
  try {
    tbl = toml::parse(std::string_view(doc), std::string_view("<value>"));
  } catch (const toml::parse_error& e) {
    throw InvalidInput("config key " + key_name(spec) + ": invalid TOML value \"" +
                       std::string(toml_value) + "\": " + std::string(e.description()));
  }
  if (tbl.size() != 1 || tbl.get("v") == nullptr) {
    throw InvalidInput("config key " + key_name(spec) + ": invalid TOML value \"" +
                       std::string(toml_value) + "\"");
  }
  Value v;  // set() replaces a map rather than merging
  v.type = spec.type;
  decode_node(spec, *tbl.get("v"), "<value>", v);
  impl_->values[i] = std::move(v);
}

void Config::set_string(std::string_view section, std::string_view key, std::string value) {
  Value& v = impl_->get_for_set(section, key, ConfigType::kString);
  v.text = v.type == ConfigType::kFil ? normalize_fil(value) : std::move(value);
}
void Config::set_bool(std::string_view section, std::string_view key, bool value) {
  impl_->get_for_set(section, key, ConfigType::kBool).boolean = value;
}
void Config::set_int(std::string_view section, std::string_view key, int64_t value) {
  Value& v = impl_->get_for_set(section, key, ConfigType::kInt);
  if (v.type == ConfigType::kUint && value < 0) {
    throw InvalidInput("config key " + std::string(section) + "." + std::string(key) +
                       ": negative value for an unsigned integer");
  }
  v.integer = value;
}
void Config::set_duration(std::string_view section, std::string_view key,
                          std::chrono::nanoseconds d) {
  impl_->get_for_set(section, key, ConfigType::kDuration).integer = d.count();
}
void Config::set_string_array(std::string_view section, std::string_view key,
                              std::vector<std::string> value) {
  impl_->get_for_set(section, key, ConfigType::kStringArray).list = std::move(value);
}
void Config::set_map(std::string_view section, std::string_view key,
                     std::map<std::string, std::string> value) {
  impl_->get_for_set(section, key, ConfigType::kMap).map = std::move(value);
}

bool Config::is_default(std::string_view section, std::string_view key) const {
  size_t i = impl_->index_of(section, key);
  return impl_->values[i] == default_values()[i];
}

bool Config::operator==(const Config& other) const {
  return impl_->values == other.impl_->values;
}

std::string Config::render_toml(bool commented_defaults) const {
  auto schema = config_schema();
  const std::vector<Value>& defs = default_values();
  std::string out;
  bool first = true;
  for (std::string_view section : config_sections()) {
    size_t depth = static_cast<size_t>(std::count(section.begin(), section.end(), '.'));
    std::string hpad(2 * depth, ' ');
    std::string pad(2 * (depth + 1), ' ');
    if (depth == 0 && !first) out += "\n";
    first = false;
    out += hpad + "[" + std::string(section) + "]\n";
    for (size_t i = 0; i < schema.size(); ++i) {
      const ConfigKeySpec& spec = schema[i];
      const Value& v = impl_->values[i];
      if (spec.type == ConfigType::kMap) {
        if (std::string(spec.section) + "." + std::string(spec.key) != section) continue;
        out += pad + "# " + std::string(spec.key) + ": " + std::string(spec.comment) + " (env " +
               env_name(spec) + "=\"name:LEVEL,...\")\n";
        for (const auto& [mk, mv] : v.map) {
          auto d = defs[i].map.find(mk);
          bool is_def = d != defs[i].map.end() && d->second == mv;
          out += pad + (commented_defaults && is_def ? "#" : "") + map_key_text(mk) + " = " +
                 quote(mv) + "\n\n";
        }
        continue;
      }
      if (spec.section != section) continue;
      out += pad + "# " + std::string(spec.key) + ": " + std::string(spec.comment) + "\n";
      out += pad + "#\n";
      if (!spec.go_type.empty()) out += pad + "# type: " + std::string(spec.go_type) + "\n";
      out += pad + "# env var: " + env_name(spec) + "\n";
      bool is_def = v == defs[i];
      out += pad + (commented_defaults && is_def ? "#" : "") + std::string(spec.key) + " = " +
             value_text(v) + "\n\n";
    }
  }
  return out;
}

std::string default_toml_commented() {
  return Config::defaults().render_toml(true);
}

}  // namespace tessera::repo
