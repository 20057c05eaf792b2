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

mode_t file_mode(const std::filesystem::path& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace tessera::test
