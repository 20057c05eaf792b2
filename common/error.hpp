// The small set of typed errors used across tessera (DESIGN.md §6). They are caught at the
// JSON-RPC boundary (mapped to JSON-RPC errors) and in main (mapped to a message and exit code).
#pragma once

#include <stdexcept>
#include <string>

namespace tessera {

// Base of every tessera error; what() is a message fit for an operator.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Malformed input: bad flag, corrupt record, wrong size, undecodable bytes.
class InvalidInput : public Error {
 public:
  using Error::Error;
};

// A requested thing does not exist (key, file, sector, method).
class NotFound : public Error {
 public:
  using Error::Error;
};

// The caller lacks a permission, or a file has unsafe permission bits.
class PermissionDenied : public Error {
 public:
  using Error::Error;
};

// A resource is already taken: repo locked, sector number in use, file exists.
class Conflict : public Error {
 public:
  using Error::Error;
};

// An operating-system or storage-engine failure.
class IoError : public Error {
 public:
  using Error::Error;
};

// A feature that is not built yet; the command says so instead of pretending.
class NotImplemented : public Error {
 public:
  using Error::Error;
};

// A call or stage stopped because its caller cancelled it or the process is stopping.
class Cancelled : public Error {
 public:
  using Error::Error;
};

}  // namespace tessera
