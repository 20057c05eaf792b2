#include "chain/types/deadline.hpp"

#include "common/cbor/cbor.hpp"
#include "crypto/blake2b.hpp"

namespace tessera::chain {

DeadlineInfo DeadlineInfo::next_not_elapsed() const {
  DeadlineInfo next = *this;
  while (next.has_elapsed())
    next = new_deadline_info(next.next_period_start(), index, current_epoch, params);
  return next;
}

DeadlineInfo new_deadline_info(ChainEpoch period_start, std::uint64_t index,
                               ChainEpoch current_epoch, const ProvingParams& params) {
  DeadlineInfo d{current_epoch, period_start, index, 0, 0, 0, 0, params};
  if (index < params.period_deadlines) {
    d.open = period_start + static_cast<ChainEpoch>(index) * params.challenge_window;
    d.close = d.open + params.challenge_window;
    d.challenge = d.open - params.challenge_lookback;
    d.fault_cutoff = d.open - params.fault_declaration_cutoff;
  } else {
    d.open = d.close = d.challenge = period_start + params.proving_period;
    d.fault_cutoff = 0;
  }
  return d;
}

DeadlineInfo proving_period_deadline(ChainEpoch period_start, ChainEpoch current_epoch,
                                     const ProvingParams& params) {
  const ChainEpoch progress = current_epoch - period_start;
  if (progress >= params.proving_period)
    return new_deadline_info(period_start, params.period_deadlines, current_epoch, params);
  const std::uint64_t index =
      progress < 0 ? 0 : static_cast<std::uint64_t>(progress / params.challenge_window);
  return new_deadline_info(period_start, index, current_epoch, params);
}

ChainEpoch assign_proving_period_offset(const Address& miner, ChainEpoch epoch,
                                        const ProvingParams& params) {
  cbor::Writer w;
  w.write_bytes(miner.to_bytes());
  Bytes seed = w.take();
  for (int i = 7; i >= 0; --i)
    seed.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(epoch) >> (8 * i)));
  const Bytes digest = crypto::blake2b(seed, 32);
  std::uint64_t offset = 0;
  for (int i = 0; i < 8; ++i) offset = (offset << 8) | digest[i];
  return static_cast<ChainEpoch>(offset % static_cast<std::uint64_t>(params.proving_period));
}

ChainEpoch current_proving_period_start(ChainEpoch current_epoch, ChainEpoch offset,
                                        const ProvingParams& params) {
  const ChainEpoch modulus = current_epoch % params.proving_period;
  const ChainEpoch progress =
      modulus >= offset ? modulus - offset : params.proving_period - (offset - modulus);
  return current_epoch - progress;
}

}  // namespace tessera::chain
