#include "storage/datastore/backup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "common/error.hpp"
#include "storage/datastore/backup_format.hpp"

namespace tessera::datastore {

std::size_t write_backup_file(const MetadataStore& store, const std::filesystem::path& path) {
  auto entries = store.list("");
  auto bytes = encode_backup(entries);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EEXIST) throw Conflict("backup file " + path.string() + " already exists");
    throw IoError("create " + path.string() + ": " + std::strerror(errno));
  }
  std::size_t written = 0;
  while (written < bytes.size()) {
    auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = errno;
      ::close(fd);
      throw IoError("write " + path.string() + ": " + std::strerror(err));
    }
    written += static_cast<std::size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) throw IoError("fsync " + path.string() + ": " + std::strerror(errno));
  return entries.size();
}

std::size_t restore_backup_file(MetadataStore& store, const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw NotFound("backup file " + path.string() + " cannot be opened");
  Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto entries = decode_backup(bytes);
  store.put_all(entries);
  return entries.size();
}

}  // namespace tessera::datastore
