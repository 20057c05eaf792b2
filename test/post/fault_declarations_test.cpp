// faults_to_declare and recoveries_to_declare against the in-process devnet (vanilla proofs,
// 48 deadlines of 4 epochs) served over JSON-RPC, with the setup of window_post_prover_test.cpp:
// two 2 KiB sectors sealed on disk, precommitted, prove-committed and proven once. With every
// file in place nothing is declared; another sector's files fail the check; once a sealed file
// is moved away its sector is listed as a fault, and DeclareFaults for deadline
// (current + 2) mod 48 makes it faulty; with the file back it is listed as a recovery,
// DeclareFaultsRecovered marks it recovering (declaring one deadline ahead is refused), and the
// deadline's WindowPoSt proves it active.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "chain/api/full_node_connect.hpp"
#include "chain/types/miner_params.hpp"
#include "chain/types/randomness.hpp"
#include "common/api_info.hpp"
#include "common/cbor/cbor.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "devnet/devnet.hpp"
#include "devnet/devnet_api.hpp"
#include "post/window/fault_declarations.hpp"
#include "post/window/window_post_prover.hpp"
#include "sealing/porep/commit1.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "sealing/porep/vanilla_proof_json.hpp"
#include "test/support/devnet_test_params.hpp"
#include "test/support/env_guard.hpp"
#include "test/support/temp_dir.hpp"
#include "test/support/window_post_chain.hpp"

using namespace tessera;
using namespace tessera::chain;
using tessera::post::SectorFiles;
using tessera::post::window::faults_to_declare;
using tessera::post::window::prove_partitions;
using tessera::post::window::ProveRequest;
using tessera::post::window::recoveries_to_declare;

using Chain = test::WindowPostChain;
using test::bits;

TEST_CASE(
    "fault declarations: a lost sector is declared faulty, once found declared recovered and "
    "proven active again",
    "[post][window][devnet]") {
  Chain chain;
  chain.commit_sectors({1, 2});
  const std::uint64_t d1 = chain.deadline_of(1), d2 = chain.deadline_of(2);
  REQUIRE(d1 != d2);
  const auto faults = [&](std::uint64_t d, const post::SectorFileLookup& files) {
    return faults_to_declare(chain.miner(), d, chain.head(), *chain.client, Chain::access(files));
  };
  const auto recoveries = [&](std::uint64_t d, std::uint64_t max_partitions = 0) {
    return recoveries_to_declare(chain.miner(), d, chain.head(), *chain.client,
                                 Chain::access(chain.lookup()), max_partitions);
  };

  // The first proving period: both sectors proven in their deadlines, in the order they open.
  const std::uint64_t current =
      chain.client->state_miner_proving_deadline(chain.miner(), chain.head()).index;
  const bool d1_first = (d1 + 48 - current) % 48 < (d2 + 48 - current) % 48;
  for (const std::uint64_t d : d1_first ? std::vector{d1, d2} : std::vector{d2, d1}) {
    REQUIRE(chain.submit(chain.prove(chain.advance_into(d), chain.lookup())).exit_code == 0);
    REQUIRE(chain.partition(d).faulty_sectors.empty());
  }

  // Every file in place: nothing to declare.
  for (const std::uint64_t d : {d1, d2}) {
    CHECK(faults(d, chain.lookup()).declarations.empty());
    CHECK(recoveries(d).empty());
  }
  // Files that cannot prove the sector: none, or sector 2's for sector 1 (another CommR).
  CHECK(faults(d1, [](std::uint64_t) { return std::nullopt; }) ==
        DeclarationsParams{{{d1, 0, bits({1})}}});
  CHECK(faults(d1, [&](std::uint64_t) { return chain.sector_files[2]; }) ==
        DeclarationsParams{{{d1, 0, bits({1})}}});

  const auto sealed = chain.sector_files[2].sealed, moved = chain.dir / "moved";
  std::filesystem::rename(sealed, moved);
  CHECK(faults(d1, chain.lookup()).declarations.empty());
  CHECK(recoveries(d2).empty());  // not faulty yet

  // lotus declares for (current + 2) mod 48, whose fault cutoff has not passed.
  const auto before = chain.advance_into((d2 + 46) % 48);
  REQUIRE((before.index + 2) % 48 == d2);
  const auto declared_faults = faults(d2, chain.lookup());
  CHECK(declared_faults == DeclarationsParams{{{d2, 0, bits({2})}}});
  REQUIRE(
      chain.run(chain.to_miner(miner_method::kDeclareFaults, encode(declared_faults))).exit_code ==
      0);
  CHECK(chain.partition(d2).faulty_sectors == bits({2}));
  CHECK(chain.partition(d2).active_sectors.empty());
  CHECK(faults(d2, chain.lookup()).declarations.empty());  // already faulty
  CHECK(recoveries(d2).empty());                           // its file is still missing

  std::filesystem::rename(moved, sealed);
  const auto declared_recoveries = recoveries(d2);
  REQUIRE(declared_recoveries.size() == 1);
  CHECK(declared_recoveries[0] == DeclarationsParams{{{d2, 0, bits({2})}}});
  CHECK(recoveries(d2, 1) == declared_recoveries);  // one partition fits any limit
  REQUIRE(chain
              .run(chain.to_miner(miner_method::kDeclareFaultsRecovered,
                                  encode(declared_recoveries[0])))
              .exit_code == 0);
  CHECK(chain.partition(d2).recovering_sectors == bits({2}));
  CHECK(recoveries(d2).empty());  // already recovering
  CHECK(faults(d2, chain.lookup()).declarations.empty());

  // One deadline ahead is too late: the devnet refuses it (its fault cutoff has passed).
  chain.advance_into((d2 + 47) % 48);
  CHECK(
      chain.run(chain.to_miner(miner_method::kDeclareFaults, encode(declared_faults))).exit_code !=
      0);
  CHECK(chain.partition(d2).recovering_sectors == bits({2}));

  // The deadline's WindowPoSt proves the recovering sector; it is active again.
  const auto params = chain.prove(chain.advance_into(d2), chain.lookup());
  CHECK(params.partitions[0].skipped.empty());
  CHECK_FALSE(params.proofs[0].proof_bytes.empty());
  REQUIRE(chain.submit(params).exit_code == 0);
  const auto p = chain.partition(d2);
  CHECK(p.active_sectors == bits({2}));
  CHECK(p.faulty_sectors.empty());
  CHECK(p.recovering_sectors.empty());
}
