// Small file helpers shared by the repo and storage-path code: atomic writes with a given
// mode, and whole-file reads that distinguish "absent" from "unreadable".
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace tessera {

// Writes data to a temp file in the same directory with the given mode, fsyncs it and renames
// it over `file` (then fsyncs the directory). Throws IoError naming the file on failure.
// With replace=false the file is linked into place instead, and Conflict is thrown if it exists.
void write_file_atomic(const std::filesystem::path& file, std::string_view data, mode_t mode,
                       bool replace = true);

// Makes the names created in or removed from dir durable (fsync of the directory). Best effort:
// a filesystem that cannot sync a directory is not an error.
void sync_directory(const std::filesystem::path& dir);

// The file's whole content, or nullopt when it does not exist. Throws IoError on other errors.
std::optional<std::string> read_file_if_exists(const std::filesystem::path& file);

// The text with leading and trailing ASCII whitespace removed.
std::string trim_space(std::string_view text);

}  // namespace tessera
