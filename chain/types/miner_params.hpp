// Messages a miner sends to its actor (and to the power actor to create one): method numbers
// and their parameters as CBOR tuples in field declaration order, as cbor-gen writes the
// go-state-types structs (builtin/v13 miner_types.go, miner_state.go, power_types.go).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "chain/types/address.hpp"
#include "chain/types/big_int.hpp"
#include "chain/types/bitfield.hpp"
#include "common/cid/cid.hpp"
#include "common/encoding.hpp"

namespace tessera::chain {

// go-state-types builtin/methods.go.
namespace power_method {
inline constexpr std::uint64_t kCreateMiner = 2;
}
namespace miner_method {
inline constexpr std::uint64_t kChangeWorkerAddress = 3;
inline constexpr std::uint64_t kChangePeerID = 4;
inline constexpr std::uint64_t kSubmitWindowedPoSt = 5;
inline constexpr std::uint64_t kPreCommitSector = 6;
inline constexpr std::uint64_t kProveCommitSector = 7;
inline constexpr std::uint64_t kDeclareFaults = 10;
inline constexpr std::uint64_t kDeclareFaultsRecovered = 11;
inline constexpr std::uint64_t kWithdrawBalance = 16;
inline constexpr std::uint64_t kChangeMultiaddrs = 18;
inline constexpr std::uint64_t kPreCommitSectorBatch2 = 28;
inline constexpr std::uint64_t kProveCommitSectors3 = 34;
}  // namespace miner_method

struct CreateMinerParams {
  Address owner, worker;
  std::int64_t window_post_proof_type = 0;
  Bytes peer;
  std::vector<Bytes> multiaddrs;
  bool operator==(const CreateMinerParams&) const = default;
};

struct ChangeWorkerAddressParams {
  Address new_worker;
  std::vector<Address> new_control_addrs;
  bool operator==(const ChangeWorkerAddressParams&) const = default;
};

struct ChangePeerIDParams {
  Bytes new_id;
  bool operator==(const ChangePeerIDParams&) const = default;
};

struct ChangeMultiaddrsParams {
  std::vector<Bytes> new_multiaddrs;
  bool operator==(const ChangeMultiaddrsParams&) const = default;
};

struct WithdrawBalanceParams {
  TokenAmount amount_requested;
  bool operator==(const WithdrawBalanceParams&) const = default;
};

// FaultDeclaration and RecoveryDeclaration have the same fields.
struct SectorDeclaration {
  std::uint64_t deadline = 0;
  std::uint64_t partition = 0;
  BitField sectors;
  bool operator==(const SectorDeclaration&) const = default;
};

// DeclareFaultsParams{Faults} and DeclareFaultsRecoveredParams{Recoveries}.
struct DeclarationsParams {
  std::vector<SectorDeclaration> declarations;
  bool operator==(const DeclarationsParams&) const = default;
};

struct PoStPartition {
  std::uint64_t index = 0;
  BitField skipped;
  bool operator==(const PoStPartition&) const = default;
};

struct PoStProof {
  std::int64_t post_proof = 0;  // RegisteredPoStProof
  Bytes proof_bytes;
  bool operator==(const PoStProof&) const = default;
};

struct SubmitWindowedPoStParams {
  std::uint64_t deadline = 0;
  std::vector<PoStPartition> partitions;
  std::vector<PoStProof> proofs;
  std::int64_t chain_commit_epoch = 0;
  Bytes chain_commit_rand;
  bool operator==(const SubmitWindowedPoStParams&) const = default;
};

struct SectorPreCommitInfo {
  std::int64_t seal_proof = 0;
  std::uint64_t sector_number = 0;
  cid::Cid sealed_cid;
  std::int64_t seal_rand_epoch = 0;
  std::vector<std::uint64_t> deal_ids;
  std::int64_t expiration = 0;
  std::optional<cid::Cid> unsealed_cid;
  bool operator==(const SectorPreCommitInfo&) const = default;
};

// PreCommitSector's params (method 6): the info without an unsealed CID, plus the deprecated
// committed-capacity replacement fields.
struct PreCommitSectorParams {
  SectorPreCommitInfo info;  // unsealed_cid unused
  bool replace_capacity = false;
  std::uint64_t replace_sector_deadline = 0;
  std::uint64_t replace_sector_partition = 0;
  std::uint64_t replace_sector_number = 0;
  bool operator==(const PreCommitSectorParams&) const = default;
};

struct PreCommitSectorBatchParams2 {
  std::vector<SectorPreCommitInfo> sectors;
  bool operator==(const PreCommitSectorBatchParams2&) const = default;
};

struct ProveCommitSectorParams {
  std::uint64_t sector_number = 0;
  Bytes proof;
  bool operator==(const ProveCommitSectorParams&) const = default;
};

struct VerifiedAllocationKey {
  std::uint64_t client = 0;
  std::uint64_t id = 0;
  bool operator==(const VerifiedAllocationKey&) const = default;
};

struct DataActivationNotification {
  Address address;
  Bytes payload;
  bool operator==(const DataActivationNotification&) const = default;
};

struct PieceActivationManifest {
  cid::Cid cid;
  std::uint64_t size = 0;
  std::optional<VerifiedAllocationKey> verified_allocation_key;
  std::vector<DataActivationNotification> notify;
  bool operator==(const PieceActivationManifest&) const = default;
};

struct SectorActivationManifest {
  std::uint64_t sector_number = 0;
  std::vector<PieceActivationManifest> pieces;
  bool operator==(const SectorActivationManifest&) const = default;
};

struct ProveCommitSectors3Params {
  std::vector<SectorActivationManifest> sector_activations;
  std::vector<Bytes> sector_proofs;
  Bytes aggregate_proof;
  std::optional<std::int64_t> aggregate_proof_type;
  bool require_activation_success = false;
  bool require_notification_success = false;
  bool operator==(const ProveCommitSectors3Params&) const = default;
};

// The WindowPoSt proof a new miner registers for its sector size: StackedDrgWindow<size>V1_1
// (10-14, required since network version 19; lotus miner.WindowPoStProofTypeFromSectorSize).
// InvalidInput for a size without a registered proof.
std::int64_t window_post_proof_for_sector_size(std::uint64_t sector_size);
// The WinningPoSt proof for a sector size: StackedDrgWinning<size>V1 (0-4, in the same size
// order; go-state-types abi RegisteredSealProof.RegisteredWinningPoStProof). InvalidInput as
// window_post_proof_for_sector_size.
std::int64_t winning_post_proof_for_sector_size(std::uint64_t sector_size);

// CBOR of each parameter type, and its decoder (InvalidInput on any other shape).
Bytes encode(const CreateMinerParams& p);
Bytes encode(const ChangeWorkerAddressParams& p);
Bytes encode(const ChangePeerIDParams& p);
Bytes encode(const ChangeMultiaddrsParams& p);
Bytes encode(const WithdrawBalanceParams& p);
Bytes encode(const DeclarationsParams& p);
Bytes encode(const SubmitWindowedPoStParams& p);
Bytes encode(const PreCommitSectorParams& p);
Bytes encode(const PreCommitSectorBatchParams2& p);
Bytes encode(const ProveCommitSectorParams& p);
Bytes encode(const ProveCommitSectors3Params& p);

CreateMinerParams decode_create_miner(const Bytes& cbor);
ChangeWorkerAddressParams decode_change_worker_address(const Bytes& cbor);
ChangePeerIDParams decode_change_peer_id(const Bytes& cbor);
ChangeMultiaddrsParams decode_change_multiaddrs(const Bytes& cbor);
WithdrawBalanceParams decode_withdraw_balance(const Bytes& cbor);
DeclarationsParams decode_declarations(const Bytes& cbor);
SubmitWindowedPoStParams decode_submit_windowed_post(const Bytes& cbor);
PreCommitSectorParams decode_precommit_sector(const Bytes& cbor);
PreCommitSectorBatchParams2 decode_precommit_sector_batch2(const Bytes& cbor);
ProveCommitSectorParams decode_prove_commit_sector(const Bytes& cbor);
ProveCommitSectors3Params decode_prove_commit_sectors3(const Bytes& cbor);

}  // namespace tessera::chain
