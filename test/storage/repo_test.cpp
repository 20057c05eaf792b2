// The miner repo directory: path resolution, init layout, repo.lock, api/token files.
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "storage/repo/repo.hpp"
#include "test/support/files.hpp"
#include "test/support/temp_dir.hpp"

using tessera::repo::LockedRepo;
using tessera::repo::Repo;

namespace {

// Sets (or with nullptr unsets) an env var for the scope of a test, restoring the old value.
struct EnvGuard {
  std::string name;
  std::optional<std::string> old;
  EnvGuard(std::string n, const char* value) : name(std::move(n)) {
    if (const char* o = std::getenv(name.c_str())) old = o;
    if (value != nullptr) {
      ::setenv(name.c_str(), value, 1);
    } else {
      ::unsetenv(name.c_str());
    }
  }
  ~EnvGuard() {
    if (old) {
      ::setenv(name.c_str(), old->c_str(), 1);
    } else {
      ::unsetenv(name.c_str());
    }
  }
};

// Tries Repo::lock in a forked child (fcntl locks are per process). Returns 0 when the child
// got the lock, 1 on Conflict with "someone else has the lock", 2 on any other outcome.
int lock_in_child(const std::filesystem::path& repo) {
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int code = 2;
    try {
      auto locked = Repo::lock(repo);
      code = 0;
    } catch (const tessera::Conflict& e) {
      code = std::string(e.what()).find("someone else has the lock") != std::string::npos ? 1 : 2;
    } catch (...) {
      code = 2;
    }
    ::_exit(code);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

}  // namespace

TEST_CASE("repo path: flag, LOTUS_MINER_PATH, LOTUS_STORAGE_PATH, ~/.lotusminer", "[repo]") {
  EnvGuard home("HOME", "/home/tester");
  EnvGuard miner("LOTUS_MINER_PATH", nullptr);
  EnvGuard storage("LOTUS_STORAGE_PATH", nullptr);
  using tessera::repo::resolve_repo_path;
  CHECK(resolve_repo_path(std::nullopt) == "/home/tester/.lotusminer");
  CHECK(resolve_repo_path("~/m") == "/home/tester/m");
  CHECK(resolve_repo_path(std::string("~")) == "/home/tester");
  {
    EnvGuard s("LOTUS_STORAGE_PATH", "/old/path");
    CHECK(resolve_repo_path(std::nullopt) == "/old/path");
    EnvGuard m("LOTUS_MINER_PATH", "~/new");
    CHECK(resolve_repo_path(std::nullopt) == "/home/tester/new");
    CHECK(resolve_repo_path("/flag/wins") == "/flag/wins");
    CHECK(resolve_repo_path(std::string("")) == "/home/tester/new");
  }
  CHECK(resolve_repo_path("~user/x") == "~user/x");  // only "~" and "~/" are expanded
}

TEST_CASE("repo init writes the lotus layout", "[repo]") {
  tessera::test::TempDir dir;
  auto repo = dir / "miner";
  CHECK_FALSE(Repo::exists(repo));
  Repo::init(repo);
  CHECK(Repo::exists(repo));
  CHECK(tessera::test::file_mode(repo / "keystore") == 0700);
  CHECK(tessera::test::file_mode(repo / "config.toml") == 0644);
  std::string config = tessera::test::read_file(repo / "config.toml");
  CHECK(config == tessera::repo::default_toml_commented());
  std::istringstream in(config);
  std::string line;
  size_t lines = 0;
  while (std::getline(in, line)) {
    size_t b = line.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    ++lines;
    INFO(line);
    CHECK((line[b] == '#' || line[b] == '['));
  }
  CHECK(lines > 400);

  // Init on an existing repo keeps the user's config.
  std::ofstream(repo / "config.toml") << "[API]\nTimeout = \"1m\"\n";
  Repo::init(repo);
  CHECK(tessera::test::read_file(repo / "config.toml") == "[API]\nTimeout = \"1m\"\n");
  auto locked = Repo::lock(repo);
  CHECK(locked->config().get_duration("API", "Timeout") == std::chrono::minutes(1));

  // Only datastore/ or keystore/ make a repo.
  auto other = dir / "other";
  std::filesystem::create_directories(other / "datastore");
  CHECK(Repo::exists(other));
}

TEST_CASE("repo lock is exclusive across processes and within one", "[repo]") {
  tessera::test::TempDir dir;
  auto repo = dir / "miner";
  Repo::init(repo);
  CHECK(lock_in_child(repo) == 0);  // free
  {
    auto locked = Repo::lock(repo);
    CHECK(std::filesystem::exists(repo / "repo.lock"));
    CHECK(std::filesystem::file_size(repo / "repo.lock") == 0);
    CHECK(lock_in_child(repo) == 1);
    try {
      Repo::lock(repo);
      FAIL("second lock in the same process succeeded");
    } catch (const tessera::Conflict& e) {
      CHECK(std::string(e.what()).find("repo is already locked") != std::string::npos);
    }
  }  // destructor releases
  CHECK(lock_in_child(repo) == 0);
  auto again = Repo::lock(repo);
  again->close();
  again->close();  // idempotent
  CHECK(lock_in_child(repo) == 0);

  CHECK_THROWS_AS(Repo::lock(dir / "absent"), tessera::NotFound);
}

TEST_CASE("repo lock refuses a non-empty repo.lock", "[repo]") {
  tessera::test::TempDir dir;
  Repo::init(dir.path());
  std::ofstream(dir / "repo.lock") << "{\"OwnerPID\":1}";
  try {
    Repo::lock(dir.path());
    FAIL("locked a non-empty lock file");
  } catch (const tessera::Conflict& e) {
    CHECK(std::string(e.what()).find("non-zero size") != std::string::npos);
  }
}

TEST_CASE("repo api and token files", "[repo]") {
  tessera::test::TempDir dir;
  Repo::init(dir.path());
  CHECK_THROWS_AS(Repo::read_api_endpoint(dir.path()), tessera::NotFound);
  CHECK_THROWS_AS(Repo::read_api_token(dir.path()), tessera::NotFound);
  auto locked = Repo::lock(dir.path());
  CHECK_FALSE(locked->api_endpoint().has_value());
  locked->set_api_endpoint("/ip4/127.0.0.1/tcp/2345/http");
  CHECK(tessera::test::read_file(dir / "api") == "/ip4/127.0.0.1/tcp/2345/http");
  CHECK(tessera::test::file_mode(dir / "api") == 0644);
  CHECK(locked->api_endpoint() == "/ip4/127.0.0.1/tcp/2345/http");
  CHECK(Repo::read_api_endpoint(dir.path()) == "/ip4/127.0.0.1/tcp/2345/http");

  locked->set_api_token("eyJhbGciOiJIUzI1NiJ9.e30.sig");
  CHECK(tessera::test::read_file(dir / "token") == "eyJhbGciOiJIUzI1NiJ9.e30.sig");
  CHECK(tessera::test::file_mode(dir / "token") == 0600);
  CHECK(locked->api_token() == "eyJhbGciOiJIUzI1NiJ9.e30.sig");
  std::ofstream(dir / "token") << "tok\n";  // readers trim whitespace
  CHECK(Repo::read_api_token(dir.path()) == "tok");

  CHECK(locked->datastore_path("metadata") == dir.path() / "datastore" / "metadata");
  locked->keystore().put("libp2p-host", tessera::repo::generate_libp2p_host_key());
  CHECK(locked->keystore().list() == std::vector<std::string>{"libp2p-host"});

  locked->close();
  CHECK_FALSE(std::filesystem::exists(dir / "api"));
  CHECK(std::filesystem::exists(dir / "token"));  // the token survives shutdown
  CHECK_THROWS_AS(Repo::read_api_endpoint(dir.path()), tessera::NotFound);
}
