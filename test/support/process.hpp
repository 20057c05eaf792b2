// Starting the real lotus-miner binary from integration tests: run to completion capturing
// output, or keep a daemon in the background.
#pragma once

#include "test/support/files.hpp"

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace tessera::test {

struct ProcessResult {
  int exit_code = -1;  // exit status, or 128+signal when killed
  std::string out;
  std::string err;
};

// Environment overrides for a child: name -> value ("" removes the variable).
using EnvOverrides = std::map<std::string, std::string>;

// Runs program with args to completion (killed after timeout) and returns its output.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const EnvOverrides& env = {},
                          std::chrono::seconds timeout = std::chrono::seconds(60));

// A child process running in the background, its stdout+stderr going to log_file. Like the child
// of run_process it is SIGKILLed when the thread that started it ends (the test process crashed
// or killed): no daemon outlives its test.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::string& program, const std::vector<std::string>& args,
                    const EnvOverrides& env, const std::filesystem::path& log_file);
  ~BackgroundProcess();  // SIGKILLs the child if it is still running
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Sends a signal to the child.
  void signal(int sig);
  // Waits for the child to exit; returns its exit code, or -1 on timeout.
  int wait(std::chrono::milliseconds timeout);
  bool running();

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
  bool reaped_ = false;
};

}  // namespace tessera::test
