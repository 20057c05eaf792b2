#define CATCH_CONFIG_RUNNER
#include "test/support/catch_session.hpp"

#include <catch2/catch.hpp>

namespace tessera::test {

int run_catch_session(int argc, char** argv) {
  return Catch::Session().run(argc, argv);
}

}  // namespace tessera::test
