#include "chain/types/block_header.hpp"

#include <nlohmann/json.hpp>

#include "chain/types/chain_json.hpp"
#include "chain/types/state_json.hpp"
#include "common/cbor/cbor.hpp"
#include "common/error.hpp"
#include "common/json_fields.hpp"
#include "crypto/blake2b.hpp"

namespace tessera::chain {
namespace {

using nlohmann::json;

constexpr std::size_t kHeaderFields = 16;

void write_signature(cbor::Writer& w, const std::optional<Signature>& sig) {
  if (sig) {
    w.write_bytes(sig->to_bytes());
  } else {
    w.write_null();
  }
}

std::optional<Signature> read_signature(const cbor::Value& v) {
  if (v.is_null()) return std::nullopt;
  return Signature::from_bytes(v.as_bytes());
}

const json& member(const json& j, const char* name) {
  return json_fields::field(j, "block header", name);
}

json optional_signature_json(const std::optional<Signature>& sig) {
  return sig ? chain::to_json(*sig) : json(nullptr);
}

std::optional<Signature> optional_signature_from_json(const json& j) {
  if (j.is_null()) return std::nullopt;
  return signature_from_json(j);
}

}  // namespace

Bytes BlockHeader::to_cbor() const {
  cbor::Writer w;
  w.write_array_header(kHeaderFields);
  w.write_bytes(miner.to_bytes());
  if (ticket) {
    w.write_array_header(1);
    w.write_bytes(*ticket);
  } else {
    w.write_null();
  }
  if (election_proof) {
    w.write_array_header(2);
    w.write_int(election_proof->win_count);
    w.write_bytes(election_proof->vrf_proof);
  } else {
    w.write_null();
  }
  w.write_array_header(beacon_entries.size());
  for (const auto& e : beacon_entries) {
    w.write_array_header(2);
    w.write_uint(e.round);
    w.write_bytes(e.data);
  }
  w.write_array_header(win_post_proof.size());
  for (const auto& p : win_post_proof) {
    w.write_array_header(2);
    w.write_int(p.post_proof);
    w.write_bytes(p.proof_bytes);
  }
  w.write_array_header(parents.size());
  for (const auto& p : parents) w.write_cid(p);
  w.write_bytes(parent_weight.to_bytes());
  w.write_int(height);
  w.write_cid(parent_state_root);
  w.write_cid(parent_message_receipts);
  w.write_cid(messages);
  write_signature(w, bls_aggregate);
  w.write_uint(timestamp);
  write_signature(w, block_sig);
  w.write_uint(fork_signaling);
  w.write_bytes(parent_base_fee.to_bytes());
  return w.take();
}

BlockHeader BlockHeader::from_cbor(const Bytes& cbor) {
  const auto v = cbor::decode(cbor);
  const auto& a = v.as_array();
  if (a.size() != kHeaderFields)
    throw InvalidInput("block header: expected 16 fields, got " + std::to_string(a.size()));
  BlockHeader h;
  h.miner = Address::from_bytes(a[0].as_bytes());
  if (!a[1].is_null()) {
    const auto& t = a[1].as_array();
    if (t.size() != 1) throw InvalidInput("block header: malformed ticket");
    h.ticket = t[0].as_bytes();
  }
  if (!a[2].is_null()) {
    const auto& e = a[2].as_array();
    if (e.size() != 2) throw InvalidInput("block header: malformed election proof");
    h.election_proof = ElectionProof{e[0].as_int(), e[1].as_bytes()};
  }
  for (const auto& e : a[3].as_array()) {
    const auto& t = e.as_array();
    if (t.size() != 2) throw InvalidInput("block header: malformed beacon entry");
    h.beacon_entries.push_back({t[0].as_uint(), t[1].as_bytes()});
  }
  for (const auto& p : a[4].as_array()) {
    const auto& t = p.as_array();
    if (t.size() != 2) throw InvalidInput("block header: malformed PoSt proof");
    h.win_post_proof.push_back({t[0].as_int(), t[1].as_bytes()});
  }
  for (const auto& p : a[5].as_array()) h.parents.push_back(p.as_cid());
  h.parent_weight = BigInt::from_bytes(a[6].as_bytes());
  h.height = a[7].as_int();
  h.parent_state_root = a[8].as_cid();
  h.parent_message_receipts = a[9].as_cid();
  h.messages = a[10].as_cid();
  h.bls_aggregate = read_signature(a[11]);
  h.timestamp = a[12].as_uint();
  h.block_sig = read_signature(a[13]);
  h.fork_signaling = a[14].as_uint();
  h.parent_base_fee = BigInt::from_bytes(a[15].as_bytes());
  return h;
}

cid::Cid BlockHeader::cid() const {
  return cid::Cid{cid::kCodecDagCbor, cid::kMhBlake2b256, crypto::blake2b(to_cbor(), 32)};
}

json BlockHeader::to_json(Network network) const {
  json beacons = json::array(), proofs = json::array(), parent_cids = json::array();
  for (const auto& e : beacon_entries) beacons.push_back(chain::to_json(e));
  for (const auto& p : win_post_proof)
    proofs.push_back({{"PoStProof", p.post_proof}, {"ProofBytes", bytes_to_json(p.proof_bytes)}});
  for (const auto& p : parents) parent_cids.push_back(cid_to_json(p));
  return json{{"Miner", miner.to_string(network)},
              {"Ticket", ticket ? json{{"VRFProof", bytes_to_json(*ticket)}} : json(nullptr)},
              {"ElectionProof", election_proof
                                    ? json{{"WinCount", election_proof->win_count},
                                           {"VRFProof", bytes_to_json(election_proof->vrf_proof)}}
                                    : json(nullptr)},
              {"BeaconEntries", beacons},
              {"WinPoStProof", proofs},
              {"Parents", parent_cids},
              {"ParentWeight", parent_weight.to_string()},
              {"Height", height},
              {"ParentStateRoot", cid_to_json(parent_state_root)},
              {"ParentMessageReceipts", cid_to_json(parent_message_receipts)},
              {"Messages", cid_to_json(messages)},
              {"BLSAggregate", optional_signature_json(bls_aggregate)},
              {"Timestamp", timestamp},
              {"BlockSig", optional_signature_json(block_sig)},
              {"ForkSignaling", fork_signaling},
              {"ParentBaseFee", parent_base_fee.to_string()}};
}

BlockHeader BlockHeader::from_json(const json& j) {
  try {
    BlockHeader h;
    h.miner = Address::parse(member(j, "Miner").get<std::string>());
    if (const auto& t = member(j, "Ticket"); !t.is_null())
      h.ticket = bytes_from_json(member(t, "VRFProof"));
    if (const auto& e = member(j, "ElectionProof"); !e.is_null()) {
      h.election_proof = ElectionProof{member(e, "WinCount").get<std::int64_t>(),
                                       bytes_from_json(member(e, "VRFProof"))};
    }
    for (const auto& e : member(j, "BeaconEntries"))
      h.beacon_entries.push_back(beacon_entry_from_json(e));
    for (const auto& p : member(j, "WinPoStProof")) {
      h.win_post_proof.push_back(
          {member(p, "PoStProof").get<std::int64_t>(), bytes_from_json(member(p, "ProofBytes"))});
    }
    for (const auto& p : member(j, "Parents")) h.parents.push_back(cid_from_json(p));
    h.parent_weight = BigInt::parse(member(j, "ParentWeight").get<std::string>());
    h.height = member(j, "Height").get<std::int64_t>();
    h.parent_state_root = cid_from_json(member(j, "ParentStateRoot"));
    h.parent_message_receipts = cid_from_json(member(j, "ParentMessageReceipts"));
    h.messages = cid_from_json(member(j, "Messages"));
    h.bls_aggregate = optional_signature_from_json(member(j, "BLSAggregate"));
    h.timestamp = member(j, "Timestamp").get<std::uint64_t>();
    h.block_sig = optional_signature_from_json(member(j, "BlockSig"));
    h.fork_signaling = member(j, "ForkSignaling").get<std::uint64_t>();
    h.parent_base_fee = BigInt::parse(member(j, "ParentBaseFee").get<std::string>());
    return h;
  } catch (const json::exception& e) {
    throw InvalidInput(std::string("block header: ") + e.what());
  }
}

TipSetKey TipSet::key() const {
  TipSetKey key;
  for (const auto& b : blocks) key.cids.push_back(b.cid());
  return key;
}

json TipSet::to_json(Network network) const {
  json block_list = json::array();
  for (const auto& b : blocks) block_list.push_back(b.to_json(network));
  return json{{"Cids", key().to_json()}, {"Blocks", block_list}, {"Height", height()}};
}

TipSet TipSet::from_json(const json& j) {
  TipSet ts;
  const auto& blocks = member(j, "Blocks");
  if (!blocks.is_array() || blocks.empty()) throw InvalidInput("tipset without blocks");
  for (const auto& b : blocks) ts.blocks.push_back(BlockHeader::from_json(b));
  if (TipSetKey::from_json(member(j, "Cids")) != ts.key())
    throw InvalidInput("tipset Cids do not match its blocks");
  return ts;
}

}  // namespace tessera::chain
