// The proof-parameter cache directory ($FIL_PROOFS_PARAMETER_CACHE, as rust-fil-proofs and
// go-paramfetch read it) and the checks go-paramfetch makes there: is each file a sector size
// needs present, non-empty, and does its BLAKE2b-512 digest match the catalog? Also the names of
// tessera's own devnet parameter files, which live in the same directory under names that never
// equal an official one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sealing/params/parameter_catalog.hpp"

namespace tessera::params {

// $FIL_PROOFS_PARAMETER_CACHE when set and non-empty, else /var/tmp/filecoin-proof-parameters
// (rust-fil-proofs settings.rs, go-paramfetch getParamDir).
std::filesystem::path parameter_cache_dir();

// Hex of the first 16 bytes of the file's BLAKE2b-512 (the catalog's digest form), read in
// chunks; on_bytes (when set) is told the bytes hashed so far after each chunk. Throws NotFound
// when the file does not exist, IoError when it cannot be read.
std::string parameter_file_digest(const std::filesystem::path& file,
                                  const std::function<void(std::uint64_t)>& on_bytes = {});

enum class FileState { kIntact, kMissing, kCorrupt };

// "intact", "missing" or "corrupt".
std::string_view file_state_name(FileState state);

struct FileCheck {
  ParameterFile entry;
  std::filesystem::path path;
  FileState state = FileState::kMissing;
  std::string detail;  // why it is missing or corrupt; empty when intact
};

// Checks each entry's file in dir: missing when absent, corrupt when empty or when its digest
// differs from entry.digest, intact otherwise. Only the entries' names are looked at, so other
// files in dir (tessera's devnet files among them) are ignored. When progress is given, the
// hashing is reported on it with a progress::Reporter. Throws IoError when a present file cannot
// be read.
std::vector<FileCheck> check_parameter_files(std::span<const ParameterFile> entries,
                                             const std::filesystem::path& dir,
                                             std::ostream* progress = nullptr);

// check_parameter_files over required_files(sector_size) in parameter_cache_dir(). Throws
// InvalidInput for a sector size without published parameters, IoError as above.
std::vector<FileCheck> check_sector_size_files(std::uint64_t sector_size,
                                               std::ostream* progress = nullptr);

// For a prover about to load a parameter file: its path in parameter_cache_dir() when it exists
// and is not empty. Throws NotFound "proof parameters missing: <path> (run `lotus-miner
// fetch-params <size>`)" otherwise.
std::filesystem::path require_parameter_file(std::string_view file_name, std::uint64_t sector_size);

// The prefix of tessera's devnet parameter file names.
inline constexpr std::string_view kDevnetPrefix = "tessera-devnet-";

// Where tessera's devnet keeps the parameters it generated itself from a seed (never valid on a
// real network): parameter_cache_dir() / ("tessera-devnet-" + stem + ext), with stem an official
// stem such as "v28-stacked-proof-of-replication-…-<hash>" and ext ".params" or ".vk". Throws
// InvalidInput for an empty stem, a stem with a '/', or another extension.
std::filesystem::path devnet_parameter_file(std::string_view stem, std::string_view ext);

}  // namespace tessera::params
