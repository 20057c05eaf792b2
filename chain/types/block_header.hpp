// Block headers and tipsets (lotus chain/types): the 16-field CBOR tuple whose BLAKE2b-256 CID
// names a block, and the JSON form the full-node API uses (ChainHead, ChainGetTipSet…).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <vector>

#include "chain/types/address.hpp"
#include "chain/types/big_int.hpp"
#include "chain/types/message.hpp"
#include "chain/types/miner_params.hpp"
#include "chain/types/tipset_key.hpp"
#include "common/cid/cid.hpp"

namespace tessera::chain {

struct ElectionProof {
  std::int64_t win_count = 0;
  Bytes vrf_proof;
  bool operator==(const ElectionProof&) const = default;
};

struct BeaconEntry {
  std::uint64_t round = 0;
  Bytes data;
  bool operator==(const BeaconEntry&) const = default;
};

struct BlockHeader {
  Address miner;
  std::optional<Bytes> ticket;  // the ticket's VRF proof
  std::optional<ElectionProof> election_proof;
  std::vector<BeaconEntry> beacon_entries;
  std::vector<PoStProof> win_post_proof;
  std::vector<cid::Cid> parents;
  BigInt parent_weight;
  std::int64_t height = 0;
  cid::Cid parent_state_root;
  cid::Cid parent_message_receipts;
  cid::Cid messages;
  std::optional<Signature> bls_aggregate;
  std::uint64_t timestamp = 0;
  std::optional<Signature> block_sig;
  std::uint64_t fork_signaling = 0;
  BigInt parent_base_fee;

  Bytes to_cbor() const;
  // InvalidInput unless cbor is the 16-field tuple with well-formed fields.
  static BlockHeader from_cbor(const Bytes& cbor);
  cid::Cid cid() const;
  nlohmann::json to_json(Network network = wire_network()) const;
  static BlockHeader from_json(const nlohmann::json& json);

  bool operator==(const BlockHeader&) const = default;
};

struct TipSet {
  std::vector<BlockHeader> blocks;

  TipSetKey key() const;
  std::int64_t height() const { return blocks.empty() ? 0 : blocks.front().height; }
  // {"Cids": […], "Blocks": […], "Height": n}
  nlohmann::json to_json(Network network = wire_network()) const;
  // InvalidInput for malformed JSON, no blocks, or "Cids" that are not the blocks' CIDs.
  static TipSet from_json(const nlohmann::json& json);
};

}  // namespace tessera::chain
