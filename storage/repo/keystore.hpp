// The repo keystore (lotus node/repo/fsrepo.go): one file per key, named by the unpadded upper
// base32 of the key name, holding {"Type":"...","PrivateKey":"<base64>"}, mode 0600.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/encoding.hpp"

namespace tessera::repo {

inline constexpr std::string_view kJwtKeyName = "auth-jwt-private";
inline constexpr std::string_view kLibp2pKeyName = "libp2p-host";
inline constexpr std::string_view kJwtKeyType = "jwt-hmac-secret";
inline constexpr std::string_view kLibp2pKeyType = "libp2p-host";

// lotus types.KeyInfo. `type` is the KeyType string. Legacy integer types are read as Go's
// crypto.SigType: 1 = "secp256k1", 2 = "bls", 3 = "delegated" (go-state-types; iota from 1).
struct KeyInfo {
  std::string type;
  Bytes private_key;
  bool operator==(const KeyInfo&) const = default;
};

class Keystore {
 public:
  // A keystore over an existing directory (usually <repo>/keystore).
  explicit Keystore(std::filesystem::path dir);

  const std::filesystem::path& dir() const { return dir_; }

  // Names of all keys (decoded file names), sorted. Throws PermissionDenied if any file has
  // group/other permission bits, InvalidInput for a file name that is not base32, IoError.
  std::vector<std::string> list() const;
  // The key's info. Throws NotFound if absent, PermissionDenied if its mode & 0077 != 0,
  // InvalidInput for undecodable content.
  KeyInfo get(std::string_view name) const;
  // Writes the key atomically with mode 0600. Throws Conflict if it already exists.
  void put(std::string_view name, const KeyInfo& info);
  // Whether a key file exists for the name.
  bool has(std::string_view name) const;
  // Deletes the key. Throws NotFound if absent.
  void remove(std::string_view name);

  // The file that holds a key: dir / base32-upper-unpadded(name).
  std::filesystem::path key_path(std::string_view name) const;

 private:
  std::filesystem::path dir_;
};

// JSON of a KeyInfo exactly as Go encodes types.KeyInfo.
std::string key_info_to_json(const KeyInfo& info);
// Parses the JSON of a types.KeyInfo; throws InvalidInput (message includes `origin`).
KeyInfo key_info_from_json(std::string_view json, std::string_view origin);

// A fresh Ed25519 libp2p host key: type "libp2p-host", private_key = libp2p protobuf
// 08 01 12 40 || seed(32) || pubkey(32).
KeyInfo generate_libp2p_host_key();
// The libp2p host key for a given 32-byte Ed25519 seed (deterministic; for tests and restore).
KeyInfo libp2p_host_key_from_seed(const Bytes& seed);
// The 32-byte Ed25519 public key inside a libp2p host key; throws InvalidInput on a bad shape.
Bytes libp2p_public_key(const KeyInfo& key);
// The peer ID ("12D3KooW...") of a libp2p Ed25519 host key: base58btc of the identity
// multihash of the protobuf public key 08 01 12 20 || pubkey. Throws InvalidInput on bad shape.
std::string peer_id_from_libp2p_key(const KeyInfo& key);

// n bytes from the system's cryptographic random generator (OpenSSL RAND_bytes).
Bytes random_bytes(std::size_t n);

// A fresh JWT HMAC secret: type "jwt-hmac-secret", 32 random bytes.
KeyInfo generate_jwt_secret();

}  // namespace tessera::repo
