// The files PC2 writes or rewrites (tree-c*, tree-r-last*, p_aux, t_aux in the cache directory,
// and the replica), each by its SHA-256: two PC2 runs wrote the same sector when these are equal.
// Header-only: the GPU PC2 benchmark checks its device run with it too.
#pragma once

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "crypto/sha256.hpp"

namespace tessera::test {

// SHA-256 of one file, read in 1 MiB pieces; throws std::runtime_error when it cannot be read.
inline crypto::Digest32 file_sha256(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  crypto::Sha256 hash;
  std::vector<char> piece(1 << 20);
  while (in) {
    in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
    hash.update(reinterpret_cast<const std::uint8_t*>(piece.data()),
                static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw std::runtime_error("cannot read " + path.string());
  return hash.finish();
}

// The digests of PC2's files, by file name.
inline std::map<std::string, crypto::Digest32> pc2_outputs(const std::filesystem::path& cache,
                                                           const std::filesystem::path& sealed) {
  std::map<std::string, crypto::Digest32> digests;
  for (const auto& entry : std::filesystem::directory_iterator(cache)) {
    const auto name = entry.path().filename().string();
    if (name.find("tree-c") != std::string::npos || name.find("tree-r-last") != std::string::npos ||
        name == "p_aux" || name == "t_aux")
      digests[name] = file_sha256(entry.path());
  }
  digests[sealed.filename().string()] = file_sha256(sealed);
  return digests;
}

}  // namespace tessera::test
