#include "sealing/pipeline/collateral.hpp"

namespace tessera::pipeline {

chain::TokenAmount collateral_to_send(const CollateralPolicy& policy,
                                      const chain::TokenAmount& required,
                                      const std::function<chain::TokenAmount()>& available) {
  if (!policy.from_miner_balance) return required;
  if (policy.disable_fallback) return chain::TokenAmount();
  const auto balance = available();
  if (balance <= policy.available_balance_buffer) return required;
  const auto usable = balance - policy.available_balance_buffer;
  return usable >= required ? chain::TokenAmount() : required - usable;
}

}  // namespace tessera::pipeline
