#include "chain/types/mining.hpp"

#include <nlohmann/json.hpp>

#include "chain/types/chain_json.hpp"
#include "chain/types/state_json.hpp"
#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::chain {
namespace {

using nlohmann::json;

json cids_to_json(const std::vector<cid::Cid>& cids) {
  json out = json::array();
  for (const auto& c : cids) out.push_back(cid_to_json(c));
  return out;
}

std::vector<cid::Cid> cids_from_json(const json& j, const std::string& where) {
  std::vector<cid::Cid> out;
  if (j.is_null()) return out;
  for (const auto& c : json_fields::array(j, where)) out.push_back(cid_from_json(c));
  return out;
}

const json& field(const json& j, const char* name) {
  return json_fields::field(j, "block template", name);
}

}  // namespace

json to_json(const BlockTemplate& t, Network network) {
  json beacons = json::array(), messages = json::array(), proofs = json::array();
  for (const auto& b : t.beacon_values) beacons.push_back(to_json(b));
  for (const auto& m : t.messages) messages.push_back(signed_message_to_json(m, network));
  for (const auto& p : t.winning_post_proof)
    proofs.push_back({{"PoStProof", p.post_proof}, {"ProofBytes", bytes_to_json(p.proof_bytes)}});
  return json{{"Miner", t.miner.to_string(network)},
              {"Parents", t.parents.to_json()},
              {"Ticket", {{"VRFProof", bytes_to_json(t.ticket)}}},
              {"Eproof",
               {{"WinCount", t.election_proof.win_count},
                {"VRFProof", bytes_to_json(t.election_proof.vrf_proof)}}},
              {"BeaconValues", beacons},
              {"Messages", messages},
              {"Epoch", t.epoch},
              {"Timestamp", t.timestamp},
              {"WinningPoStProof", proofs}};
}

BlockTemplate block_template_from_json(const json& j) {
  BlockTemplate t;
  t.miner = Address::parse(json_fields::text(field(j, "Miner"), "block template.Miner"));
  t.parents = TipSetKey::from_json(field(j, "Parents"));
  t.ticket = bytes_from_json(json_fields::field(field(j, "Ticket"), "Ticket", "VRFProof"));
  const json& e = field(j, "Eproof");
  t.election_proof = ElectionProof{
      json_fields::i64(json_fields::field(e, "Eproof", "WinCount"), "Eproof.WinCount"),
      bytes_from_json(json_fields::field(e, "Eproof", "VRFProof"))};
  if (const json& b = field(j, "BeaconValues"); !b.is_null())
    for (const auto& entry : json_fields::array(b, "BeaconValues"))
      t.beacon_values.push_back(beacon_entry_from_json(entry));
  if (const json& m = field(j, "Messages"); !m.is_null())
    for (const auto& message : json_fields::array(m, "Messages"))
      t.messages.push_back(signed_message_from_json(message));
  t.epoch = json_fields::i64(field(j, "Epoch"), "block template.Epoch");
  t.timestamp = json_fields::u64(field(j, "Timestamp"), "block template.Timestamp");
  if (const json& p = field(j, "WinningPoStProof"); !p.is_null())
    for (const auto& proof : json_fields::array(p, "WinningPoStProof"))
      t.winning_post_proof.push_back(
          PoStProof{json_fields::i64(json_fields::field(proof, "WinningPoStProof", "PoStProof"),
                                     "WinningPoStProof.PoStProof"),
                    bytes_from_json(json_fields::field(proof, "WinningPoStProof", "ProofBytes"))});
  return t;
}

json to_json(const BlockMsg& m, Network network) {
  return json{{"Header", m.header.to_json(network)},
              {"BlsMessages", cids_to_json(m.bls_messages)},
              {"SecpkMessages", cids_to_json(m.secpk_messages)}};
}

BlockMsg block_msg_from_json(const json& j) {
  return BlockMsg{
      BlockHeader::from_json(json_fields::field(j, "block message", "Header")),
      cids_from_json(json_fields::field(j, "block message", "BlsMessages"), "BlsMessages"),
      cids_from_json(json_fields::field(j, "block message", "SecpkMessages"), "SecpkMessages")};
}

}  // namespace tessera::chain
