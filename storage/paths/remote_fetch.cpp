#include "storage/paths/remote_fetch.hpp"

#include <fcntl.h>

#include <memory>
#include <optional>

#include "common/error.hpp"
#include "common/file_io.hpp"
#include "common/jsonrpc/http_post.hpp"
#include "storage/paths/tar_reader.hpp"

namespace tessera::paths {
namespace {

// The error a non-200 answer from url stands for.
[[noreturn]] void throw_for_status(const std::string& url, int status, const std::string& body) {
  const std::string what = url + ": HTTP " + std::to_string(status) + " " + body;
  if (status == 404) throw NotFound(what);
  if (status == 401) throw PermissionDenied(what);
  throw IoError(what);
}

void remove_path(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (ec) throw IoError("remove " + path.string() + ": " + ec.message());
}

}  // namespace

void fetch_sector_file(const std::string& url, std::string_view token, FileType type,
                       const std::filesystem::path& dest, const std::filesystem::path& temp,
                       std::chrono::milliseconds idle) {
  const bool directory = is_directory_type(type);
  remove_path(temp);
  std::error_code ec;
  std::filesystem::create_directories(temp.parent_path(), ec);
  if (ec) throw IoError("create " + temp.parent_path().string() + ": " + ec.message());
  std::optional<TarExtractor> tar;
  std::unique_ptr<File> file;
  jsonrpc::HttpStreamReply reply;
  try {
    reply = jsonrpc::http_get_stream(
        jsonrpc::parse_http_url(url), token,
        [&](const std::uint8_t* data, std::size_t size) {
          if (!tar && !file) {  // the first bytes: the answer is 200, its kind is known
            if (directory)
              tar.emplace(temp);
            else
              file = std::make_unique<File>(temp, O_WRONLY | O_CREAT | O_TRUNC);
          }
          if (tar) {
            tar->write(data, size);
          } else {
            file->write_all(data, size);
          }
        },
        idle);
  } catch (...) {  // a partial file or tar goes; dest was never touched
    file.reset();
    tar.reset();
    std::filesystem::remove_all(temp, ec);
    throw;
  }
  if (reply.status != 200) {
    remove_path(temp);
    throw_for_status(url, reply.status, reply.error_body);
  }
  const std::string expected = directory ? "application/x-tar" : "application/octet-stream";
  if (reply.content_type != expected) {
    remove_path(temp);
    throw InvalidInput(url + ": expected " + expected + ", got \"" + reply.content_type + "\"");
  }
  if (directory) {
    if (!tar) tar.emplace(temp);  // an empty body is not a tar: finish() says so
    tar->finish();
  } else {
    if (!file) file = std::make_unique<File>(temp, O_WRONLY | O_CREAT | O_TRUNC);
    file->sync();
  }
  file.reset();
  remove_path(dest);
  std::filesystem::create_directories(dest.parent_path(), ec);
  std::filesystem::rename(temp, dest, ec);
  if (ec) throw IoError("rename " + temp.string() + " to " + dest.string() + ": " + ec.message());
}

void delete_remote_sector_file(const std::string& url, std::string_view token,
                               const std::vector<std::string>& keep,
                               std::chrono::milliseconds timeout) {
  std::string target = url;
  if (!keep.empty()) {
    target += "?keep=";
    for (std::size_t i = 0; i < keep.size(); ++i) target += (i ? "," : "") + keep[i];
  }
  const auto reply = jsonrpc::http_delete(jsonrpc::parse_http_url(target), token, timeout);
  if (reply.status != 200 && reply.status != 404) throw_for_status(url, reply.status, reply.body);
}

}  // namespace tessera::paths
