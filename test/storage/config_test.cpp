// config.toml: schema, defaults, decoding the lotus default file, warnings, errors, env
// overrides, rendering, Go durations and FIL text.
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "common/error.hpp"
#include "storage/repo/config.hpp"
#include "storage/repo/config_schema.hpp"
#include "storage/repo/fil_text.hpp"
#include "storage/repo/go_duration.hpp"
#include "test/support/files.hpp"
#include "test/support/temp_dir.hpp"

using namespace std::chrono_literals;
using tessera::InvalidInput;
using tessera::NotFound;
using tessera::repo::Config;

namespace {

// test/fixtures/lotus-default-config.toml is `lotus-miner config default` of lotus v1.23.3
// (documentation/en/default-lotus-miner-config.toml at tag v1.23.3) with the long doc comments
// removed; config-full-uncommented.toml is the same with every key uncommented.
const std::string kFixtures = TESSERA_TEST_FIXTURES;
constexpr size_t kLotus1233KeyCount = 127;  // key lines in the v1.23.3 default file

// Sets an env var for the scope of a test.
struct EnvGuard {
  std::string name;
  EnvGuard(std::string n, const std::string& value) : name(std::move(n)) {
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  ~EnvGuard() { ::unsetenv(name.c_str()); }
};

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace

TEST_CASE("config schema covers the lotus v1.23.3 keys plus the later Subsystems keys", "[repo]") {
  auto schema = tessera::repo::config_schema();
  CHECK(schema.size() == kLotus1233KeyCount + 3);
  std::set<std::string> seen;
  for (const auto& spec : schema) {
    std::string full = std::string(spec.section) + "." + std::string(spec.key);
    CHECK(seen.insert(full).second);
    CHECK(!spec.comment.empty());
    CHECK(tessera::repo::find_config_key(spec.section, spec.key) == &spec);
  }
  CHECK(tessera::repo::find_config_key("API", "Nope") == nullptr);
  CHECK(seen.count("Subsystems.DisableWindowPoSt") == 1);
  CHECK(seen.count("Subsystems.DisableWinningPoSt") == 1);
  CHECK(seen.count("Subsystems.EnableSectorIndexDB") == 1);

  // Every key line of the lotus default file is in the schema, under the same table.
  std::istringstream in(tessera::test::read_file(kFixtures + "/lotus-default-config.toml"));
  std::string line, section;
  size_t keys = 0;
  for (; std::getline(in, line);) {
    std::string t = trim(line);
    if (t.empty()) continue;
    if (t[0] == '[') {
      section = t.substr(1, t.size() - 2);
      continue;
    }
    if (t.rfind("# ", 0) == 0) continue;
    REQUIRE(t[0] == '#');
    std::string key = t.substr(1, t.find(" = ") - 1);
    ++keys;
    if (section == "Logging.SubsystemLevels") {
      CHECK(tessera::repo::find_config_key("Logging", "SubsystemLevels") != nullptr);
    } else {
      INFO(section << "." << key);
      CHECK(tessera::repo::find_config_key(section, key) != nullptr);
    }
  }
  CHECK(keys == kLotus1233KeyCount);
}

TEST_CASE("config defaults match lotus v1.23.3", "[repo]") {
  Config c = Config::defaults();
  CHECK(c.get_string("API", "ListenAddress") == "/ip4/127.0.0.1/tcp/2345/http");
  CHECK(c.get_string("API", "RemoteListenAddress") == "127.0.0.1:2345");
  CHECK(c.get_duration("API", "Timeout") == 30s);
  CHECK(c.get_bool("Backup", "DisableMetadataLog"));
  CHECK(c.get_map("Logging", "SubsystemLevels") ==
        std::map<std::string, std::string>{{"example-subsystem", "INFO"}});
  CHECK(c.get_string_array("Libp2p", "ListenAddresses").size() == 6);
  CHECK(c.get_string_array("Libp2p", "AnnounceAddresses").empty());
  CHECK(c.get_int("Libp2p", "ConnMgrHigh") == 180);
  CHECK_FALSE(c.get_bool("Subsystems", "EnableMarkets"));
  CHECK(c.get_bool("Subsystems", "EnableMining"));
  CHECK_FALSE(c.get_bool("Subsystems", "DisableWindowPoSt"));
  CHECK(c.get_int("Proving", "ParallelCheckLimit") == 32);
  CHECK(c.get_duration("Sealing", "CommittedCapacitySectorLifetime") == 540 * 24h);
  CHECK(c.get_duration("Sealing", "WaitDealsDelay") == 6h);
  CHECK(c.get_int("Sealing", "MaxCommitBatch") == 819);
  CHECK(c.get_string("Sealing", "BatchPreCommitAboveBaseFee") == "0.00000000032 FIL");
  CHECK(c.get_string("Storage", "Assigner") == "utilization");
  CHECK(c.get_string("Fees", "MaxWindowPoStGasFee") == "5 FIL");
  CHECK(c.get_string("Fees.MaxPreCommitBatchGasFee", "PerSector") == "0.02 FIL");
  CHECK(c.get_string("Fees.MaxCommitBatchGasFee", "PerSector") == "0.03 FIL");
  CHECK(c.get_duration("DAGStore", "GCInterval") == 1min);
  CHECK(c == Config());
}

TEST_CASE("config getters and setters check names and types", "[repo]") {
  Config c;
  CHECK_THROWS_AS(c.get_string("API", "Missing"), NotFound);
  CHECK_THROWS_AS(c.get_bool("API", "ListenAddress"), InvalidInput);
  CHECK_THROWS_AS(c.get_duration("API", "ListenAddress"), InvalidInput);
  CHECK_THROWS_AS(c.get_int("Subsystems", "EnableMining"), InvalidInput);

  c.set("API", "Timeout", "\"1m\"");
  CHECK(c.get_duration("API", "Timeout") == 1min);
  CHECK_FALSE(c.is_default("API", "Timeout"));
  CHECK_THROWS_AS(c.set("API", "Timeout", "60"), InvalidInput);
  CHECK_THROWS_AS(c.set("API", "Timeout", "\"soon\""), InvalidInput);
  CHECK_THROWS_AS(c.set("API", "Timeout", "\"1m\" extra"), InvalidInput);
  CHECK_THROWS_AS(c.set("API", "Nope", "1"), NotFound);
  CHECK_THROWS_AS(c.set("Libp2p", "ConnMgrLow", "-1"), InvalidInput);
  c.set("Libp2p", "AnnounceAddresses", "[\"/ip4/1.2.3.4/tcp/1\"]");
  CHECK(c.get_string_array("Libp2p", "AnnounceAddresses") ==
        std::vector<std::string>{"/ip4/1.2.3.4/tcp/1"});

  c.set_string("Fees", "MaxCommitGasFee", "0.10 fil");
  CHECK(c.get_string("Fees", "MaxCommitGasFee") == "0.1 FIL");
  CHECK_THROWS_AS(c.set_string("Fees", "MaxCommitGasFee", "lots"), InvalidInput);
  c.set_bool("Subsystems", "EnableSealing", false);
  CHECK_FALSE(c.get_bool("Subsystems", "EnableSealing"));
  CHECK_THROWS_AS(c.set_bool("API", "ListenAddress", true), InvalidInput);
  c.set_int("Sealing", "MaxSealingSectors", 7);
  CHECK(c.get_int("Sealing", "MaxSealingSectors") == 7);
  CHECK_THROWS_AS(c.set_int("Sealing", "MaxSealingSectors", -7), InvalidInput);
  c.set_duration("Sealing", "WaitDealsDelay", 90min);
  CHECK(c.get_duration("Sealing", "WaitDealsDelay") == 90min);
  c.set_map("Logging", "SubsystemLevels", {{"rpc", "DEBUG"}});
  CHECK(c.get_map("Logging", "SubsystemLevels").size() == 1);
  CHECK_FALSE(c == Config::defaults());
}

TEST_CASE("config parses the lotus default file and its uncommented variant", "[repo]") {
  std::vector<std::string> warnings;
  Config commented = Config::load(kFixtures + "/lotus-default-config.toml", &warnings);
  CHECK(warnings.empty());
  CHECK(commented == Config::defaults());

  Config full = Config::load(kFixtures + "/config-full-uncommented.toml", &warnings);
  CHECK(warnings.empty());
  CHECK(full == Config::defaults());

  // A missing file gives the defaults, as lotus FromFile does.
  tessera::test::TempDir dir;
  CHECK(Config::load(dir / "none.toml", &warnings) == Config::defaults());
}

TEST_CASE("config decoding over defaults: changed keys, merged maps, unknown keys", "[repo]") {
  std::vector<std::string> warnings;
  Config c = Config::parse(
      "[API]\n"
      "  ListenAddress = \"/ip4/0.0.0.0/tcp/2345/http\"\n"
      "[Logging.SubsystemLevels]\n"
      "  rpc = \"DEBUG\"\n"
      "[Sealing]\n"
      "  BatchPreCommits = false\n"
      "  Bogus = 3\n"
      "[Fees.MaxCommitBatchGasFee]\n"
      "  Base = \"1 FIL\"\n"
      "[NoSuchSection]\n"
      "  X = 1\n",
      "cfg.toml", &warnings, false);
  CHECK(c.get_string("API", "ListenAddress") == "/ip4/0.0.0.0/tcp/2345/http");
  CHECK(c.get_duration("API", "Timeout") == 30s);  // untouched keys keep defaults
  CHECK_FALSE(c.get_bool("Sealing", "BatchPreCommits"));
  CHECK(c.get_string("Fees.MaxCommitBatchGasFee", "Base") == "1 FIL");
  CHECK(c.get_string("Fees.MaxPreCommitBatchGasFee", "Base") == "0 FIL");
  // BurntSushi decodes a table into the existing default map.
  CHECK(c.get_map("Logging", "SubsystemLevels") ==
        std::map<std::string, std::string>{{"example-subsystem", "INFO"}, {"rpc", "DEBUG"}});
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].find("cfg.toml:7") != std::string::npos);
  CHECK(warnings[0].find("Sealing.Bogus") != std::string::npos);
  CHECK(warnings[1].find("NoSuchSection") != std::string::npos);
}

TEST_CASE("config errors name file, line and key", "[repo]") {
  auto error_of = [](const std::string& text) {
    try {
      Config::parse(text, "/r/config.toml", nullptr, false);
    } catch (const InvalidInput& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string e = error_of("[API]\n\n  Timeout = 30\n");
  CHECK(e.find("/r/config.toml:3") != std::string::npos);
  CHECK(e.find("API.Timeout") != std::string::npos);
  e = error_of("[Sealing]\nWaitDealsDelay = \"6 hours\"\n");
  CHECK(e.find("/r/config.toml:2") != std::string::npos);
  CHECK(e.find("Sealing.WaitDealsDelay") != std::string::npos);
  e = error_of("[Subsystems]\nEnableMining = \"yes\"\n");
  CHECK(e.find("Subsystems.EnableMining") != std::string::npos);
  e = error_of("[Libp2p]\nConnMgrLow = -5\n");
  CHECK(e.find("Libp2p.ConnMgrLow") != std::string::npos);
  e = error_of("[Addresses]\nPreCommitControl = [\"f01\", 2]\n");
  CHECK(e.find("Addresses.PreCommitControl") != std::string::npos);
  e = error_of("[Fees]\nMaxCommitGasFee = \"0.05 BTC\"\n");
  CHECK(e.find("Fees.MaxCommitGasFee") != std::string::npos);
  e = error_of("[Logging.SubsystemLevels]\nrpc = 3\n");
  CHECK(e.find("Logging.SubsystemLevels.rpc") != std::string::npos);
  e = error_of("API = 3\n");
  CHECK(e.find("API") != std::string::npos);
  CHECK(e != "no error");
  e = error_of("[API]\nListenAddress = \"unterminated\n");
  CHECK(e.find("/r/config.toml:2") != std::string::npos);
  CHECK(e.find("invalid TOML") != std::string::npos);

  tessera::test::TempDir dir;
  std::ofstream(dir / "bad.toml") << "[Sealing]\nMaxCommitBatch = true\n";
  try {
    Config::load(dir / "bad.toml", nullptr);
    FAIL("no error");
  } catch (const InvalidInput& err) {
    CHECK(std::string(err.what()).find((dir / "bad.toml").string() + ":2") != std::string::npos);
  }
}

TEST_CASE("config env overrides use LOTUS_<SECTION>_<KEY>", "[repo]") {
  EnvGuard a("LOTUS_API_LISTENADDRESS", "/ip4/10.0.0.1/tcp/2345/http");
  EnvGuard b("LOTUS_FEES_MAXPRECOMMITBATCHGASFEE_BASE", "1.5");
  EnvGuard c("LOTUS_SEALING_WAITDEALSDELAY", "1h");
  EnvGuard d("LOTUS_SUBSYSTEMS_ENABLEMARKETS", "t");
  EnvGuard e("LOTUS_LIBP2P_ANNOUNCEADDRESSES", "/ip4/1.1.1.1/tcp/1,/ip4/2.2.2.2/tcp/2");
  EnvGuard f("LOTUS_LOGGING_SUBSYSTEMLEVELS", "rpc:DEBUG,miner:WARN");
  EnvGuard g("LOTUS_SEALING_MAXCOMMITBATCH", "0x10");
  std::vector<std::string> warnings;
  // The env wins over the file.
  Config cfg =
      Config::parse("[API]\nListenAddress = \"/ip4/1.2.3.4/tcp/1/http\"\n", "f.toml", &warnings);
  CHECK(cfg.get_string("API", "ListenAddress") == "/ip4/10.0.0.1/tcp/2345/http");
  CHECK(cfg.get_string("Fees.MaxPreCommitBatchGasFee", "Base") == "1.5 FIL");
  CHECK(cfg.get_duration("Sealing", "WaitDealsDelay") == 1h);
  CHECK(cfg.get_bool("Subsystems", "EnableMarkets"));
  CHECK(cfg.get_string_array("Libp2p", "AnnounceAddresses").size() == 2);
  CHECK(cfg.get_map("Logging", "SubsystemLevels") ==
        std::map<std::string, std::string>{{"miner", "WARN"}, {"rpc", "DEBUG"}});
  CHECK(cfg.get_int("Sealing", "MaxCommitBatch") == 16);
  // parse(apply_env=false) ignores the environment.
  CHECK(Config::parse("", "f.toml", nullptr, false) == Config::defaults());

  EnvGuard bad("LOTUS_SUBSYSTEMS_ENABLEMINING", "maybe");
  try {
    Config::parse("", "f.toml", nullptr);
    FAIL("no error");
  } catch (const InvalidInput& err) {
    CHECK(std::string(err.what()).find("LOTUS_SUBSYSTEMS_ENABLEMINING") != std::string::npos);
  }
}

TEST_CASE("default_toml_commented is lotus's layout with every key commented", "[repo]") {
  std::string text = tessera::repo::default_toml_commented();
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> headers;
  size_t key_lines = 0;
  while (std::getline(in, line)) {
    std::string t = trim(line);
    if (t.empty()) continue;
    if (t[0] == '[') {
      headers.push_back(t);
      continue;
    }
    INFO(line);
    REQUIRE(t[0] == '#');
    if (t.size() > 1 && t[1] != ' ' && t.find(" = ") != std::string::npos) ++key_lines;
  }
  CHECK(key_lines == kLotus1233KeyCount + 3);
  REQUIRE(headers.size() == 20);
  CHECK(headers.front() == "[API]");
  CHECK(headers[3] == "[Logging.SubsystemLevels]");
  CHECK(headers.back() == "[DAGStore]");
  CHECK(text.find("[API]\n  # ListenAddress: ") == 0);
  CHECK(text.find("  #ListenAddress = \"/ip4/127.0.0.1/tcp/2345/http\"\n") != std::string::npos);
  CHECK(text.find("  # env var: LOTUS_FEES_MAXPRECOMMITBATCHGASFEE_BASE\n") != std::string::npos);
  CHECK(text.find("[Logging]\n  [Logging.SubsystemLevels]\n") != std::string::npos);
  CHECK(text.find("    [Dealmaking.RetrievalPricing.Default]\n") != std::string::npos);
  CHECK(text.find("  #CommittedCapacitySectorLifetime = \"12960h0m0s\"\n") != std::string::npos);
  CHECK(text.find("    #example-subsystem = \"INFO\"\n") != std::string::npos);

  std::vector<std::string> warnings;
  CHECK(Config::parse(text, "default", &warnings, false) == Config::defaults());
  CHECK(warnings.empty());
  CHECK(Config::defaults().render_toml(true) == text);
}

TEST_CASE("render_toml writes changed keys uncommented and round-trips", "[repo]") {
  Config c;
  c.set_bool("Subsystems", "EnableMarkets", true);
  c.set_duration("Proving", "SingleCheckTimeout", 5min);
  c.set_string("Fees", "MaxPreCommitGasFee", "0.1 FIL");
  c.set_string_array("Addresses", "PreCommitControl", {"f3abc", "f1\"quoted\\"});
  c.set_map("Logging", "SubsystemLevels", {{"example-subsystem", "INFO"}, {"my sub", "WARN"}});
  std::string text = c.render_toml(true);
  CHECK(text.find("\n  EnableMarkets = true\n") != std::string::npos);
  CHECK(text.find("\n  SingleCheckTimeout = \"5m0s\"\n") != std::string::npos);
  CHECK(text.find("\n  MaxPreCommitGasFee = \"0.1 FIL\"\n") != std::string::npos);
  CHECK(text.find("\n  PreCommitControl = [\"f3abc\", \"f1\\\"quoted\\\\\"]\n") !=
        std::string::npos);
  CHECK(text.find("\n    #example-subsystem = \"INFO\"\n") != std::string::npos);
  CHECK(text.find("\n    \"my sub\" = \"WARN\"\n") != std::string::npos);
  CHECK(text.find("\n  #EnableMining = true\n") != std::string::npos);
  CHECK(text.find("\n  #MaxCommitGasFee = \"0.05 FIL\"\n") != std::string::npos);
  std::vector<std::string> warnings;
  CHECK(Config::parse(text, "updated", &warnings, false) == c);
  CHECK(warnings.empty());

  std::string plain = c.render_toml(false);
  CHECK(plain.find("\n  EnableMining = true\n") != std::string::npos);
  CHECK(Config::parse(plain, "plain", &warnings, false) == c);
  CHECK(warnings.empty());
}

TEST_CASE("Go durations parse and format like Go's time package", "[repo]") {
  using tessera::repo::format_go_duration;
  using tessera::repo::parse_go_duration;
  // Expected strings are Go time.Duration.String() outputs.
  const std::vector<std::pair<std::chrono::nanoseconds, std::string>> formats = {
      {0ns, "0s"},
      {1ns, "1ns"},
      {1500ns, "1.5\xC2\xB5s"},
      {300ms, "300ms"},
      {1500ms, "1.5s"},
      {30s, "30s"},
      {1min, "1m0s"},
      {5min, "5m0s"},
      {20min, "20m0s"},
      {90min, "1h30m0s"},
      {6h, "6h0m0s"},
      {336h, "336h0m0s"},
      {12960h, "12960h0m0s"},
      {-90s, "-1m30s"},
      {2h + 45min + 500ms, "2h45m0.5s"},
      {std::chrono::nanoseconds(INT64_MAX), "2562047h47m16.854775807s"},
  };
  for (const auto& [d, text] : formats) {
    INFO(text);
    CHECK(format_go_duration(d) == text);
    CHECK(parse_go_duration(text) == d);
  }
  CHECK(parse_go_duration("0") == 0ns);
  CHECK(parse_go_duration("1.5h") == 90min);
  CHECK(parse_go_duration("2h45m") == 2h + 45min);
  CHECK(parse_go_duration("+10s") == 10s);
  CHECK(parse_go_duration(".5s") == 500ms);
  CHECK(parse_go_duration("1us") == 1us);
  CHECK(parse_go_duration("1\xCE\xBCs") == 1us);  // Greek mu
  CHECK(parse_go_duration("-2562047h47m16.854775808s") == std::chrono::nanoseconds(INT64_MIN));
  for (const char* bad : {"", "30", "1x", "h", ".s", "1.h2", "-", "1h-1m", "9999999999999999999h",
                          "2562047h47m16.854775808s", "30 s"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_go_duration(bad), InvalidInput);
  }
}

TEST_CASE("FIL amounts parse and normalize like lotus types.FIL", "[repo]") {
  using tessera::repo::normalize_fil;
  using tessera::repo::parse_fil_to_atto;
  CHECK(normalize_fil("0.025 FIL") == "0.025 FIL");
  CHECK(normalize_fil("0.0250fil") == "0.025 FIL");
  CHECK(normalize_fil("5") == "5 FIL");
  CHECK(normalize_fil("0") == "0 FIL");
  CHECK(normalize_fil("-0") == "0 FIL");
  CHECK(normalize_fil("-1.5 FIL") == "-1.5 FIL");
  CHECK(normalize_fil("320000000 attoFIL") == "0.00000000032 FIL");
  CHECK(normalize_fil("1 afil") == "0.000000000000000001 FIL");
  CHECK(parse_fil_to_atto("0.025 FIL") == "25000000000000000");
  CHECK(parse_fil_to_atto("12 aFIL") == "12");
  for (const char* bad : {"", "FIL", "abc", "1 BTC", "1.5 attoFIL", "0.0000000000000000001",
                          "1.2.3", "--1", "+1", " 1 FIL"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_fil_to_atto(bad), InvalidInput);
  }
  CHECK_THROWS_AS(parse_fil_to_atto(std::string(51, '1')), InvalidInput);
}
