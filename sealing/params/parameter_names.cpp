// Parameter file names as rust-fil-proofs derives them: storage-proofs-core parameter_cache.rs
// (cache_identifier, VERSION = 28), porep stacked/vanilla/params.rs and graph.rs, core drgraph.rs,
// post fallback/vanilla.rs and compound.rs, core merkle/tree.rs (display), filecoin-proofs
// constants.rs (filecoin-project/rust-fil-proofs at 87348a749d80447d00c595af834a8ed73c09e4d9).
#include "sealing/params/parameter_names.hpp"

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "crypto/sha256.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/sdr_graph.hpp"

namespace tessera::params {
namespace {

constexpr std::string_view kVersionPrefix = "v28-";
constexpr std::uint32_t kBaseArity = 8;  // every published TreeR/TreeC base is 8-ary
constexpr std::uint64_t kNodeSize = 32;
constexpr std::string_view kTreeHasher = "poseidon_hasher";
constexpr std::string_view kTreeDHasher = "sha256_hasher";

// constants.rs: WINNING_POST_CHALLENGE_COUNT = 66 and WINNING_POST_SECTOR_COUNT = 1, set up as
// 66 "sectors" of one challenge each (parameters.rs winning_post_setup_params).
constexpr std::uint64_t kWinningSectorCount = 66;
constexpr std::uint64_t kWinningChallengeCount = 1;
constexpr std::uint64_t kWindowChallengeCount = 10;  // WINDOW_POST_CHALLENGE_COUNT

// constants.rs WINDOW_POST_SECTOR_COUNT: sectors per WindowPoSt partition.
std::uint64_t window_post_sector_count(const porep::SealProofInfo& info) {
  if (info.sector_size == (std::uint64_t{32} << 30)) return 2349;
  if (info.sector_size == (std::uint64_t{64} << 30)) return 2300;
  return 2;
}

// merkle/tree.rs display(): "merkletree-poseidon_hasher-8-<sub>-<top>".
std::string tree_display(const porep::SealProofInfo& info) {
  return "merkletree-" + std::string(kTreeHasher) + "-" + std::to_string(kBaseArity) + "-" +
         std::to_string(info.sub_arity) + "-" + std::to_string(info.top_arity);
}

std::string porep_identifier(const porep::SealProofInfo& info) {
  const std::string base_graph =
      "drgraph::BucketGraph{size: " + std::to_string(info.sector_size / kNodeSize) +
      "; degree: " + std::to_string(porep::kBaseDegree) + "; hasher: " + std::string(kTreeHasher) +
      "}";
  const std::string graph =
      "stacked_graph::StackedGraph{expansion_degree: " + std::to_string(porep::kExpansionDegree) +
      " base_graph: " + base_graph + " }";
  return "layered_drgporep::PublicParams{ graph: " + graph +
         ", challenges: LayerChallenges { layers: " + std::to_string(info.layers) +
         ", max_count: " + std::to_string(info.challenges_per_partition) +
         " }, tree: " + tree_display(info) + " }";
}

std::string post_identifier(std::uint64_t sector_size, std::uint64_t challenge_count,
                            std::uint64_t sector_count) {
  return "FallbackPoSt::PublicParams{sector_size: " + std::to_string(sector_size) +
         ", challenge_count: " + std::to_string(challenge_count) +
         ", sector_count: " + std::to_string(sector_count) + "}";
}

}  // namespace

PostCounts post_counts(Circuit circuit, std::uint64_t sector_size) {
  const auto& info = porep::seal_proof_for_size(sector_size);
  switch (circuit) {
    case Circuit::kWinningPoSt:
      return {kWinningChallengeCount, kWinningSectorCount};
    case Circuit::kWindowPoSt:
      return {kWindowChallengeCount, window_post_sector_count(info)};
    case Circuit::kPoRep:
      break;
  }
  throw InvalidInput("post_counts: not a PoSt circuit");
}

std::string circuit_identifier(Circuit circuit, std::uint64_t sector_size) {
  if (circuit == Circuit::kPoRep) return porep_identifier(porep::seal_proof_for_size(sector_size));
  const PostCounts counts = post_counts(circuit, sector_size);
  return post_identifier(sector_size, counts.challenge_count, counts.sector_count);
}

std::string cache_prefix(Circuit circuit, std::uint64_t sector_size) {
  const auto& info = porep::seal_proof_for_size(sector_size);
  if (circuit == Circuit::kPoRep)
    return "stacked-proof-of-replication-" + tree_display(info) + "-" + std::string(kTreeDHasher);
  return "proof-of-spacetime-fallback-" + tree_display(info);
}

std::string parameter_stem(Circuit circuit, std::uint64_t sector_size) {
  const auto identifier = circuit_identifier(circuit, sector_size);
  const auto digest = crypto::sha256(to_bytes(identifier));
  return std::string(kVersionPrefix) + cache_prefix(circuit, sector_size) + "-" +
         hex_encode(Bytes(digest.begin(), digest.end()));
}

}  // namespace tessera::params
