#include "post/remote_proof_source.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/jsonrpc/http_post.hpp"
#include "post/fallback/vanilla_post_json.hpp"
#include "sealing/porep/proof_types.hpp"

namespace tessera::post {
namespace {

using Clock = std::chrono::steady_clock;

// The base /remote URLs of the paths holding both the sealed file and the cache of `sector`.
std::vector<std::string> holders(const paths::IndexApi& index, const paths::SectorId& sector,
                                 std::uint64_t sector_size) {
  std::set<std::string> with_sealed;
  for (const auto& s :
       index.find(sector, static_cast<std::uint32_t>(paths::FileType::kSealed), sector_size, false))
    with_sealed.insert(s.id);
  std::vector<std::string> urls;
  for (const auto& s :
       index.find(sector, static_cast<std::uint32_t>(paths::FileType::kCache), sector_size, false))
    if (with_sealed.count(s.id)) urls.insert(urls.end(), s.base_urls.begin(), s.base_urls.end());
  return urls;
}

SectorPostProof proof_from(const std::string& body, const std::string& url) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded()) throw IoError(url + " answered with something that is not JSON");
  auto proofs = post_proofs_from_json(json);
  if (proofs.size() != 1)
    throw IoError(url + " answered with " + std::to_string(proofs.size()) + " proofs, not 1");
  return std::move(proofs[0]);
}

}  // namespace

SectorProofSource remote_proof_source(const paths::IndexApi& index, std::uint64_t miner_id,
                                      std::string token) {
  return [&index, miner_id, token = std::move(token)](const PostSectorChallenge& challenge,
                                                      ProofDeadline deadline) {
    const paths::SectorId sector{miner_id, challenge.sector_number};
    const auto size = porep::seal_proof_info(challenge.seal_proof).sector_size;
    const auto urls = holders(index, sector, size);
    const std::string name = "sector " + std::to_string(challenge.sector_number);
    if (urls.empty()) throw NotFound("the sector index lists no storage holding " + name);
    const std::string body = to_json(SingleVanillaRequest{miner_id, challenge}).dump();
    std::string failures;
    bool all_not_found = true;
    for (std::size_t i = 0; i < urls.size(); ++i) {
      const std::string url = urls[i] + "/vanilla/single";
      // Each holder gets an equal share of the time left, so one that never answers leaves
      // time to ask the others.
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()) /
          static_cast<long>(urls.size() - i);
      if (left.count() <= 0) throw IoError(name + ": out of time before asking " + url);
      try {
        const auto reply =
            jsonrpc::http_post(jsonrpc::parse_http_url(url), token, "application/json", body, left);
        if (reply.status == 200) return proof_from(reply.body, url);
        if (reply.status != 404) all_not_found = false;
        failures += "; " + url + ": HTTP " + std::to_string(reply.status) + " " + reply.body;
      } catch (const Error& e) {
        all_not_found = false;
        failures += "; " + url + ": " + e.what();
      }
    }
    if (all_not_found) throw NotFound("no storage holding " + name + " has its files" + failures);
    throw IoError("no storage holding " + name + " proved it" + failures);
  };
}

}  // namespace tessera::post
