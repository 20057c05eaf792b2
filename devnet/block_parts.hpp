// The parts of a devnet block besides its header fields: the ticket and beacon hash chains,
// the CIDs that commit to a block's messages and receipts, the BLS aggregate that stands for its
// BLS messages' signatures (lotus MinerCreateBlock / checkBlockMessages), and the block's
// chain.log record.
#pragma once

#include <vector>

#include "chain/types/actor_state.hpp"
#include "chain/types/block_header.hpp"
#include "chain/types/message.hpp"
#include "devnet/state.hpp"

namespace tessera::chain::devnet {

// BLAKE2b-256(previous ‖ i64_be(n)): the devnet's ticket and beacon chains (docs/devnet.md).
Bytes chain_hash(const Bytes& previous, std::int64_t n);

// True for a BLS-signed message: a block carries it unsigned, under BlsMessages.
bool is_bls(const SignedMessage& message);
// The messages in lotus's block order: the BLS-signed ones, then the others, each group in its
// original order.
std::vector<SignedMessage> bls_first(std::vector<SignedMessage> messages);
// The devnet's TxMeta: the CID (dag-cbor, BLAKE2b-256) of CBOR [[BLS message CIDs], [secp
// message CIDs]], a BLS message's CID being its unsigned message's (lotus: [AMT root, AMT root]).
cid::Cid messages_cid(const std::vector<SignedMessage>& messages);
// The Messages CID of the genesis header: the CID of an empty CBOR list (the commitment blocks
// carried before they split their messages), kept so that existing repos keep their genesis CID.
cid::Cid genesis_messages_cid();
// CID of the CBOR list of [exit code, return, gas used] receipts.
cid::Cid receipts_cid(const std::vector<MessageReceipt>& receipts);

// The header's BLSAggregate for these messages: the sum of the BLS-signed ones' signatures, or
// the zero (identity) signature when there are none. InvalidInput when a signature does not
// decode.
Signature bls_aggregate(const std::vector<SignedMessage>& messages);
// lotus checkBlockMessages' signature checks, with senders' keys read from the parent state:
// the header's BLS aggregate must verify for every BLS-signed message's unsigned CID bytes under
// its sender's f3 key (nothing more is checked when there are none, as lotus), and every other
// message's own signature must verify. InvalidInput naming what fails: a missing aggregate, a
// sender without a key address, a BLS message from a non-f3 sender, an aggregate or a message
// signature that does not verify.
void check_block_signatures(const BlockHeader& header, const std::vector<SignedMessage>& messages,
                            const State& parent_state);

// A chain.log record: CBOR [header CBOR bytes, [signed message CBOR bytes...]], the messages in
// the order they were applied (BLS messages keep their own signatures here).
Bytes block_record(const BlockHeader& header, const std::vector<SignedMessage>& messages);

}  // namespace tessera::chain::devnet
