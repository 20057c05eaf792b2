// WindowPoSt deadline arithmetic (go-state-types dline.Info and the miner actor's proving
// period functions): 48 deadlines per proving period, each a challenge window, with the
// challenge epoch and fault-declaration cutoff before it opens.
#pragma once

#include <cstdint>

#include "chain/types/address.hpp"

namespace tessera::chain {

using ChainEpoch = std::int64_t;

// The protocol parameters deadlines depend on.
struct ProvingParams {
  std::uint64_t period_deadlines = 48;       // WPoStPeriodDeadlines
  ChainEpoch proving_period = 2880;          // WPoStProvingPeriod (mainnet: 24 h of 30 s epochs)
  ChainEpoch challenge_window = 60;          // WPoStChallengeWindow
  ChainEpoch challenge_lookback = 20;        // WPoStChallengeLookback
  ChainEpoch fault_declaration_cutoff = 70;  // FaultDeclarationCutoff (lookback + 50)

  static ProvingParams mainnet() { return {}; }
};

struct DeadlineInfo {
  ChainEpoch current_epoch = 0;
  ChainEpoch period_start = 0;
  std::uint64_t index = 0;  // < period_deadlines unless the period has elapsed
  ChainEpoch open = 0;
  ChainEpoch close = 0;
  ChainEpoch challenge = 0;
  ChainEpoch fault_cutoff = 0;
  ProvingParams params;

  bool period_started() const { return current_epoch >= period_start; }
  bool period_elapsed() const { return current_epoch >= next_period_start(); }
  ChainEpoch period_end() const { return period_start + params.proving_period - 1; }
  ChainEpoch next_period_start() const { return period_start + params.proving_period; }
  bool is_open() const { return current_epoch >= open && current_epoch < close; }
  bool has_elapsed() const { return current_epoch >= close; }
  ChainEpoch last() const { return close - 1; }
  ChainEpoch next_open() const { return close; }
  bool fault_cutoff_passed() const { return current_epoch >= fault_cutoff; }
  // The next instance of this deadline that has not elapsed.
  DeadlineInfo next_not_elapsed() const;
};

// dline.NewInfo: deadline `index` of the period starting at period_start, seen at current_epoch.
// An index >= period_deadlines gives the empty deadline just after the period.
DeadlineInfo new_deadline_info(ChainEpoch period_start, std::uint64_t index,
                               ChainEpoch current_epoch, const ProvingParams& params);
// The deadline current_epoch falls in (index 0 before the period starts, the empty one after).
DeadlineInfo proving_period_deadline(ChainEpoch period_start, ChainEpoch current_epoch,
                                     const ProvingParams& params);
// The miner actor's offset of its proving periods, in [0, proving_period): the first 8 bytes
// (big-endian) of BLAKE2b-256(CBOR(address) ‖ i64_be(epoch)).
ChainEpoch assign_proving_period_offset(const Address& miner, ChainEpoch epoch,
                                        const ProvingParams& params);
// The start of the proving period containing current_epoch for a miner with that offset.
ChainEpoch current_proving_period_start(ChainEpoch current_epoch, ChainEpoch offset,
                                        const ProvingParams& params);

}  // namespace tessera::chain
