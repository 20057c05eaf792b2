// An HTTP route whose 200 answer of `length` bytes fails after its first chunk (a disk gone
// mid-transfer), so the server cuts the connection: for tests of readers of streamed bodies.
#pragma once

#include <algorithm>
#include <cstdint>

#include "common/error.hpp"
#include "common/jsonrpc/server.hpp"

namespace tessera::test {

inline jsonrpc::HttpRoute route_failing_after_first_chunk(std::uint64_t length) {
  return [length](const jsonrpc::HttpRequest&) {
    jsonrpc::HttpResponse response{200, "application/octet-stream"};
    response.stream = jsonrpc::StreamedBody{
        length, [served = std::uint64_t{0}](std::uint8_t* out, std::size_t max) mutable {
          if (served > 0) throw IoError("disk gone");
          std::fill(out, out + max, 0x42);
          served += max;
          return max;
        }};
    return response;
  };
}

}  // namespace tessera::test
