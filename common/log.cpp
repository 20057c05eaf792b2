#include "common/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>

#include "common/error.hpp"

namespace tessera::log {
namespace {

// Prints the level in go-log's upper-case form (INFO, WARN, ...).
class UpperLevelFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string_view name;
    switch (msg.level) {
      case spdlog::level::trace:
      case spdlog::level::debug: name = "DEBUG"; break;
      case spdlog::level::info: name = "INFO"; break;
      case spdlog::level::warn: name = "WARN"; break;
      case spdlog::level::err: name = "ERROR"; break;
      default: name = "FATAL"; break;
    }
    dest.append(name.data(), name.data() + name.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<UpperLevelFlag>();
  }
};

struct Registry {
  std::mutex mu;
  std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>> loggers;
  spdlog::sink_ptr sink;
  spdlog::level::level_enum default_level = spdlog::level::info;

  Registry() {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<UpperLevelFlag>('*');
    formatter->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ\t%*\t%n\t%s:%#\t%v");
    sink->set_formatter(std::move(formatter));
  }
};

Registry& registry() {
  static Registry r;
  return r;
}

spdlog::level::level_enum parse_level(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  if (lower == "debug") return spdlog::level::debug;
  if (lower == "info") return spdlog::level::info;
  if (lower == "warn" || lower == "warning") return spdlog::level::warn;
  if (lower == "error") return spdlog::level::err;
  if (lower == "dpanic" || lower == "panic" || lower == "fatal") return spdlog::level::critical;
  throw InvalidInput("unrecognized level: \"" + std::string(text) + "\"");
}

}  // namespace

std::shared_ptr<spdlog::logger> get(std::string_view subsystem) {
  auto& r = registry();
  std::lock_guard lock(r.mu);
  auto it = r.loggers.find(subsystem);
  if (it != r.loggers.end()) return it->second;
  auto logger = std::make_shared<spdlog::logger>(std::string(subsystem), r.sink);
  logger->set_level(r.default_level);
  r.loggers.emplace(std::string(subsystem), logger);
  return logger;
}

std::vector<std::string> list() {
  auto& r = registry();
  std::lock_guard lock(r.mu);
  std::vector<std::string> names;
  for (const auto& [name, _] : r.loggers) names.push_back(name);
  return names;
}

void set_level(std::string_view subsystem, std::string_view level) {
  auto parsed = parse_level(level);
  auto& r = registry();
  std::lock_guard lock(r.mu);
  auto it = r.loggers.find(subsystem);
  if (it == r.loggers.end()) throw NotFound("No such logger");
  it->second->set_level(parsed);
}

void set_all_levels(std::string_view level) {
  auto parsed = parse_level(level);
  auto& r = registry();
  std::lock_guard lock(r.mu);
  r.default_level = parsed;
  for (auto& [_, logger] : r.loggers) logger->set_level(parsed);
}

void init_from_env() {
  spdlog::set_automatic_registration(false);
  if (const char* level = std::getenv("GOLOG_LOG_LEVEL"); level && *level) {
    set_all_levels(level);
  }
}

}  // namespace tessera::log
