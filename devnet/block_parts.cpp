#include "devnet/block_parts.hpp"

#include <algorithm>
#include <span>

#include "common/cbor/cbor.hpp"
#include "common/error.hpp"
#include "crypto/blake2b.hpp"
#include "crypto/bls_signature.hpp"

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

void write_cids(cbor::Writer& w, const std::vector<SignedMessage>& messages, bool bls) {
  std::size_t count = 0;
  for (const auto& m : messages) count += is_bls(m) == bls;
  w.write_array_header(count);
  for (const auto& m : messages)
    if (is_bls(m) == bls) w.write_cid(m.cid());
}

// The key address behind a sender: itself for an f1/f3, an account's key for an ID address.
Address sender_key(const State& state, const Address& from) {
  if (from.protocol() == AddressProtocol::kSecp256k1 || from.protocol() == AddressProtocol::kBls)
    return from;
  const auto id = state.resolve(from);
  const Actor* actor = id ? state.actor(*id) : nullptr;
  if (!actor || !actor->key)
    throw InvalidInput("sender " + from.to_string(Network::kTestnet) +
                       " has no key address in the parent state");
  return *actor->key;
}

}  // namespace

Bytes chain_hash(const Bytes& previous, std::int64_t n) {
  Bytes data = previous;
  const Bytes suffix = be64(n);
  data.insert(data.end(), suffix.begin(), suffix.end());
  return crypto::blake2b(data, 32);
}

bool is_bls(const SignedMessage& message) {
  return message.signature.type == SignatureType::kBls;
}

std::vector<SignedMessage> bls_first(std::vector<SignedMessage> messages) {
  std::stable_partition(messages.begin(), messages.end(), is_bls);
  return messages;
}

cid::Cid messages_cid(const std::vector<SignedMessage>& messages) {
  cbor::Writer w;
  w.write_array_header(2);
  write_cids(w, messages, true);
  write_cids(w, messages, false);
  return cbor_cid(w.take());
}

cid::Cid genesis_messages_cid() {
  cbor::Writer w;
  w.write_array_header(0);
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

Signature bls_aggregate(const std::vector<SignedMessage>& messages) {
  std::vector<crypto::bls::Signature> signatures;
  for (const auto& m : messages) {
    if (!is_bls(m)) continue;
    if (m.signature.data.size() != crypto::bls::Signature{}.size())
      throw InvalidInput("message " + m.cid().to_string() + " has a BLS signature of " +
                         std::to_string(m.signature.data.size()) + " bytes, not 96");
    auto& s = signatures.emplace_back();
    std::copy(m.signature.data.begin(), m.signature.data.end(), s.begin());
  }
  const auto sum =
      signatures.empty() ? crypto::bls::zero_signature() : crypto::bls::aggregate(signatures);
  return Signature{SignatureType::kBls, Bytes(sum.begin(), sum.end())};
}

void check_block_signatures(const BlockHeader& header, const std::vector<SignedMessage>& messages,
                            const State& parent_state) {
  std::vector<Bytes> bls_cids;
  std::vector<crypto::bls::PublicKey> bls_keys;
  for (const auto& m : messages) {
    const Address key = sender_key(parent_state, m.message.from);
    const Bytes cid_bytes = m.message.cid().to_bytes();
    if (!is_bls(m)) {
      if (!verify_signature(key, cid_bytes, m.signature))
        throw InvalidInput("message " + m.cid().to_string() + " is not signed by its sender " +
                           key.to_string(Network::kTestnet));
      continue;
    }
    if (key.protocol() != AddressProtocol::kBls)
      throw InvalidInput("BLS message " + m.cid().to_string() + " is from " +
                         key.to_string(Network::kTestnet) + ", not from a BLS (f3) address");
    bls_cids.push_back(cid_bytes);
    std::copy(key.payload().begin(), key.payload().end(), bls_keys.emplace_back().begin());
  }
  if (!header.bls_aggregate) throw InvalidInput("the block has no BLS aggregate signature");
  if (bls_cids.empty()) return;
  const std::vector<std::span<const std::uint8_t>> spans(bls_cids.begin(), bls_cids.end());
  if (!crypto::bls::verify(header.bls_aggregate->data, spans, bls_keys))
    throw InvalidInput("the BLS aggregate signature does not verify for the block's " +
                       std::to_string(bls_cids.size()) + " BLS messages");
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
