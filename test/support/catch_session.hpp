// Catch2's implementation is compiled once (catch_session.cpp) for every test binary; each
// binary's main runs the tests through this call.
#pragma once

namespace tessera::test {

// Runs the Catch tests the command line selects; returns the process exit code.
int run_catch_session(int argc, char** argv);

}  // namespace tessera::test
