// The process entry: picks the command tree from the program name (lotus-miner, lotus-worker,
// lotus-bench) and runs it.
#pragma once

namespace tessera::cli {

// Runs the command line; returns the process exit code. Never throws.
int run_main(int argc, char** argv);

}  // namespace tessera::cli
