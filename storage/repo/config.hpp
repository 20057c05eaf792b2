// lotus-miner config.toml: defaults, decoding over defaults with LOTUS_* env overrides, and
// rendering in lotus's layout (every key at its default commented out). Schema: config_schema.hpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::repo {

class Config {
 public:
  Config();  // same as defaults()
  ~Config();
  Config(const Config&);
  Config& operator=(const Config&);
  Config(Config&&) noexcept;
  Config& operator=(Config&&) noexcept;

  // The default StorageMiner config (lotus v1.23.3 defaults + later Subsystems keys).
  static Config defaults();

  // Decodes the TOML file over the defaults, then applies env overrides LOTUS_<SECTION>_<KEY>
  // (see config.cpp). A missing file gives the defaults (as lotus). Unknown keys/sections are
  // appended to *warnings (if given) and logged to the "config" logger. Invalid TOML or a wrong
  // type for a known key throws InvalidInput naming file:line and the key.
  static Config load(const std::filesystem::path& file, std::vector<std::string>* warnings);

  // Same as load() but from text; `origin` names the source in messages. Env overrides apply
  // only when apply_env is true.
  static Config parse(std::string_view toml_text, std::string_view origin,
                      std::vector<std::string>* warnings, bool apply_env = true);

  // Typed getters. Throw NotFound for an unknown key and InvalidInput when the key has another
  // type (kString getters also read kFil values; kInt getters also read kUint values).
  std::string get_string(std::string_view section, std::string_view key) const;
  bool get_bool(std::string_view section, std::string_view key) const;
  int64_t get_int(std::string_view section, std::string_view key) const;
  std::chrono::nanoseconds get_duration(std::string_view section, std::string_view key) const;
  std::vector<std::string> get_string_array(std::string_view section, std::string_view key) const;
  std::map<std::string, std::string> get_map(std::string_view section, std::string_view key) const;

  // Sets a key from TOML value text ("\"30s\"", "true", "42", "[\"a\"]", "{ a = \"INFO\" }").
  // Throws NotFound for an unknown key, InvalidInput for bad text or a wrong type.
  void set(std::string_view section, std::string_view key, std::string_view toml_value);
  // Typed setters; same errors as set(). Durations and FIL strings are validated.
  void set_string(std::string_view section, std::string_view key, std::string value);
  void set_bool(std::string_view section, std::string_view key, bool value);
  void set_int(std::string_view section, std::string_view key, int64_t value);
  void set_duration(std::string_view section, std::string_view key, std::chrono::nanoseconds d);
  void set_string_array(std::string_view section, std::string_view key,
                        std::vector<std::string> value);
  void set_map(std::string_view section, std::string_view key,
               std::map<std::string, std::string> value);

  // True when the key holds its default value.
  bool is_default(std::string_view section, std::string_view key) const;

  // Renders in lotus's layout. commented_defaults=true: keys equal to the default are written
  // commented ("  #Key = value"), changed keys uncommented (`lotus-miner config updated`);
  // false: every key uncommented. Parsing the result gives back an equal Config.
  std::string render_toml(bool commented_defaults) const;

  bool operator==(const Config& other) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The full default file with every key commented out: what `lotus-miner init` writes to
// config.toml and `lotus-miner config default` prints.
std::string default_toml_commented();

}  // namespace tessera::repo
