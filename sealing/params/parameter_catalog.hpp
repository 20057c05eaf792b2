// The official Groth16 parameter files as lotus knows them: the entries of lotus's
// build/proof-params/parameters.json and srs-inner-product.json (name → IPFS CID, digest, sector
// size; reference/proofs.md §8.2), and go-paramfetch's rule for which of them a sector size needs.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::params {

inline constexpr std::string_view kParamsExtension = ".params";
inline constexpr std::string_view kVerifyingKeyExtension = ".vk";

// One entry of parameters.json.
struct ParameterFile {
  std::string_view name;      // file name in the parameter cache, e.g. "v28-…-<hash>.vk"
  std::string_view cid;       // IPFS CIDv0 the file is fetched by
  std::string_view digest;    // hex of the first 16 bytes of the file's BLAKE2b-512
  std::uint64_t sector_size;  // bytes; 0 for the SnarkPack SRS
};

// lotus's parameters.json: the .params and .vk of PoRep, WinningPoSt, WindowPoSt and SnapDeals
// (empty-sector-update) for 2 KiB, 8 MiB, 512 MiB, 32 GiB and 64 GiB; sorted by name.
std::span<const ParameterFile> official_parameters();
// lotus's srs-inner-product.json: the SnarkPack SRS (v28-fil-inner-product-v1.srs).
std::span<const ParameterFile> official_srs();

// The entry of either table named name, or nullopt.
std::optional<ParameterFile> find_parameter_file(std::string_view name);

// The files go-paramfetch's GetParams checks for a sector size: every entry of parameters that
// is not a .params file (all .vk, whatever their size), the .params whose sector_size matches,
// and every entry of srs. Throws InvalidInput when no .params entry has that sector size.
std::vector<ParameterFile> required_files(std::uint64_t sector_size,
                                          std::span<const ParameterFile> parameters,
                                          std::span<const ParameterFile> srs);
// The same over the official tables.
std::vector<ParameterFile> required_files(std::uint64_t sector_size);

// A sector size as `lotus-miner fetch-params` takes it: "2KiB", "512MiB", "32GiB", or the byte
// count when no binary unit divides it.
std::string sector_size_arg(std::uint64_t sector_size);

}  // namespace tessera::params
