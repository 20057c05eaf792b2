#include <catch2/catch.hpp>

#include <random>

#include "common/cid/cid.hpp"
#include "common/error.hpp"
#include "crypto/fr.hpp"
#include "crypto/poseidon.hpp"
#include "sealing/porep/commp.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/seal_in_memory.hpp"
#include "sealing/porep/vanilla_proof.hpp"

using namespace tessera;
using namespace tessera::porep;

namespace {

Bytes random_padded_sector(std::size_t sector_size, unsigned seed) {
  std::mt19937 rng(seed);
  Bytes unpadded(sector_size / 128 * 127);
  for (auto& b : unpadded) b = static_cast<std::uint8_t>(rng());
  Bytes padded(sector_size);
  fr32_pad(unpadded.data(), padded.data(), unpadded.size() / 127);
  return padded;
}

}  // namespace

TEST_CASE("2 KiB seal: commitments are consistent and unseal returns the data", "[seal]") {
  auto data = random_padded_sector(2048, 1);
  SealInputs inputs;
  inputs.ticket.fill(7);
  inputs.sector_number = 3;
  auto sealed = seal_in_memory(inputs, data);

  Bytes unpadded(2032);
  fr32_unpad(data.data(), unpadded.data(), 16);
  CHECK(sealed.comm_d == compute_commp(unpadded.data(), unpadded.size()).commitment);
  CHECK(sealed.layers.size() == 2);
  CHECK(sealed.replica != data);
  auto expected_comm_r = crypto::poseidon_hash(
      {crypto::Fr::from_bytes(sealed.comm_c.data()), crypto::Fr::from_bytes(sealed.comm_r_last.data())}, 2);
  CHECK(expected_comm_r.to_bytes() == sealed.comm_r);
  CHECK(unseal_in_memory(sealed.replica, sealed.layers.back()) == data);

  // Every input changes CommR.
  auto again = seal_in_memory(inputs, data);
  CHECK(again.comm_r == sealed.comm_r);
  inputs.sector_number = 4;
  CHECK(seal_in_memory(inputs, data).comm_r != sealed.comm_r);
}

TEST_CASE("seal rejects bad inputs", "[seal]") {
  SealInputs inputs;
  CHECK_THROWS_AS(seal_in_memory(inputs, Bytes(1024)), InvalidInput);
  inputs.registered_proof = 8;  // 32 GiB
  CHECK_THROWS_AS(seal_in_memory(inputs, Bytes(2048)), InvalidInput);
  inputs.registered_proof = 42;
  CHECK_THROWS_AS(seal_in_memory(inputs, Bytes(2048)), InvalidInput);
}

TEST_CASE("2 KiB seal -> vanilla PoRep proof -> verify, and tampering fails", "[seal][porep]") {
  auto data = random_padded_sector(2048, 2);
  SealInputs inputs;
  inputs.ticket.fill(9);
  auto sealed = seal_in_memory(inputs, data);
  crypto::Digest32 seed;
  seed.fill(0x21);
  auto proof = prove_porep(inputs.registered_proof, sealed, seed);
  PorepPublicInputs pub{inputs.registered_proof, sealed.replica_id, sealed.comm_d, sealed.comm_r, seed};
  REQUIRE(proof.partitions.size() == 1);
  REQUIRE(proof.partitions[0].size() == 2);
  CHECK(verify_porep(pub, proof));

  auto other_seed = pub;
  other_seed.seed[0] ^= 1;
  CHECK_FALSE(verify_porep(other_seed, proof));
  auto wrong_comm_d = pub;
  wrong_comm_d.comm_d[3] ^= 1;
  CHECK_FALSE(verify_porep(wrong_comm_d, proof));

  auto bad_label = proof;
  bad_label.partitions[0][0].drg_parents[1].labels[0][5] ^= 1;
  CHECK_FALSE(verify_porep(pub, bad_label));
  auto bad_replica = proof;
  bad_replica.partitions[0][1].comm_r_last_proof.leaf[0] ^= 1;
  CHECK_FALSE(verify_porep(pub, bad_replica));

  // A byte flipped in the sealed replica changes what the prover can open: proofs from the
  // damaged replica no longer verify against the committed CommR whenever a challenge touches it.
  auto damaged = sealed;
  auto challenged = proof.partitions[0][0].challenge;
  damaged.replica[32 * challenged] ^= 1;
  damaged.tree_r = crypto::MerkleTree::build(crypto::TreeHash::kPoseidon, 8, damaged.replica.data(), 64);
  damaged.comm_r_last = damaged.tree_r.root();
  CHECK_FALSE(verify_porep(pub, prove_porep(inputs.registered_proof, damaged, seed)));
}

TEST_CASE("8 MiB seal -> vanilla PoRep proof -> verify -> unseal", "[seal][porep][8mib]") {
  auto data = random_padded_sector(8 << 20, 3);
  SealInputs inputs;
  inputs.registered_proof = 6;  // StackedDrg8MiBV1_1
  inputs.sector_number = 17;
  inputs.ticket.fill(0x42);
  auto sealed = seal_in_memory(inputs, data);
  crypto::Digest32 seed;
  seed.fill(0x5e);
  auto proof = prove_porep(inputs.registered_proof, sealed, seed);
  PorepPublicInputs pub{inputs.registered_proof, sealed.replica_id, sealed.comm_d, sealed.comm_r, seed};
  CHECK(verify_porep(pub, proof));
  auto tampered = proof;
  tampered.partitions[0][1].exp_parents[7].labels[1][9] ^= 0x10;
  CHECK_FALSE(verify_porep(pub, tampered));
  CHECK(unseal_in_memory(sealed.replica, sealed.layers.back()) == data);
}

// lotus cmd/lotus-bench/simple.go documents a real run of rust-fil-proofs on an all-zero 2 KiB
// sector (StackedDrg2KiBV1_1, miner t01000, sector 1, PC1 ticket of zeros as its
// "_lotus_SealRandomness" shows): "d:baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy
// r:bagboea4b5abcbrshxgmmpaucffwp2elaofbcrvb7hmcu3653o4lsw2arlor4hn3c".
TEST_CASE("2 KiB CommD and CommR match a real rust-fil-proofs run", "[seal][kat]") {
  SealInputs inputs;
  inputs.registered_proof = 5;
  inputs.actor_id = 1000;
  inputs.sector_number = 1;
  auto sealed = seal_in_memory(inputs, Bytes(2048, 0));
  CHECK(cid::commitment_unsealed_cid(Bytes(sealed.comm_d.begin(), sealed.comm_d.end())).to_string() ==
        "baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy");
  CHECK(cid::commitment_sealed_cid(Bytes(sealed.comm_r.begin(), sealed.comm_r.end())).to_string() ==
        "bagboea4b5abcbrshxgmmpaucffwp2elaofbcrvb7hmcu3653o4lsw2arlor4hn3c");
}

// An independent oracle written from reference/proofs.md alone (Python: hashlib SHA-256 and
// BLAKE2b, its own ChaCha8, Fr and Poseidon; the trees re-checked with @web3-storage/data-segment
// and the shared neptune-compatible Poseidon harness): 2 KiB V1_1, actor 1000, sector 3, ticket
// 32 × 0x07, data byte i = (i*37 + 11) & 0xff Fr32-padded. The oracle reproduced every KAT of
// proofs.md before producing these values.
TEST_CASE("2 KiB seal matches the independent oracle", "[seal][kat]") {
  Bytes unpadded(2032), padded(2048);
  for (std::size_t i = 0; i < unpadded.size(); ++i) unpadded[i] = static_cast<std::uint8_t>((i * 37 + 11) & 0xff);
  fr32_pad(unpadded.data(), padded.data(), 16);
  SealInputs inputs;
  inputs.registered_proof = 5;
  inputs.actor_id = 1000;
  inputs.sector_number = 3;
  inputs.ticket.fill(0x07);
  auto sealed = seal_in_memory(inputs, padded);
  auto hex = [](const crypto::Digest32& d) { return hex_encode(Bytes(d.begin(), d.end())); };
  CHECK(hex(sealed.comm_d) == "775307a96b72934390180e89b09709ebcf05c27e0da81eb6548987b67c0de23d");
  CHECK(hex(sealed.replica_id) == "d654ef884edf817c80953eb7c531c4620bfd13a68c737a506faf220f0be28537");
  CHECK(hex_encode(Bytes(sealed.layers[0].end() - 32, sealed.layers[0].end())) ==
        "00754931f5b4de86b4a9a91ae5f7f74a99a39aafe42eb851957120c68ab40009");
  CHECK(hex_encode(Bytes(sealed.layers[1].end() - 32, sealed.layers[1].end())) ==
        "849705e6850d5a3e0a25d8908b82ce2f77c6e4e10eeaa793fd8cddfc048c2919");
  CHECK(hex(sealed.comm_c) == "696566ea5f1d0596d76f7e40c5f531a53a00bd3dbc798c7d56b251e60ddd3632");
  CHECK(hex(sealed.comm_r_last) == "ac68add484d75ee61fa4ba4183d4b817dacc10500233626a6535d1d40990363b");
  CHECK(hex(sealed.comm_r) == "147f123b4e8632659d8df1a62bf9eeeeaabfaf4bf5d4616b4ef847a60db85055");
}
