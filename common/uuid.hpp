// Random identifiers in the form lotus writes them (storage path IDs, API sessions).
#pragma once

#include <string>

namespace tessera {

// A random RFC 4122 version-4 UUID in lower-case hex with dashes, from OpenSSL's RNG.
// IoError when the RNG fails.
std::string new_uuid_v4();

}  // namespace tessera
