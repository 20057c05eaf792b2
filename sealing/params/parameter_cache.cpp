// Parameter-cache checks as go-paramfetch makes them (paramfetch.go checkFile: BLAKE2b-512 of
// the whole file, first 16 bytes in hex against the catalog), streamed with libsodium's
// incremental BLAKE2b because official files run to tens of GiB.
#include "sealing/params/parameter_cache.hpp"

#include <fcntl.h>
#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <system_error>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/file_io.hpp"
#include "common/progress.hpp"

namespace tessera::params {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
constexpr std::size_t kDigestPrefixBytes = 16;

// The size of file, or nullopt when it does not exist. Throws IoError for other errors.
std::optional<std::uint64_t> size_if_exists(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (!ec) return size;
  if (ec == std::errc::no_such_file_or_directory) return std::nullopt;
  throw IoError("stat " + file.string() + ": " + ec.message());
}

}  // namespace

std::filesystem::path parameter_cache_dir() {
  if (const char* dir = std::getenv("FIL_PROOFS_PARAMETER_CACHE"); dir && *dir) return dir;
  return "/var/tmp/filecoin-proof-parameters";
}

std::string parameter_file_digest(const std::filesystem::path& file,
                                  const std::function<void(std::uint64_t)>& on_bytes) {
  if (sodium_init() < 0) throw IoError("libsodium failed to initialise");
  const File in(file, O_RDONLY);
  const std::uint64_t size = in.size();
  crypto_generichash_blake2b_state state;
  crypto_generichash_blake2b_init(&state, nullptr, 0, crypto_generichash_blake2b_BYTES_MAX);
  Bytes chunk(kChunkBytes);
  for (std::uint64_t done = 0; done < size;) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunkBytes, size - done));
    in.read_at(done, chunk.data(), n);
    crypto_generichash_blake2b_update(&state, chunk.data(), n);
    done += n;
    if (on_bytes) on_bytes(done);
  }
  Bytes digest(crypto_generichash_blake2b_BYTES_MAX);
  crypto_generichash_blake2b_final(&state, digest.data(), digest.size());
  digest.resize(kDigestPrefixBytes);
  return hex_encode(digest);
}

std::string_view file_state_name(FileState state) {
  switch (state) {
    case FileState::kIntact:
      return "intact";
    case FileState::kMissing:
      return "missing";
    case FileState::kCorrupt:
      return "corrupt";
  }
  return "unknown";
}

std::vector<FileCheck> check_parameter_files(std::span<const ParameterFile> entries,
                                             const std::filesystem::path& dir,
                                             std::ostream* progress) {
  std::vector<FileCheck> checks;
  std::vector<std::uint64_t> to_hash;  // the size of each file to hash; 0 when there is none
  std::uint64_t total_bytes = 0;
  for (const auto& entry : entries) {
    FileCheck check{.entry = entry, .path = dir / std::string(entry.name)};
    const auto size = size_if_exists(check.path);
    if (!size) {
      check.detail = "no such file";
    } else if (*size == 0) {
      check.state = FileState::kCorrupt;
      check.detail = "empty file";
    }
    to_hash.push_back(size.value_or(0));
    total_bytes += to_hash.back();
    checks.push_back(std::move(check));
  }

  std::optional<progress::Reporter> reporter;
  if (progress && total_bytes > 0)
    reporter.emplace(*progress, "params", progress::is_terminal(*progress));
  std::uint64_t hashed_before = 0;  // bytes of the files already hashed
  for (std::size_t i = 0; i < checks.size(); ++i) {
    if (to_hash[i] == 0) continue;
    auto& check = checks[i];
    const auto digest = parameter_file_digest(check.path, [&](std::uint64_t done) {
      if (!reporter) return;
      const auto fraction =
          static_cast<double>(hashed_before + done) / static_cast<double>(total_bytes);
      reporter->update("verifying digests", fraction);
    });
    hashed_before += to_hash[i];
    if (digest == check.entry.digest) {
      check.state = FileState::kIntact;
    } else {
      check.state = FileState::kCorrupt;
      check.detail = "digest " + digest + ", expected " + std::string(check.entry.digest);
    }
  }
  if (reporter) reporter->finish("");
  return checks;
}

std::vector<FileCheck> check_sector_size_files(std::uint64_t sector_size, std::ostream* progress) {
  return check_parameter_files(required_files(sector_size), parameter_cache_dir(), progress);
}

std::filesystem::path require_parameter_file(std::string_view file_name,
                                             std::uint64_t sector_size) {
  const auto path = parameter_cache_dir() / std::string(file_name);
  const auto size = size_if_exists(path);
  if (!size || *size == 0)
    throw NotFound("proof parameters missing: " + path.string() +
                   " (run `lotus-miner fetch-params " + sector_size_arg(sector_size) + "`)");
  return path;
}

std::filesystem::path devnet_parameter_file(std::string_view stem, std::string_view ext) {
  if (stem.empty() || stem.find('/') != std::string_view::npos)
    throw InvalidInput("devnet parameter file: bad stem '" + std::string(stem) + "'");
  if (ext != kParamsExtension && ext != kVerifyingKeyExtension)
    throw InvalidInput("devnet parameter file: extension '" + std::string(ext) +
                       "' is neither .params nor .vk");
  return parameter_cache_dir() /
         (std::string(kDevnetPrefix) + std::string(stem) + std::string(ext));
}

}  // namespace tessera::params
