// Entry point of the unit and integration test binaries.
#include "common/sanitizer_suppressions.hpp"
#include "test/support/catch_session.hpp"

int main(int argc, char** argv) {
  return tessera::test::run_catch_session(argc, argv);
}
