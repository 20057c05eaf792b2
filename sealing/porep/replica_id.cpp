#include "sealing/porep/replica_id.hpp"

#include "common/cid/varint.hpp"
#include "crypto/sha256_trunc254.hpp"

namespace tessera::porep {

crypto::Digest32 prover_id_for(std::uint64_t actor_id) {
  Bytes payload;
  cid::put_uvarint(payload, actor_id);
  crypto::Digest32 id{};
  std::copy(payload.begin(), payload.end(), id.begin());
  return id;
}

crypto::Digest32 replica_id(const crypto::Digest32& prover_id, std::uint64_t sector_number,
                            const crypto::Digest32& ticket, const crypto::Digest32& comm_d,
                            const PorepId& porep_id) {
  std::uint8_t sector_be[8];
  for (int i = 7; i >= 0; --i, sector_number >>= 8) sector_be[i] = static_cast<std::uint8_t>(sector_number);
  crypto::Sha256 h;
  h.update(prover_id.data(), 32).update(sector_be, 8).update(ticket.data(), 32);
  h.update(comm_d.data(), 32).update(porep_id.data(), 32);
  auto out = h.finish();
  crypto::truncate_to_fr(out.data());
  return out;
}

}  // namespace tessera::porep
