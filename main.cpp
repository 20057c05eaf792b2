// tessera: lotus-miner, lotus-worker and lotus-bench in one executable.
#include "cli/entry.hpp"
#include "common/sanitizer_suppressions.hpp"

int main(int argc, char** argv) { return tessera::cli::run_main(argc, argv); }
