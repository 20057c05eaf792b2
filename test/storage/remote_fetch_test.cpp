// fetch_sector_file and delete_remote_sector_file against a real jsonrpc::Server serving the
// /remote route: files and cache directories arrive whole or not at all.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "storage/paths/remote_fetch.hpp"
#include "storage/paths/remote_handler.hpp"
#include "test/support/broken_route.hpp"
#include "test/support/files.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace std::chrono_literals;

namespace {

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(i % 251);
  return s;
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// One machine's /remote over files in a temporary directory; records DELETE's keep list.
struct Holder {
  test::TempDir dir;
  Bytes secret = Bytes(32, 0x3c);
  std::string token = jwt::sign_token(secret, jwt::perms_up_to("admin"));
  std::vector<std::string> kept;
  jsonrpc::Registry registry;
  jsonrpc::Server server{registry, jsonrpc::Authenticator(secret), jsonrpc::ServerOptions{}};
  std::uint16_t port = 0;

  Holder() {
    write_text(dir / "sealed" / "s-t01000-1", pattern((2 << 20) + 5));
    write_text(dir / "cache" / "s-t01000-1" / "p_aux", pattern(64));
    write_text(dir / "cache" / "s-t01000-1" / "sc-02-data-tree-r-last.dat", pattern(3000));
    server.add_http_route(
        "/remote",
        paths::make_remote_route(paths::RemoteStore{
            [this](paths::FileType type,
                   const paths::SectorId& sector) -> std::optional<std::filesystem::path> {
              const auto path = file(type, sector);
              if (!std::filesystem::exists(path)) return std::nullopt;
              return path;
            },
            [](const std::string&) { return std::optional<paths::FsStat>(); },
            [this](paths::FileType type, const paths::SectorId& sector,
                   const std::vector<std::string>& keep) {
              kept = keep;
              return std::filesystem::remove_all(file(type, sector)) > 0;
            },
            {}}));
    port = server.start();
  }
  ~Holder() { server.stop(); }
  std::filesystem::path file(paths::FileType type, const paths::SectorId& sector) const {
    return dir / std::string(paths::file_type_name(type)) / paths::sector_name(sector);
  }
  std::string url(const std::string& tail) const {
    return "http://127.0.0.1:" + std::to_string(port) + "/remote/" + tail;
  }
};

}  // namespace

TEST_CASE("fetch_sector_file: a sealed file and a cache directory arrive whole",
          "[storage][remote][fetch]") {
  Holder holder;
  test::TempDir here;
  const auto sealed = here / "store" / "sealed" / "s-t01000-1";
  const auto cache = here / "store" / "cache" / "s-t01000-1";
  // A stale copy at the destination is replaced.
  write_text(cache / "stale", "old");
  paths::fetch_sector_file(holder.url("sealed/s-t01000-1"), holder.token, paths::FileType::kSealed,
                           sealed, here / "store" / "fetching" / "sealed" / "s-t01000-1", 5s);
  paths::fetch_sector_file(holder.url("cache/s-t01000-1"), holder.token, paths::FileType::kCache,
                           cache, here / "store" / "fetching" / "cache" / "s-t01000-1", 5s);
  CHECK(test::read_file(sealed) == pattern((2 << 20) + 5));
  CHECK(test::read_file(cache / "p_aux") == pattern(64));
  CHECK(test::read_file(cache / "sc-02-data-tree-r-last.dat") == pattern(3000));
  CHECK_FALSE(std::filesystem::exists(cache / "stale"));
  CHECK_FALSE(std::filesystem::exists(here / "store" / "fetching" / "sealed" / "s-t01000-1"));
  CHECK_FALSE(std::filesystem::exists(here / "store" / "fetching" / "cache" / "s-t01000-1"));
  // The holder still has its copy: fetching moves nothing by itself.
  CHECK(std::filesystem::exists(holder.dir / "sealed" / "s-t01000-1"));
}

TEST_CASE("fetch_sector_file: refusals and failures leave the destination untouched",
          "[storage][remote][fetch]") {
  Holder holder;
  test::TempDir here;
  const auto dest = here / "store" / "sealed" / "s-t01000-1";
  const auto temp = here / "store" / "fetching" / "sealed" / "s-t01000-1";
  const auto fetch = [&](const std::string& tail, std::string_view token, paths::FileType type) {
    paths::fetch_sector_file(holder.url(tail), token, type, dest, temp, 5s);
  };
  CHECK_THROWS_AS(fetch("sealed/s-t01000-9", holder.token, paths::FileType::kSealed), NotFound);
  CHECK_THROWS_AS(fetch("sealed/s-t01000-1", "", paths::FileType::kSealed), PermissionDenied);
  const auto read_only = jwt::sign_token(holder.secret, jwt::perms_up_to("read"));
  CHECK_THROWS_AS(fetch("sealed/s-t01000-1", read_only, paths::FileType::kSealed),
                  PermissionDenied);
  // A file where a directory is expected (and the reverse) is the wrong kind of answer.
  CHECK_THROWS_AS(fetch("sealed/s-t01000-1", holder.token, paths::FileType::kCache), InvalidInput);
  CHECK_THROWS_AS(fetch("cache/s-t01000-1", holder.token, paths::FileType::kSealed), InvalidInput);
  CHECK_FALSE(std::filesystem::exists(dest));
  CHECK_FALSE(std::filesystem::exists(temp));
  // Nobody listening.
  const auto port = holder.port;
  holder.server.stop();
  CHECK_THROWS_AS(paths::fetch_sector_file(
                      "http://127.0.0.1:" + std::to_string(port) + "/remote/sealed/s-t01000-1",
                      holder.token, paths::FileType::kSealed, dest, temp, 2s),
                  IoError);
  CHECK_FALSE(std::filesystem::exists(dest));
}

TEST_CASE("fetch_sector_file: an answer cut midway leaves no file", "[storage][remote][fetch]") {
  jsonrpc::Registry registry;
  const Bytes secret(32, 1);
  jsonrpc::Server server(registry, jsonrpc::Authenticator(secret), jsonrpc::ServerOptions{});
  server.add_http_route("/remote", test::route_failing_after_first_chunk(3 << 20));
  const auto port = server.start();
  test::TempDir here;
  const auto dest = here / "sealed" / "s-t01000-1";
  const auto temp = here / "fetching" / "sealed" / "s-t01000-1";
  CHECK_THROWS_AS(paths::fetch_sector_file(
                      "http://127.0.0.1:" + std::to_string(port) + "/remote/sealed/s-t01000-1",
                      jwt::sign_token(secret, jwt::perms_up_to("admin")), paths::FileType::kSealed,
                      dest, temp, 5s),
                  IoError);
  CHECK_FALSE(std::filesystem::exists(dest));
  CHECK_FALSE(std::filesystem::exists(temp));
  server.stop();
}

TEST_CASE("delete_remote_sector_file: DELETE with the keep list; already gone is success",
          "[storage][remote][fetch]") {
  Holder holder;
  paths::delete_remote_sector_file(holder.url("cache/s-t01000-1"), holder.token, {"id-a", "id-b"},
                                   5s);
  CHECK(holder.kept == std::vector<std::string>{"id-a", "id-b"});
  CHECK_FALSE(std::filesystem::exists(holder.dir / "cache" / "s-t01000-1"));
  paths::delete_remote_sector_file(holder.url("cache/s-t01000-1"), holder.token, {}, 5s);
  CHECK(holder.kept.empty());
  CHECK_THROWS_AS(paths::delete_remote_sector_file(holder.url("sealed/s-t01000-1"), "", {}, 5s),
                  PermissionDenied);
  CHECK(std::filesystem::exists(holder.dir / "sealed" / "s-t01000-1"));
}
