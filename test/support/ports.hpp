// Picking a TCP port on 127.0.0.1 for a daemon a test starts.
#pragma once

#include <cstdint>

namespace tessera::test {

// A port nothing listens on right now (bound to port 0 and released).
std::uint16_t free_port();

}  // namespace tessera::test
