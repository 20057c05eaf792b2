// Unsigned LEB128 varints as Go's binary.PutUvarint / multiformats write them.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/encoding.hpp"

namespace tessera::cid {

// Appends the varint encoding of value to out.
void put_uvarint(Bytes& out, std::uint64_t value);

// Reads a varint at offset (advancing it). Throws InvalidInput on truncation, overflow or a
// non-minimal encoding.
std::uint64_t read_uvarint(const Bytes& in, std::size_t& offset);

}  // namespace tessera::cid
