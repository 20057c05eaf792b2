// The parts of a devnet block besides its header fields: the ticket and beacon hash chains,
// the CIDs that commit to a block's messages and receipts, and the block's chain.log record.
#pragma once

#include <vector>

#include "chain/types/actor_state.hpp"
#include "chain/types/block_header.hpp"
#include "chain/types/message.hpp"

namespace tessera::chain::devnet {

// BLAKE2b-256(previous ‖ i64_be(n)): the devnet's ticket and beacon chains (docs/devnet.md).
Bytes chain_hash(const Bytes& previous, std::int64_t n);
// CID (dag-cbor, BLAKE2b-256) of the CBOR list of the messages' CIDs.
cid::Cid messages_cid(const std::vector<SignedMessage>& messages);
// CID of the CBOR list of [exit code, return, gas used] receipts.
cid::Cid receipts_cid(const std::vector<MessageReceipt>& receipts);
// A chain.log record: CBOR [header CBOR bytes, [signed message CBOR bytes...]].
Bytes block_record(const BlockHeader& header, const std::vector<SignedMessage>& messages);

}  // namespace tessera::chain::devnet
