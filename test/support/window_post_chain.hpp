// The in-process chain the WindowPoSt tests share: the devnet (vanilla proofs, 48 deadlines of
// 4 epochs) served on /rpc/v1 to a FullNodeClient over HTTP, a funded miner actor, 2 KiB CC
// sectors sealed on disk and prove-committed, and helpers to reach a deadline, prove it with
// post::window::prove_partitions and submit the result.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chain/api/full_node_connect.hpp"
#include "chain/types/miner_params.hpp"
#include "chain/types/randomness.hpp"
#include "common/api_info.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "devnet/devnet.hpp"
#include "devnet/devnet_api.hpp"
#include "post/window/window_post_prover.hpp"
#include "sealing/porep/commit1.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "sealing/porep/vanilla_proof_json.hpp"
#include "test/support/devnet_messages.hpp"
#include "test/support/devnet_test_params.hpp"
#include "test/support/env_guard.hpp"
#include "test/support/temp_dir.hpp"

namespace tessera::test {

struct WindowPostChain {
  test::TempDir dir;
  test::EnvGuard parents{"FIL_PROOFS_PARENT_CACHE", (dir / "parents").string()};
  chain::devnet::Devnet net{
      chain::devnet::DevnetOptions{dir / "devnet", short_period_devnet_params(), 2}};
  chain::Address owner = net.wallet().default_address();
  jsonrpc::Registry registry;
  Bytes secret = Bytes(32, 7);
  std::unique_ptr<jsonrpc::Server> server;
  std::optional<chain::FullNodeClient> client;
  std::uint64_t miner_id = 0;
  std::map<std::uint64_t, post::SectorFiles> sector_files;

  WindowPostChain() {
    chain::devnet::register_full_node_api(registry, net);
    server = std::make_unique<jsonrpc::Server>(
        registry, jsonrpc::Authenticator(secret),
        jsonrpc::ServerOptions{.threads = 2, .rpc_paths = {"/rpc/v1"}});
    const auto port = server->start();
    client.emplace(
        chain::connect_full_node(ApiInfo{jwt::sign_token(secret, {"read", "write", "sign"}),
                                         multiaddr_for("127.0.0.1", port)},
                                 jsonrpc::Transport::kHttp));
    miner_id = test::created_miner_id(run(test::create_miner(owner)));
    REQUIRE(run(test::send(owner, miner(), test::miner_funding())).exit_code == 0);
  }
  ~WindowPostChain() { server->stop(); }

  chain::Address miner() const { return chain::Address::from_id(miner_id); }
  chain::TipSetKey head() { return net.head().key(); }
  chain::ChainEpoch height() { return net.head().height(); }

  // Pushes m through MpoolPushMessage, includes it in the next block and returns its receipt.
  chain::MessageReceipt run(const chain::Message& m) {
    const auto pushed = client->mpool_push_message(m);
    net.produce_block();
    const auto found = net.search_message(pushed.cid());
    REQUIRE(found);
    return found->receipt;
  }
  chain::Message to_miner(std::uint64_t method, Bytes params) const {
    chain::Message m;
    m.to = miner();
    m.from = owner;
    m.method = method;
    m.params = std::move(params);
    return m;
  }

  // Seals CC sectors on disk (PC1, PC2), precommits them in one message, prove-commits each
  // with its C1 vanilla proof after the seed epoch and finalizes their caches.
  void commit_sectors(const std::vector<std::uint64_t>& numbers) {
    const Bytes entropy = chain::address_entropy(miner());
    const chain::ChainEpoch ticket_epoch = height();
    const auto ticket = digest32(
        net.ticket_randomness(chain::DomainSeparationTag::kSealRandomness, ticket_epoch, entropy));
    const auto staged = dir / "staged";
    std::ofstream(staged, std::ios::binary).write(std::string(2048, '\0').data(), 2048);
    chain::PreCommitSectorBatchParams2 batch;
    std::map<std::uint64_t, crypto::Digest32> replica_ids;
    for (std::uint64_t n : numbers) {
      const post::SectorFiles files{dir / ("sealed-" + std::to_string(n)),
                                    dir / ("cache-" + std::to_string(n))};
      const auto pc1 = porep::precommit1(porep::SealInputs{5, miner_id, n, ticket}, staged,
                                         files.cache, files.sealed);
      const auto pc2 = porep::precommit2(5, files.cache, files.sealed);
      replica_ids[n] = pc1.replica_id;
      sector_files[n] = files;
      batch.sectors.push_back(chain::SectorPreCommitInfo{
          .seal_proof = 5,
          .sector_number = n,
          .sealed_cid = cid::commitment_sealed_cid(Bytes(pc2.comm_r.begin(), pc2.comm_r.end())),
          .seal_rand_epoch = ticket_epoch,
          .expiration = height() + 10'000});
    }
    REQUIRE(run(to_miner(chain::miner_method::kPreCommitSectorBatch2, chain::encode(batch)))
                .exit_code == 0);
    const chain::ChainEpoch seed_epoch = height() + net.params().pre_commit_challenge_delay;
    while (height() < seed_epoch) net.produce_block();
    const auto seed = digest32(net.beacon_randomness(
        chain::DomainSeparationTag::kInteractiveSealChallengeSeed, seed_epoch, entropy));
    for (std::uint64_t n : numbers) {
      const auto& files = sector_files[n];
      const auto proof = porep::commit1(5, files.cache, files.sealed, replica_ids[n], seed);
      const std::string json = porep::vanilla_proof_to_json(proof).dump();
      REQUIRE(run(to_miner(chain::miner_method::kProveCommitSector,
                           chain::encode(
                               chain::ProveCommitSectorParams{n, Bytes(json.begin(), json.end())})))
                  .exit_code == 0);
      porep::finalize_sector(5, files.cache);
    }
  }

  // The deadline holding sector n (its only partition is 0).
  std::uint64_t deadline_of(std::uint64_t n) {
    for (std::uint64_t d = 0; d < 48; ++d)
      for (const auto& p : client->state_miner_partitions(miner(), d, head()))
        if (p.all_sectors.contains(n)) return d;
    FAIL("sector " << n << " is in no deadline");
    return 0;
  }

  // Makes blocks until deadline d has been open one epoch (a message pushed then lands in it).
  chain::DeadlineInfo advance_into(std::uint64_t d) {
    for (int blocks = 0; blocks < 400; ++blocks) {
      const auto dl = client->state_miner_proving_deadline(miner(), head());
      if (dl.index == d && dl.current_epoch > dl.open && dl.current_epoch + 1 < dl.close) return dl;
      net.produce_block();
    }
    FAIL("deadline " << d << " never opened");
    return {};
  }

  post::window::ProveRequest request(const chain::DeadlineInfo& dl,
                                     std::vector<std::uint64_t> partitions = {0}) {
    return post::window::ProveRequest{
        .miner = miner(),
        .deadline = dl,
        .partitions = std::move(partitions),
        .head = head(),
        .post_proof = client->state_miner_info(miner(), head()).window_post_proof_type,
        .sector_size = 2048};
  }
  post::SectorFileLookup lookup() {
    return [this](std::uint64_t n) -> std::optional<post::SectorFiles> {
      const auto it = sector_files.find(n);
      if (it == sector_files.end()) return std::nullopt;
      return it->second;
    };
  }
  // What the provers are given: proofs from `files` on this machine, lotus's default limits.
  static post::window::SectorAccess access(post::SectorFileLookup files) {
    return {post::local_proof_source(std::move(files)), post::CheckLimits{}};
  }
  chain::SubmitWindowedPoStParams prove(const chain::DeadlineInfo& dl,
                                        const post::SectorFileLookup& files,
                                        params::ProofMode mode = params::ProofMode::kVanilla) {
    auto ctx = StageContext::best_effort();
    return post::window::prove_partitions(request(dl), *client, access(files), mode, ctx);
  }
  chain::MessageReceipt submit(const chain::SubmitWindowedPoStParams& params) {
    return run(to_miner(chain::miner_method::kSubmitWindowedPoSt, chain::encode(params)));
  }
  chain::PartitionState partition(std::uint64_t d) {
    const auto partitions = client->state_miner_partitions(miner(), d, head());
    REQUIRE(partitions.size() == 1);
    return partitions[0];
  }
  chain::BigInt raw_power() {
    return client->state_miner_power(miner(), head()).miner_power.raw_byte_power;
  }
};

// A bitfield of these sector numbers.
inline chain::BitField bits(std::initializer_list<std::uint64_t> numbers) {
  chain::BitField b;
  for (auto n : numbers) b.set(n);
  return b;
}

}  // namespace tessera::test
