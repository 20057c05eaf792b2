#include "common/jsonrpc/error_codes.hpp"

#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"

namespace tessera::jsonrpc {
namespace {

// One row per typed error: its code, how to recognise it and how to rebuild it.
struct TypedError {
  int code;
  bool (*is)(const std::exception&);
  [[noreturn]] void (*raise)(const std::string&);
};

template <class E>
constexpr TypedError row(int code) {
  return {code, [](const std::exception& e) { return dynamic_cast<const E*>(&e) != nullptr; },
          [](const std::string& message) { throw E(message); }};
}

constexpr TypedError kTypedErrors[] = {
    row<InvalidInput>(kInvalidInputCode),
    row<NotFound>(kNotFoundCode),
    row<PermissionDenied>(kPermissionDeniedCode),
    row<Conflict>(kConflictCode),
    row<IoError>(kIoErrorCode),
    row<NotImplemented>(kNotImplementedCode),
    row<Cancelled>(kCancelledCode),
};

}  // namespace

int error_code_of(const std::exception& error) {
  for (const auto& typed : kTypedErrors) {
    if (typed.is(error)) return typed.code;
  }
  return 1;
}

void throw_error_for(int code, const std::string& message) {
  for (const auto& typed : kTypedErrors) {
    if (typed.code == code) typed.raise(message);
  }
  throw RpcError(code, message);
}

}  // namespace tessera::jsonrpc
