#include "test/support/files.hpp"

#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace tessera::test {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Bytes read_bytes(const std::filesystem::path& path) {
  const std::string s = read_file(path);
  return Bytes(s.begin(), s.end());
}

void write_bytes(const std::filesystem::path& path, const Bytes& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

mode_t file_mode(const std::filesystem::path& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace tessera::test
