#include "sealing/params/verifying_keys.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "crypto/groth16/verifying_key.hpp"
#include "sealing/params/groth16_parameters.hpp"

namespace tessera::params {

const groth16::PreparedVerifyingKey& cached_verifying_key(Circuit circuit,
                                                          std::uint64_t sector_size) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<groth16::PreparedVerifyingKey>> keys;
  const auto file = find_parameter_files(circuit, sector_size).vk.string();
  std::lock_guard lock(mu);
  auto& key = keys[file];
  if (!key) {
    try {
      key = std::make_unique<groth16::PreparedVerifyingKey>(
          groth16::prepare_verifying_key(groth16::read_verifying_key_file(file)));
    } catch (...) {
      keys.erase(file);
      throw;
    }
  }
  return *key;
}

}  // namespace tessera::params
