#include "devnet/block_parts.hpp"

#include "common/cbor/cbor.hpp"
#include "crypto/blake2b.hpp"

namespace tessera::chain::devnet {
namespace {

cid::Cid cbor_cid(const Bytes& cbor) {
  return cid::Cid{cid::kCodecDagCbor, cid::kMhBlake2b256, crypto::blake2b(cbor, 32)};
}

Bytes be64(std::int64_t v) {
  Bytes out(8);
  for (int i = 0; i < 8; ++i)
    out[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(v) >> (56 - 8 * i));
  return out;
}

}  // namespace

Bytes chain_hash(const Bytes& previous, std::int64_t n) {
  Bytes data = previous;
  const Bytes suffix = be64(n);
  data.insert(data.end(), suffix.begin(), suffix.end());
  return crypto::blake2b(data, 32);
}

cid::Cid messages_cid(const std::vector<SignedMessage>& messages) {
  cbor::Writer w;
  w.write_array_header(messages.size());
  for (const auto& m : messages) w.write_cid(m.cid());
  return cbor_cid(w.take());
}

cid::Cid receipts_cid(const std::vector<MessageReceipt>& receipts) {
  cbor::Writer w;
  w.write_array_header(receipts.size());
  for (const auto& r : receipts) {
    w.write_array_header(3);
    w.write_int(r.exit_code);
    w.write_bytes(r.return_value);
    w.write_int(r.gas_used);
  }
  return cbor_cid(w.take());
}

Bytes block_record(const BlockHeader& header, const std::vector<SignedMessage>& messages) {
  cbor::Writer w;
  w.write_array_header(2);
  w.write_bytes(header.to_cbor());
  w.write_array_header(messages.size());
  for (const auto& m : messages) w.write_bytes(m.to_cbor());
  return w.take();
}

}  // namespace tessera::chain::devnet
