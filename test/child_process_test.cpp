// The test helpers' child processes die with the test process (test/support/process.hpp), so a
// test binary that crashes or is killed leaves no daemon behind.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "test/support/process.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;

namespace {

// Whether pid is a live process (a zombie waiting for its new parent to reap it counts as gone).
bool alive(pid_t pid) {
  if (::kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, name, state;
  stat >> pid_field >> name >> state;
  return state != "Z";
}

}  // namespace

TEST_CASE("a background process dies with the test process that started it",
          "[test-support][kill]") {
  test::TempDir dir;
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  // The "test process": starts a daemon, reports its pid, then waits to be killed.
  const pid_t test_process = ::fork();
  REQUIRE(test_process >= 0);
  if (test_process == 0) {
    test::BackgroundProcess daemon("/bin/sleep", {"60"}, {}, dir / "sleep.log");
    const pid_t pid = daemon.pid();
    if (::write(pipe_fds[1], &pid, sizeof pid) != sizeof pid) ::_exit(1);
    ::pause();
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  pid_t daemon = 0;
  REQUIRE(::read(pipe_fds[0], &daemon, sizeof daemon) == sizeof daemon);
  ::close(pipe_fds[0]);
  CHECK(alive(daemon));

  ::kill(test_process, SIGKILL);  // no destructor runs
  REQUIRE(::waitpid(test_process, nullptr, 0) == test_process);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (alive(daemon) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK_FALSE(alive(daemon));
  if (alive(daemon)) ::kill(daemon, SIGKILL);
}
