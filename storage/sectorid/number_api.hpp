// The sector-number methods (reference/lotus-compat.md §2.3): lotus's SectorNum* and tessera's
// SectorNumAllocate, one declaration each with the codecs of their types. Every miner serves
// them over its SectorNumberSource; the --sctype=alloce miner's service serves them to the get
// miners, whose SectorNumberClient calls them; so does the CLI.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "chain/types/state_json.hpp"
#include "common/api/method.hpp"
#include "storage/sectorid/number_source.hpp"

namespace tessera::sectorid {

// {"Reserved", "Allocated", "InUse": bitfields, "Next": number} (lotus api.NumAssignerMeta).
nlohmann::json to_json(const NumAssignerMeta& meta);
NumAssignerMeta num_assigner_meta_from_json(const nlohmann::json& json);

}  // namespace tessera::sectorid

TESSERA_API_CODEC(tessera::sectorid::NumAssignerMeta, tessera::sectorid::to_json,
                  tessera::sectorid::num_assigner_meta_from_json);

namespace tessera::sectorid {

using api::Method;
using api::Perm;

// tessera: SectorNumAllocate(count, key) -> the numbers; the same key gets the same numbers.
inline constexpr Method<std::vector<std::uint64_t>(std::uint64_t, std::string)> kSectorNumAllocate{
    "Filecoin.SectorNumAllocate", Perm::kWrite};
inline constexpr Method<NumAssignerMeta()> kSectorNumAssignerMeta{"Filecoin.SectorNumAssignerMeta",
                                                                  Perm::kRead};
inline constexpr Method<std::map<std::string, chain::BitField>()> kSectorNumReservations{
    "Filecoin.SectorNumReservations", Perm::kRead};
// SectorNumReserve(name, numbers, force).
inline constexpr Method<void(std::string, chain::BitField, bool)> kSectorNumReserve{
    "Filecoin.SectorNumReserve", Perm::kAdmin};
// SectorNumReserveCount(name, count) -> the numbers reserved.
inline constexpr Method<chain::BitField(std::string, std::uint64_t)> kSectorNumReserveCount{
    "Filecoin.SectorNumReserveCount", Perm::kAdmin};
inline constexpr Method<void(std::string)> kSectorNumFree{"Filecoin.SectorNumFree", Perm::kAdmin};

}  // namespace tessera::sectorid
