#include "cli/entry.hpp"

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "common/log.hpp"

namespace tessera::cli {

int run_main(int argc, char** argv) {
  try {
    log::init_from_env();
    std::string program = argc > 0 ? std::filesystem::path(argv[0]).filename().string() : "";
    Command app = program == "lotus-worker"  ? make_worker_app()
                  : program == "lotus-bench" ? make_bench_app()
                  : program == "lotus-devnet" ? make_devnet_app()
                                             : make_miner_app();
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    return run_command_line(app, args, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "ERROR: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace tessera::cli
