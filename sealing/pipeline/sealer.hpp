// What the sealing pipeline needs computed for a sector: lotus's sealing calls (AddPiece of the
// CC filler, PreCommit1/2, Commit1/2, FinalizeSector, removal). The worker manager implements
// it by running each call on a worker (sealing/workers/manager.hpp); tests use fakes. Calls
// block until the result is back; they throw a SealingFailure saying how to treat the error,
// or Cancelled when `stop` was requested.
#pragma once

#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include "common/cid/cid.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"
#include "storage/datastore/sector_info.hpp"
#include "storage/paths/sector_file_types.hpp"

namespace tessera::pipeline {

// The sector a call is about (lotus storiface.SectorRef).
struct SectorRef {
  paths::SectorId id;
  std::int64_t proof_type = 0;
};

// PreCommit2's commitments as CIDs (lotus storiface.SectorCids).
struct SealedCids {
  cid::Cid unsealed;
  cid::Cid sealed;
};

// damocles's four failure levels (peers.md §A.8): a temporary failure is retried after a
// backoff a bounded number of times; a sector-permanent one pauses the sector until an operator
// acts; a worker-permanent one is retried on another worker; abort drops the sector.
enum class FailureClass { kTemporary, kSectorPermanent, kWorkerPermanent, kAbort };

std::string_view failure_class_name(FailureClass failure);

class SealingFailure : public Error {
 public:
  SealingFailure(FailureClass failure, const std::string& message)
      : Error(message), failure_(failure) {}
  FailureClass failure() const { return failure_; }

 private:
  FailureClass failure_;
};

class Sealer {
 public:
  virtual ~Sealer() = default;
  // InvalidInput saying why when no worker could seal a sector of this proof type now.
  virtual void check_can_seal(std::int64_t seal_proof) = 0;
  // AddPiece of a committed-capacity sector's filler: the pieces now in its unsealed file.
  virtual std::vector<datastore::SectorPiece> pledge(const SectorRef& sector,
                                                     std::stop_token stop) = 0;
  // PreCommit1 with the chain ticket; returns the opaque PreCommit1Out.
  virtual Bytes precommit1(const SectorRef& sector, const Bytes& ticket,
                           const std::vector<datastore::SectorPiece>& pieces,
                           std::stop_token stop) = 0;
  virtual SealedCids precommit2(const SectorRef& sector, const Bytes& pc1_out,
                                std::stop_token stop) = 0;
  // Commit1: the vanilla proof for the interactive seed, as Commit1Out.
  virtual Bytes commit1(const SectorRef& sector, const Bytes& ticket, const Bytes& seed,
                        const std::vector<datastore::SectorPiece>& pieces, const SealedCids& cids,
                        std::stop_token stop) = 0;
  // Commit2: the proof bytes ProveCommitSector carries.
  virtual Bytes commit2(const SectorRef& sector, const Bytes& c1_out, std::stop_token stop) = 0;
  // Drops what proofs no longer need and moves sealed and cache files to long-term storage.
  // Without keep_unsealed the unsealed file is removed first (lotus ReleaseUnsealed with no
  // range to keep, as for a committed-capacity sector).
  virtual void finalize(const SectorRef& sector, bool keep_unsealed, std::stop_token stop) = 0;
  // Removes every file of the sector, wherever it is.
  virtual void remove(const SectorRef& sector, std::stop_token stop) = 0;
};

}  // namespace tessera::pipeline
