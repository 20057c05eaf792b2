// Named loggers in the lotus (go-log) style: one logger per subsystem, lines like
// "2026-01-02T15:04:05.000Z	INFO	rpc	common/jsonrpc/server.cpp:42	message", levels settable at run time.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::log {

// Returns the logger of a subsystem, creating it (at the default level) on first use.
std::shared_ptr<spdlog::logger> get(std::string_view subsystem);

// Names of every subsystem logger created so far, sorted.
std::vector<std::string> list();

// Sets one subsystem's level ("debug", "info", "warn", "error", "dpanic", "panic", "fatal",
// either case). Throws NotFound for an unknown subsystem and InvalidInput for an unknown level.
void set_level(std::string_view subsystem, std::string_view level);

// Sets the level of every subsystem, present and future.
void set_all_levels(std::string_view level);

// Applies GOLOG_LOG_LEVEL (as go-log does) and sends output to stderr; call once from main.
void init_from_env();

}  // namespace tessera::log

// Logging macros that record the source location, as go-log prints it.
#define TLOG_DEBUG(logger, ...) SPDLOG_LOGGER_DEBUG(logger, __VA_ARGS__)
#define TLOG_INFO(logger, ...) SPDLOG_LOGGER_INFO(logger, __VA_ARGS__)
#define TLOG_WARN(logger, ...) SPDLOG_LOGGER_WARN(logger, __VA_ARGS__)
#define TLOG_ERROR(logger, ...) SPDLOG_LOGGER_ERROR(logger, __VA_ARGS__)
