// Parameter file names derived from first principles against lotus's parameters.json (the
// catalog), and the catalog's selection rule (go-paramfetch GetParams).
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "common/error.hpp"
#include "sealing/params/parameter_catalog.hpp"
#include "sealing/params/parameter_names.hpp"

using namespace tessera;
using namespace tessera::params;

namespace {

constexpr std::uint64_t kKiB = 1024, kMiB = 1024 * kKiB, kGiB = 1024 * kMiB;
constexpr std::uint64_t kPublishedSizes[] = {2 * kKiB, 8 * kMiB, 512 * kMiB, 32 * kGiB, 64 * kGiB};

}  // namespace

TEST_CASE("catalog holds lotus's parameters.json and the SRS", "[params]") {
  const auto parameters = official_parameters();
  CHECK(parameters.size() == 40);  // lotus build/proof-params/parameters.json at b835fab7
  REQUIRE(official_srs().size() == 1);
  CHECK(official_srs()[0].name == "v28-fil-inner-product-v1.srs");
  CHECK(official_srs()[0].sector_size == 0);

  std::set<std::string_view> names;
  for (const auto& f : parameters) {
    INFO(f.name);
    names.insert(f.name);
    CHECK(f.name.starts_with("v28-"));
    CHECK((f.name.ends_with(kParamsExtension) || f.name.ends_with(kVerifyingKeyExtension)));
    CHECK(f.digest.size() == 32);
    CHECK(f.digest.find_first_not_of("0123456789abcdef") == std::string_view::npos);
    CHECK((f.cid.starts_with("Qm") && f.cid.size() == 46));
    CHECK(std::find(std::begin(kPublishedSizes), std::end(kPublishedSizes), f.sector_size) !=
          std::end(kPublishedSizes));
  }
  CHECK(names.size() == parameters.size());
  CHECK(std::is_sorted(parameters.begin(), parameters.end(),
                       [](const auto& a, const auto& b) { return a.name < b.name; }));
  const auto snap = std::count_if(parameters.begin(), parameters.end(), [](const auto& f) {
    return f.name.starts_with("v28-empty-sector-update-");
  });
  CHECK(snap == 10);
}

TEST_CASE("catalog lookup by name", "[params]") {
  // reference/proofs.md §8.2, quoting rust-fil-proofs parameters.json @87348a74.
  const auto porep32 = find_parameter_file(
      "v28-stacked-proof-of-replication-merkletree-poseidon_hasher-8-8-0-sha256_hasher-"
      "82a357d2f2ca81dc61bb45f4a762807aedee1b0a53fd6c4e77b46a01bfef7820.params");
  REQUIRE(porep32);
  CHECK(porep32->cid == "QmengpM684XLQfG8754ToonszgEg2bQeAGUan5uXTHUQzJ");
  CHECK(porep32->digest == "6a388072a518cf46ebd661f5cc46900a");
  CHECK(porep32->sector_size == 32 * kGiB);
  const auto porep2k_vk = find_parameter_file(
      "v28-stacked-proof-of-replication-merkletree-poseidon_hasher-8-0-0-sha256_hasher-"
      "032d3138d22506ec0082ed72b2dcba18df18477904e35bafee82b3793b06832f.vk");
  REQUIRE(porep2k_vk);
  CHECK(porep2k_vk->digest == "dc1ade9929ade1708238f155343044ac");
  const auto srs = find_parameter_file("v28-fil-inner-product-v1.srs");
  REQUIRE(srs);
  CHECK(srs->cid == "Qmdq44DjcQnFfU3PJcdX7J49GCqcUYszr1TxMbHtAkvQ3g");

  CHECK_FALSE(find_parameter_file("v28-no-such-file.params"));
  CHECK_FALSE(find_parameter_file(""));
  // The poseidon SnapDeals variant is in rust-fil-proofs' list but not in lotus's.
  CHECK_FALSE(find_parameter_file(
      "v28-empty-sector-update-poseidon-merkletree-poseidon_hasher-8-8-0-"
      "3b7f44a9362e3985369454947bc94022e118211e49fd672d52bec1cbfd599d18.params"));
}

TEST_CASE("required files follow go-paramfetch: every .vk, this size's .params, the SRS",
          "[params]") {
  for (const auto size : kPublishedSizes) {
    INFO(size);
    const auto files = required_files(size);
    CHECK(files.size() == 25);  // 20 .vk + PoRep, Winning, Window, SnapDeals .params + SRS
    std::size_t vks = 0, params = 0, srs = 0;
    for (const auto& f : files) {
      if (f.name.ends_with(kVerifyingKeyExtension)) ++vks;
      if (f.name.ends_with(kParamsExtension)) {
        ++params;
        CHECK(f.sector_size == size);
      }
      if (f.name.ends_with(".srs")) ++srs;
    }
    CHECK(vks == 20);
    CHECK(params == 4);
    CHECK(srs == 1);
  }

  // The rule over a small table: a .vk of another size stays, a .params of another size goes.
  const ParameterFile table[] = {{"a.params", "QmA", "00", 2048},
                                 {"a.vk", "QmB", "01", 2048},
                                 {"b.params", "QmC", "02", 4096},
                                 {"b.vk", "QmD", "03", 4096}};
  const ParameterFile srs[] = {{"s.srs", "QmE", "04", 0}};
  const auto picked = required_files(4096, table, srs);
  std::vector<std::string_view> names;
  for (const auto& f : picked) names.push_back(f.name);
  CHECK(names == std::vector<std::string_view>{"a.vk", "b.params", "b.vk", "s.srs"});

  CHECK_THROWS_WITH(required_files(1 * kGiB),
                    Catch::Contains("no proof parameters are published for sector size 1GiB") &&
                        Catch::Contains("2KiB, 8MiB, 512MiB, 32GiB, 64GiB"));
  CHECK_THROWS_AS(required_files(0), InvalidInput);
  CHECK_THROWS_AS(required_files(2048, {}, srs), InvalidInput);
}

TEST_CASE("sector sizes as fetch-params takes them", "[params]") {
  CHECK(sector_size_arg(2 * kKiB) == "2KiB");
  CHECK(sector_size_arg(8 * kMiB) == "8MiB");
  CHECK(sector_size_arg(512 * kMiB) == "512MiB");
  CHECK(sector_size_arg(32 * kGiB) == "32GiB");
  CHECK(sector_size_arg(64 * kGiB) == "64GiB");
  CHECK(sector_size_arg(1536) == "1536");
  CHECK(sector_size_arg(0) == "0");
}

TEST_CASE("PoRep identifiers match rust-fil-proofs", "[params]") {
  // rust-fil-proofs storage-proofs-porep/src/stacked/vanilla/params.rs
  // test_public_params_identifier (filecoin-project/rust-fil-proofs
  // @87348a749d80447d00c595af834a8ed73c09e4d9).
  CHECK(circuit_identifier(Circuit::kPoRep, 32 * kGiB) ==
        "layered_drgporep::PublicParams{ graph: stacked_graph::StackedGraph{expansion_degree: 8 "
        "base_graph: drgraph::BucketGraph{size: 1073741824; degree: 6; hasher: poseidon_hasher} "
        "}, challenges: LayerChallenges { layers: 11, max_count: 18 }, tree: "
        "merkletree-poseidon_hasher-8-8-0 }");
  CHECK(circuit_identifier(Circuit::kPoRep, 64 * kGiB) ==
        "layered_drgporep::PublicParams{ graph: stacked_graph::StackedGraph{expansion_degree: 8 "
        "base_graph: drgraph::BucketGraph{size: 2147483648; degree: 6; hasher: poseidon_hasher} "
        "}, challenges: LayerChallenges { layers: 11, max_count: 18 }, tree: "
        "merkletree-poseidon_hasher-8-8-2 }");
  CHECK(circuit_identifier(Circuit::kWinningPoSt, 2 * kKiB) ==
        "FallbackPoSt::PublicParams{sector_size: 2048, challenge_count: 1, sector_count: 66}");
  CHECK(cache_prefix(Circuit::kWindowPoSt, 64 * kGiB) ==
        "proof-of-spacetime-fallback-merkletree-poseidon_hasher-8-8-2");
}

TEST_CASE("derived PoRep, WinningPoSt and WindowPoSt names are lotus's catalog entries",
          "[params]") {
  std::size_t matched = 0;
  for (const auto size : kPublishedSizes) {
    for (const auto circuit : {Circuit::kPoRep, Circuit::kWinningPoSt, Circuit::kWindowPoSt}) {
      const auto stem = parameter_stem(circuit, size);
      INFO(stem);
      for (const auto ext : {kParamsExtension, kVerifyingKeyExtension}) {
        const auto entry = find_parameter_file(stem + std::string(ext));
        REQUIRE(entry);
        CHECK(entry->sector_size == size);
        ++matched;
      }
    }
  }
  CHECK(matched == 30);  // every non-SnapDeals entry of the catalog
  // Winning and Window of one size are different circuits with different files.
  CHECK(parameter_stem(Circuit::kWinningPoSt, 2 * kKiB) !=
        parameter_stem(Circuit::kWindowPoSt, 2 * kKiB));
  CHECK(parameter_stem(Circuit::kPoRep, 2 * kKiB) ==
        "v28-stacked-proof-of-replication-merkletree-poseidon_hasher-8-0-0-sha256_hasher-"
        "032d3138d22506ec0082ed72b2dcba18df18477904e35bafee82b3793b06832f");
  CHECK_THROWS_AS(parameter_stem(Circuit::kPoRep, 1 * kGiB), InvalidInput);
  CHECK_THROWS_AS(circuit_identifier(Circuit::kWindowPoSt, 4 * kKiB), InvalidInput);
}
