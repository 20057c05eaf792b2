// `lotus-miner fetch-params` and `lotus-worker fetch-params`: checks the proof-parameter cache
// for a sector size (cli/cmd_fetch_params.cpp).
#pragma once

#include "cli/command.hpp"

namespace tessera::cli {

Command make_fetch_params_command();

}  // namespace tessera::cli
