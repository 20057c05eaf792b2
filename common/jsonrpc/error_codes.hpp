// Typed errors across the wire: each tessera error class (common/error.hpp) travels as its own
// JSON-RPC error code, so a client gets back the same type the handler threw (a worker tells a
// temporary IoError from a permanent InvalidInput). Codes sit far above go-jsonrpc's and lotus's
// own (lotus registers 2.. for its errors); a plain Error is go-jsonrpc's 1.
#pragma once

#include <exception>
#include <string>

namespace tessera::jsonrpc {

inline constexpr int kInvalidInputCode = 1001;
inline constexpr int kNotFoundCode = 1002;
inline constexpr int kPermissionDeniedCode = 1003;
inline constexpr int kConflictCode = 1004;
inline constexpr int kIoErrorCode = 1005;
inline constexpr int kNotImplementedCode = 1006;
inline constexpr int kCancelledCode = 1007;

// The code a handler's exception is sent with: its typed code, else 1 (go-jsonrpc's code for a
// method's error).
int error_code_of(const std::exception& error);

// Throws the typed error a code stands for, with message; RpcError(code, message) for any other
// code (protocol errors, permission denials, a lotus node's codes).
[[noreturn]] void throw_error_for(int code, const std::string& message);

}  // namespace tessera::jsonrpc
