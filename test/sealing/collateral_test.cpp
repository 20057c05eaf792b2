// lotus's collateralSendAmount (storage/pipeline/utils.go): with CollateralFromMinerBalance the
// message carries only what the miner's available balance, less AvailableBalanceBuffer, does
// not cover, or nothing at all with DisableCollateralFallback; by default all of it.
#include <catch2/catch.hpp>

#include "chain/types/big_int.hpp"
#include "sealing/pipeline/collateral.hpp"

using tessera::chain::parse_fil;
using tessera::chain::TokenAmount;
using tessera::pipeline::collateral_to_send;
using tessera::pipeline::CollateralPolicy;

TEST_CASE("collateral_to_send: lotus's CollateralFromMinerBalance rules",
          "[pipeline][collateral]") {
  const auto required = parse_fil("2");
  int asked = 0;
  const auto balance = [&](const char* fil) {
    return [&asked, fil] {
      ++asked;
      return parse_fil(fil);
    };
  };
  // Default: the message carries all of it and the balance is not asked.
  CHECK(collateral_to_send({}, required, balance("10")) == required);
  CHECK(asked == 0);

  const CollateralPolicy from_balance{.from_miner_balance = true};
  CHECK(collateral_to_send(from_balance, required, balance("10")) == TokenAmount());
  CHECK(collateral_to_send(from_balance, required, balance("0.5")) == parse_fil("1.5"));
  CHECK(collateral_to_send(from_balance, required, balance("0")) == required);
  CHECK(asked == 3);

  CollateralPolicy buffered = from_balance;
  buffered.available_balance_buffer = parse_fil("9");
  CHECK(collateral_to_send(buffered, required, balance("10")) == parse_fil("1"));
  CHECK(collateral_to_send(buffered, required, balance("8")) == required);  // below the buffer

  CollateralPolicy no_fallback = from_balance;
  no_fallback.disable_fallback = true;
  asked = 0;
  CHECK(collateral_to_send(no_fallback, required, balance("0")) == TokenAmount());
  CHECK(asked == 0);
}
