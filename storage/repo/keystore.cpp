// The keystore directory, as lotus node/repo/fsrepo.go List/Get/Put/Delete.
#include "storage/repo/keystore.hpp"

#include <sys/stat.h>

#include <spdlog/spdlog.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/log.hpp"
#include "common/file_util.hpp"

namespace tessera::repo {
namespace {

std::string octal_mode(mode_t mode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0%o", static_cast<unsigned>(mode & 07777));
  return buf;
}

// lotus's kstrPermissionMsg, followed by the file's path.
[[noreturn]] void too_relaxed(std::string_view name, const std::filesystem::path& file,
                              mode_t mode) {
  throw PermissionDenied("permissions of key: '" + std::string(name) +
                         "' are too relaxed, required: 0600, got: " + octal_mode(mode) + " (" +
                         file.string() + ")");
}

bool ieq(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string key_info_to_json(const KeyInfo& info) {
  nlohmann::ordered_json j;
  j["Type"] = info.type;
  j["PrivateKey"] = base64_encode(info.private_key);
  return j.dump();
}

KeyInfo key_info_from_json(std::string_view json, std::string_view origin) {
  auto fail = [&](const std::string& why) -> KeyInfo {
    throw InvalidInput("decoding key " + std::string(origin) + ": " + why);
  };
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded()) return fail("invalid JSON");
  if (!j.is_object()) return fail("expected a JSON object");
  KeyInfo info;
  // Go's encoding/json matches field names case-insensitively.
  for (const auto& [k, v] : j.items()) {
    if (ieq(k, "Type")) {
      if (v.is_string()) {
        info.type = v.get<std::string>();
      } else if (v.is_number_unsigned() || v.is_number_integer()) {
        int64_t n = v.get<int64_t>();
        if (n == 1) {
          info.type = "secp256k1";
        } else if (n == 2) {
          info.type = "bls";
        } else if (n == 3) {
          info.type = "delegated";
        } else {
          return fail("unknown sigtype: " + std::to_string(n));
        }
        TLOG_WARN(log::get("repo"),
                  "deprecation: integer style 'KeyType' is deprecated, switch to string style");
      } else if (!v.is_null()) {
        return fail("could not unmarshal KeyType either as string nor integer");
      }
    } else if (ieq(k, "PrivateKey")) {
      if (v.is_string()) {
        try {
          info.private_key = base64_decode(v.get<std::string>());
        } catch (const InvalidInput& e) {
          return fail(std::string("PrivateKey: ") + e.what());
        }
      } else if (!v.is_null()) {
        return fail("PrivateKey: expected a base64 string");
      }
    }
  }
  return info;
}

Keystore::Keystore(std::filesystem::path dir) : dir_(std::move(dir)) {}

std::filesystem::path Keystore::key_path(std::string_view name) const {
  return dir_ / base32_encode(to_bytes(name), Base32Case::kUpper);
}

std::vector<std::string> Keystore::list() const {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir_, ec);
  if (ec) throw IoError("opening dir to list keystore " + dir_.string() + ": " + ec.message());
  std::vector<std::string> names;
  for (const auto& entry : it) {
    std::string file = entry.path().filename().string();
    if (!file.empty() && file[0] == '.') continue;  // our own in-flight temp files
    struct stat st {};
    if (::lstat(entry.path().c_str(), &st) != 0) {
      throw IoError("reading keystore dir: " + entry.path().string() + ": " + std::strerror(errno));
    }
    if ((st.st_mode & 0077) != 0) too_relaxed(file, entry.path(), st.st_mode);
    Bytes name;
    try {
      name = base32_decode(file);
    } catch (const InvalidInput& e) {
      throw InvalidInput("decoding key: '" + file + "' in " + dir_.string() + ": " + e.what());
    }
    names.push_back(to_string(name));
  }
  std::sort(names.begin(), names.end());
  return names;
}

KeyInfo Keystore::get(std::string_view name) const {
  std::filesystem::path file = key_path(name);
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      throw NotFound("opening key '" + std::string(name) + "': key info not found");
    }
    throw IoError("opening key '" + std::string(name) + "': " + std::strerror(errno));
  }
  if ((st.st_mode & 0077) != 0) too_relaxed(name, file, st.st_mode);
  std::optional<std::string> data = read_file_if_exists(file);
  if (!data) throw NotFound("opening key '" + std::string(name) + "': key info not found");
  return key_info_from_json(*data, "'" + std::string(name) + "' (" + file.string() + ")");
}

void Keystore::put(std::string_view name, const KeyInfo& info) {
  std::filesystem::path file = key_path(name);
  try {
    write_file_atomic(file, key_info_to_json(info), 0600, /*replace=*/false);
  } catch (const Conflict&) {
    throw Conflict("checking key before put '" + std::string(name) + "': key already exists");
  }
}

bool Keystore::has(std::string_view name) const {
  std::error_code ec;
  return std::filesystem::exists(key_path(name), ec);
}

void Keystore::remove(std::string_view name) {
  std::filesystem::path file = key_path(name);
  if (::unlink(file.c_str()) != 0) {
    if (errno == ENOENT) {
      throw NotFound("checking key before delete '" + std::string(name) + "': key info not found");
    }
    throw IoError("deleting key '" + std::string(name) + "': " + std::strerror(errno));
  }
}

}  // namespace tessera::repo
