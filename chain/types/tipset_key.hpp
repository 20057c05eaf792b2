// Tipset keys (lotus chain/types/tipset_key.go): the CIDs of a tipset's blocks. Bytes form (in
// CBOR, e.g. SectorInfo.PreCommitTipSet): the CIDs' binary forms concatenated; JSON form:
// [{"/": "bafy…"}, …].
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "common/cid/cid.hpp"
#include "common/encoding.hpp"

namespace tessera::chain {

struct TipSetKey {
  std::vector<cid::Cid> cids;

  Bytes to_bytes() const;
  // InvalidInput for bytes that are not a sequence of whole CIDs.
  static TipSetKey from_bytes(const Bytes& bytes);
  nlohmann::json to_json() const;
  // InvalidInput for anything but an array of {"/": cid} objects.
  static TipSetKey from_json(const nlohmann::json& json);
  // lotus's String(): "{bafy…,bafy…}".
  std::string to_string() const;

  bool operator==(const TipSetKey&) const = default;
};

}  // namespace tessera::chain
