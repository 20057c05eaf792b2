// The sector cache's p_aux and t_aux files, bincode-encoded exactly as rust-fil-proofs writes
// them (reference/proofs.md §5.5), so a cache directory is readable by either implementation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/encoding.hpp"
#include "crypto/sha256.hpp"

namespace tessera::porep {

// p_aux: the two roots whose Poseidon-2 hash is CommR.
struct PersistentAux {
  crypto::Digest32 comm_c{};
  crypto::Digest32 comm_r_last{};
};

// merkletree's StoreConfig: where a tree or layer lives and how it is stored.
struct StoreConfig {
  std::string path;                   // the cache directory
  std::string id;                     // "layer-1", "tree-d", "tree-c", "tree-r-last"
  std::optional<std::uint64_t> size;  // nodes (per base tree for TreeC/TreeRLast)
  std::uint64_t rows_to_discard = 0;

  bool operator==(const StoreConfig&) const = default;
};

// t_aux: the store configs of the label layers and the three trees.
struct TemporaryAux {
  std::vector<StoreConfig> labels;
  StoreConfig tree_d;
  StoreConfig tree_r_last;
  StoreConfig tree_c;

  bool operator==(const TemporaryAux&) const = default;
};

Bytes encode_p_aux(const PersistentAux& aux);
// Throws InvalidInput unless data is exactly 64 bytes.
PersistentAux decode_p_aux(const Bytes& data);
Bytes encode_t_aux(const TemporaryAux& aux);
// Throws InvalidInput for truncated or trailing bytes and absurd lengths.
TemporaryAux decode_t_aux(const Bytes& data);

// <cache>/p_aux and <cache>/t_aux, written atomically.
void write_p_aux(const std::filesystem::path& cache_dir, const PersistentAux& aux);
void write_t_aux(const std::filesystem::path& cache_dir, const TemporaryAux& aux);
// Read back; NotFound when absent, InvalidInput (naming the file) when corrupt. read_t_aux
// points every config at cache_dir, as rust-fil-proofs' set_cache_path does.
PersistentAux read_p_aux(const std::filesystem::path& cache_dir);
TemporaryAux read_t_aux(const std::filesystem::path& cache_dir);

}  // namespace tessera::porep
