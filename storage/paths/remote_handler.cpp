#include "storage/paths/remote_handler.hpp"

#include <fcntl.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "common/error.hpp"
#include "common/file_io.hpp"
#include "common/jwt/jwt.hpp"
#include "storage/paths/local_paths.hpp"
#include "storage/paths/tar_writer.hpp"

namespace tessera::paths {
namespace {

using jsonrpc::HttpRequest;
using jsonrpc::HttpResponse;

constexpr std::string_view kText = "text/plain; charset=utf-8";

HttpResponse text(int status, std::string body) {
  return HttpResponse{status, std::string(kText), std::move(body)};
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// Value of ?name= in a request target ("" when absent; no URL decoding: storage IDs are UUIDs).
std::string_view query_param(std::string_view target, std::string_view name) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return {};
  for (auto pair : split(target.substr(q + 1), '&')) {
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
  }
  return {};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::uint64_t> decimal(std::string_view s) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

// What a Range header asks of a file, by Go's http.parseRange rules (which lotus's
// http.ServeFile applies): a single range is served as 206; several, or none, as the whole file.
struct RangeRequest {
  enum Kind { kWhole, kPart, kInvalid, kUnsatisfiable } kind = kWhole;
  std::uint64_t start = 0;
  std::uint64_t length = 0;
};

RangeRequest parse_range(std::string_view header, std::uint64_t size) {
  if (header.empty()) return {};
  constexpr std::string_view kPrefix = "bytes=";
  if (!header.starts_with(kPrefix)) return {RangeRequest::kInvalid};
  std::vector<RangeRequest> ranges;
  bool no_overlap = false;
  for (auto spec : split(header.substr(kPrefix.size()), ',')) {
    spec = trim(spec);
    if (spec.empty()) continue;
    const auto dash = spec.find('-');
    if (dash == std::string_view::npos) return {RangeRequest::kInvalid};
    const auto first = trim(spec.substr(0, dash));
    const auto last = trim(spec.substr(dash + 1));
    RangeRequest range{RangeRequest::kPart};
    if (first.empty()) {  // bytes=-n: the last n bytes
      const auto n = decimal(last);
      if (!n) return {RangeRequest::kInvalid};
      range.start = size - std::min(*n, size);
    } else {
      const auto start = decimal(first);
      if (!start) return {RangeRequest::kInvalid};
      range.start = *start;
    }
    std::uint64_t end = size - 1;
    if (!first.empty() && !last.empty() && range.start < size) {
      const auto parsed = decimal(last);
      if (!parsed || *parsed < range.start) return {RangeRequest::kInvalid};
      end = std::min(*parsed, end);
    }
    // A range starting past the end, or an empty suffix, does not overlap the file.
    if (range.start >= size) {
      no_overlap = true;
      continue;
    }
    range.length = end - range.start + 1;
    ranges.push_back(range);
  }
  if (ranges.empty()) return {no_overlap ? RangeRequest::kUnsatisfiable : RangeRequest::kWhole};
  if (ranges.size() > 1) return {};  // multipart replies are not supported: the whole file
  return ranges.front();
}

// length bytes of file from start, read as the server sends them.
jsonrpc::StreamedBody file_body(std::shared_ptr<const File> file, std::uint64_t start,
                                std::uint64_t length) {
  return jsonrpc::StreamedBody{length, [file = std::move(file), position = start](
                                           std::uint8_t* out, std::size_t max) mutable {
                                 file->read_at(position, out, max);
                                 position += max;
                                 return max;
                               }};
}

// A file, whole or the single range the request asks for (as http.ServeFile answers).
HttpResponse serve_file(const std::filesystem::path& path, const HttpRequest& request) {
  auto file = std::make_shared<const File>(path, O_RDONLY);
  const auto size = file->size();
  const auto header = request.headers.find("range");
  const auto range = parse_range(header == request.headers.end() ? "" : header->second, size);
  HttpResponse response{200, "application/octet-stream", "", {{"Accept-Ranges", "bytes"}}};
  switch (range.kind) {
    case RangeRequest::kInvalid:
      return text(416, "invalid range\n");
    case RangeRequest::kUnsatisfiable:
      response = text(416, "invalid range: failed to overlap\n");
      response.headers = {{"Content-Range", "bytes */" + std::to_string(size)}};
      return response;
    case RangeRequest::kPart:
      response.status = 206;
      response.stream = file_body(file, range.start, range.length);
      response.headers.emplace_back("Content-Range",
                                    "bytes " + std::to_string(range.start) + "-" +
                                        std::to_string(range.start + range.length - 1) + "/" +
                                        std::to_string(size));
      return response;
    case RangeRequest::kWhole:
      break;
  }
  response.stream = file_body(file, 0, size);
  return response;
}

HttpResponse get_sector_file(const RemoteStore& store, FileType type, const SectorId& sector,
                             const HttpRequest& request) {
  const auto path = store.find(type, sector);
  if (!path) return text(404, "sector file not found\n");
  std::error_code ec;
  if (std::filesystem::is_directory(*path, ec)) {
    if (request.headers.contains("range")) return text(400, "Range not supported on directories\n");
    auto tar = std::make_shared<TarStream>(*path);
    HttpResponse response{200, "application/x-tar"};
    response.stream = jsonrpc::StreamedBody{
        tar->size(), [tar](std::uint8_t* out, std::size_t max) { return tar->read(out, max); }};
    return response;
  }
  return serve_file(*path, request);
}

HttpResponse delete_sector_file(const RemoteStore& store, FileType type, const SectorId& sector,
                                const HttpRequest& request) {
  std::vector<std::string> keep;  // storage IDs, comma-separated as lotus's Remote.Remove sends
  for (auto id : split(query_param(request.target, "keep"), ','))
    if (!id.empty()) keep.emplace_back(id);
  if (!store.remove(type, sector, keep)) return text(404, "sector file not found\n");
  return text(200, "");
}

HttpResponse single_vanilla(const RemoteStore& store, const HttpRequest& request) {
  if (!store.single_vanilla) return text(501, "not implemented\n");
  try {
    return HttpResponse{200, "application/json", store.single_vanilla(request.body, store.find)};
  } catch (const InvalidInput& e) {
    return text(400, std::string(e.what()) + "\n");
  } catch (const NotFound& e) {
    return text(404, std::string(e.what()) + "\n");
  } catch (const std::exception& e) {
    return text(500, std::string(e.what()) + "\n");
  }
}

HttpResponse route(const RemoteStore& store, const HttpRequest& request) {
  const auto& perms = request.perms;
  if (std::find(perms.begin(), perms.end(), jwt::kAdmin) == perms.end()) {
    return HttpResponse{401, "application/json",
                        R"({"Error":"unauthorized: missing admin permission"})"
                        "\n"};
  }
  std::string_view path = request.target;
  path = path.substr(0, path.find('?'));
  constexpr std::string_view kPrefix = "/remote/";
  if (!path.starts_with(kPrefix)) return text(404, "404 page not found\n");
  const auto segments = split(path.substr(kPrefix.size()), '/');
  if (std::any_of(segments.begin(), segments.end(),
                  [](std::string_view s) { return s == "." || s == ".."; }))
    return text(400, "invalid URL path\n");
  const bool all_named =
      std::none_of(segments.begin(), segments.end(), [](std::string_view s) { return s.empty(); });
  const bool two = all_named && segments.size() == 2;  // {type}/{sector}, stat/{id}
  const bool allocated = all_named && segments.size() == 6 && segments[3] == "allocated";
  const auto& method = request.method;

  if (two && segments[0] == "stat" && method == "GET") {
    const auto stat = store.stat(std::string(segments[1]));
    if (!stat) return text(404, "storage path not found\n");
    return HttpResponse{200, "application/json", to_json(*stat).dump() + "\n"};
  }
  if (two && segments[0] == "vanilla" && segments[1] == "single" && method == "POST")
    return single_vanilla(store, request);
  if (allocated && method == "GET") return text(501, "not implemented\n");
  if (two && (method == "GET" || method == "DELETE")) {
    const auto type = file_type_from_name(segments[0]);
    if (!type) return text(400, "unknown sector file type\n");
    // Only the exact "s-t0<miner>-<number>" form passes, so no name can leave a storage path.
    const auto sector = parse_sector_name(segments[1]);
    if (!sector) return text(400, "invalid sector name\n");
    try {
      return method == "GET" ? get_sector_file(store, *type, *sector, request)
                             : delete_sector_file(store, *type, *sector, request);
    } catch (const NotFound&) {  // removed between find and open
      return text(404, "sector file not found\n");
    }
  }
  if (two || allocated) return text(405, "");
  return text(404, "404 page not found\n");
}

}  // namespace

RemoteStore remote_store_of(LocalPaths& local, SingleVanillaAnswer single_vanilla) {
  return RemoteStore{
      [&local](FileType type, const SectorId& sector) { return local.find_file(type, sector); },
      [&local](const std::string& id) { return local.stat(id); },
      [&local](FileType type, const SectorId& sector, const std::vector<std::string>& keep) {
        return local.remove(type, sector, keep);
      },
      std::move(single_vanilla)};
}

jsonrpc::HttpRoute make_remote_route(RemoteStore store) {
  return [store = std::move(store)](const HttpRequest& request) { return route(store, request); };
}

}  // namespace tessera::paths
