// The error of a failed device call.
#pragma once

#include "common/error.hpp"

namespace tessera::gpu {

// A device call failed (out of memory, a lost device, a kernel fault, a forced failure): what was
// being computed is lost and nothing computed in that call may be used.
class DeviceError : public Error {
 public:
  using Error::Error;
};

}  // namespace tessera::gpu
