// File helpers shared by the tests.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "common/encoding.hpp"

namespace tessera::test {

// Reads a whole file into a string ("" if it cannot be read).
std::string read_file(const std::filesystem::path& path);

// The same as bytes.
Bytes read_bytes(const std::filesystem::path& path);
// Writes data as the whole content of path (created or truncated).
void write_bytes(const std::filesystem::path& path, const Bytes& data);

// The permission bits of a file (st_mode & 07777); fails the test if it cannot be stat'ed.
mode_t file_mode(const std::filesystem::path& path);

}  // namespace tessera::test
