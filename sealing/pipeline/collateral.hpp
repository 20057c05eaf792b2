// How much collateral a precommit or prove-commit message carries, as lotus's
// collateralSendAmount (storage/pipeline/utils.go) decides from the [Sealing] options
// CollateralFromMinerBalance, AvailableBalanceBuffer and DisableCollateralFallback.
#pragma once

#include <functional>

#include "chain/types/big_int.hpp"

namespace tessera::pipeline {

struct CollateralPolicy {
  bool from_miner_balance = false;              // CollateralFromMinerBalance
  chain::TokenAmount available_balance_buffer;  // AvailableBalanceBuffer
  bool disable_fallback = false;                // DisableCollateralFallback
};

// The value to send for `required` collateral: all of it by default; from the miner's balance
// (CollateralFromMinerBalance) nothing when the fallback is disabled, otherwise what the miner's
// available balance (asked of `available` only then) less the buffer does not cover, at least 0.
// Throws what `available` throws.
chain::TokenAmount collateral_to_send(const CollateralPolicy& policy,
                                      const chain::TokenAmount& required,
                                      const std::function<chain::TokenAmount()>& available);

}  // namespace tessera::pipeline
