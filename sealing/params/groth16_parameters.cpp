#include "sealing/params/groth16_parameters.hpp"

#include <string>

#include "common/error.hpp"
#include "crypto/sha256.hpp"
#include "sealing/params/parameter_cache.hpp"
#include "sealing/params/parameter_catalog.hpp"

namespace tessera::params {

ParameterFiles official_parameter_files(Circuit circuit, std::uint64_t sector_size) {
  const std::string stem = parameter_stem(circuit, sector_size);
  const auto dir = parameter_cache_dir();
  return {dir / (stem + ".params"), dir / (stem + ".vk"), false};
}

ParameterFiles devnet_parameter_files(Circuit circuit, std::uint64_t sector_size) {
  const std::string stem = parameter_stem(circuit, sector_size);
  return {devnet_parameter_file(stem, ".params"), devnet_parameter_file(stem, ".vk"), true};
}

ParameterFiles find_parameter_files(Circuit circuit, std::uint64_t sector_size) {
  const ParameterFiles official = official_parameter_files(circuit, sector_size);
  auto both_exist = [](const ParameterFiles& f) {
    return std::filesystem::exists(f.params) && std::filesystem::exists(f.vk);
  };
  if (both_exist(official)) return official;
  const ParameterFiles devnet = devnet_parameter_files(circuit, sector_size);
  if (both_exist(devnet)) return devnet;
  const std::string size = sector_size_arg(sector_size);
  throw NotFound("proof parameters missing: " + official.params.string() +
                 " (run `lotus-miner fetch-params " + size +
                 "`), and no devnet parameters either (`lotus-bench paramgen --sector-size " +
                 size + "` writes tessera's own, valid on tessera's devnet only)");
}

std::array<std::uint8_t, 32> devnet_setup_seed(Circuit circuit, std::uint64_t sector_size) {
  const std::string text = "tessera devnet groth16 setup " + parameter_stem(circuit, sector_size);
  return crypto::sha256(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

}  // namespace tessera::params
