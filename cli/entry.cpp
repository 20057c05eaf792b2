#include "cli/entry.hpp"

#include <cstdio>

namespace tessera::cli {

int run_main(int, char**) {
  std::fputs("not implemented\n", stderr);
  return 1;
}

}  // namespace tessera::cli
