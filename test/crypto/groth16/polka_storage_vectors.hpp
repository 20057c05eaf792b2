// eigerco/polka-storage's 2 KiB Groth16 known-answer vectors (reference/snark.md §4.4): a PoRep
// and a Window-PoSt proof made with bellperson over rust-fil-proofs' own 2 KiB circuits and PS's
// random (non-official) keys, with their public inputs recomputed by tessera's generators.
//   source: eigerco/polka-storage @ce0aa7ff8f4e0c0028542882779cd82ff481dd9d,
//   pallets/proofs/src/tests/porep.rs (default_porep_verifyingkey, default_porep_proof,
//   default_porep_comm_r/_comm_d, default_porep_test_setup) and pallets/proofs/src/tests/post.rs
//   (default_post_verifyingkey, default_post_proof, test_setup). Keys are in PS's .vk.scale form
//   (compressed points, u32 big-endian ic length).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "common/encoding.hpp"
#include "crypto/fr.hpp"
#include "post/fallback/circuit/fallback_post_circuit.hpp"
#include "sealing/porep/challenges.hpp"
#include "sealing/porep/circuit/stacked_public_inputs.hpp"
#include "sealing/porep/replica_id.hpp"

namespace tessera::groth16::test_vectors {

inline constexpr const char* kPorepVerifyingKeyHex =
    "9236d7bb99a700bbd20e8aee74c8533fcefdd8a2f8c3ec5f9cf35d6b5ff588dad3e8f75c8f1c212a4947fdb41a"
    "9a6ed7b9fc09eb20807ec190ca16e997af1c9caf65d4663c5920d6551aaad767559696c469b5ab495e84123fa7"
    "b6a1175e1f49ae6de8481137a36c7f47ac50b21580e6f18cb7966a670f44594e78079547e5008fe4471fe886d4"
    "9b3d5fb43cdd41879819ea19f9d0845dccdc225f90952e8ecdc0483b834f63a98cbf97adcf95be127afd2fa602"
    "2f4108def4b042ae6ddb11ff96de424de262695c22ebbb497648e69381a5d39d8189aac667d94a9c544abe6c8a"
    "72d209a898c7395df238e45cd98d1e0337ce093062db2b47e14ee03a19be62845e9618b4f90df73c2fd21aad43"
    "d05404b3b29f0dccd20d1fdcf2bf6fff5394b6f0cfce26bbb086c9bc0c51280fe1a422553b65a9c28bcbab29b7"
    "0b1e9f045e29470cf6aca81bba4bc69f285153942aa630362628154b06208c70fa4a27185a5c75636b401acb5d"
    "82c044f52767143b03f4595769c1888b96aa105471577ca60daa34b40dde2e345a1edc810567538157220b09e2"
    "ae8256378aa2d1f4960ce5abd2f02c5ebca6ed095f2991274b7f460000002885871a5d3ded0869cd25cfa1a18c"
    "7df601154de9e4cf3f5ff8031e69621f053e983b504652382d40a8ba3a0138a997be844e90eff46da4380a5489"
    "62a796e91e99cd979dcc92e4d5de9b812fb75f75b46ba3aa129facfc8130b34ecbce6ec63ab7a4f9f61db724d8"
    "29ec6da0a70c9b06892e3ee64b88c8299c53e08a016ed6e427e3c7b400c9d474fb9a6739dfea6df4a145c13418"
    "648e093964f01767155410db3a4cfce4d77f62d1c4cea996797daf97e44bc3b382da85714614d6529ca7fcb237"
    "b6cf81a4c0af4bf45436be49c1ff184ddb42b4976396e1b5998c69fc6c7147f676aeea719bb42ccbe3bd9d4567"
    "a989fbbb80820981c286e79c9e562abca71efc66b0624f9def12e73ba27ca115e3a575d9bd8d480de977dc516d"
    "e3d26e708075fba08aba941499273084b2ca923f0f284de2ecade47375e3370dbe120028a1a5d21194a5fbacbb"
    "eb256b9a062fd78aa3138ada4fa5cf5a903b304271d5f8112b620ab8962f46af5397b3fbe4e6c9386762a17364"
    "4bff6a345176866d16859613cdc23fd183814ace85a70c6c2db1ad77734153303cc2f448afccde75b62a574acf"
    "27a6c13d431d2d23006c9468b8a0edb597756e915e3f3554e5bd4f2d864693f7edd96786a642afa5181e4f4e46"
    "7d092a56506030ef4dee2bfff945b3ca8ccdd1c74a44a9735b573f47f812ceb80ea17b7454b4072bb1f57986bb"
    "676ef15d8fe9b4d0eef1b0add9f1b1dfb09b4dad84dec2fc1610a31f194c0b1f7dd580da81039ff34096132d72"
    "f940e9e06f2e1c067d251abccb0065de85e19af86e0391d0680e2ccce4f5117baf7a39d8a7a37003f6fa2eed85"
    "21580d9bc4e0dbbd5a01d9b6db16fe14c93e35a7be33bcc32a98dcd4ce1596d1b0ee4a079426769bfac31dc9f8"
    "0e898a268c1b122804890215a6d455ba9546ed41e4522b4663f28e498e775e550fdba74702dd90ce42c1ee1ac8"
    "4d05d5c6c539e03716be4b6249993edd61d772850b3ef640c81cf0b25509a0a119120d6a3421613ec6feb1c743"
    "527ff8d4565a1a125d681e1aec80351c04aeece182670fe8c257c5d73630b8cc74dab22ee0bc87140568ade580"
    "f46a32d67438ceb4adf816ff0886c61008d61e3c96423584b77e5ce373883698e7b2963bf686efa98f3d07258e"
    "1632f6a03ee276b194dd0497607b3a98317429f2dd1d6365750b075d4451e05764fc1b543902e0d3abdce545a9"
    "9bac1f4c70b18106d0623c22c603dd4139f197eb91b469dd176b446007e58ae8e361bacb570d387d0797038894"
    "93b9cebb05e1d9cf272503fcbb7d3832fff3b9c0cfffc91626a39f4f09f20ab8ea18d6a928bc67c09a0af7cc1d"
    "c1b414fdb5a61d17fb59a6ee2efaa6d36525993630967eb797cfafad9d8bdae5d6252fd1bddde5655f534182fb"
    "6f79a73fb0a86864833fef6e3b738e45721a8b9b0229e57c6b72d8b0130b9571e76967b18f360f688a584c9418"
    "e1e6723ff1d5b9b6ded7d00d272b2eb64110ad03d0304268041e435be5041105ba7fe0949ba7c834a0b83172a8"
    "b3f1a54e8b2af1c752798fe38d28d1ddd951aac9b49fbef818abc46fe8e409e18349c842f303fd766435bfd52d"
    "d5d9f7e542b9c6243ca6b041c8a74b40d44805a81c9f5ed4ef7bc83ca52f517d4d525c6089ca35a6ad99b4d204"
    "212b224b50939426004fb4f87d8dcf58ae058685a4b614660ea426210ca94ce39c3e31673449551cd624a16c45"
    "378f89302e87b10bbf8c4202c4d7adef0a382391cd2832076715e9a0ae4de80b694a3b7ae764ba37f834d64660"
    "9399a9c4915f9a3c4a19d3c37e774328d8b1aec9a38ab6fa6ba7c9130768dc208f7842118088dd5c15660c914a"
    "e33bc4eeae0dcc2c64e186a131c95cd4f5866be6dc97f440278f7bda146bb3c620b07b0c7bef6cebf8843543c8"
    "69711bcd29ce7524696fc8a5b8810956f123233a067763c75d36f08c8aa082309be8c708d00b88b1b2c69aba47"
    "0d16d97620b7e66186e7367c505502f432379d7e15fd33a5279370d1786f218bbbe5fa807782f2aac45b4c3965"
    "494f57bb3d8cdba839a688e1a3649f437ed64f98971bfd9cb0867167ccd195d6d12592aa53a249b2b5848865c1"
    "b53bff79b2fee04fc1d3f14045e3d016968b13cf2accbc3e3cd238d61ae47309d428cdf96e889c93fd43c00f0c"
    "35d5e20e421a192a65c253b5336f1533956771ad4a465e964d042fd5a455351e6d9968795cde0f7d8e75722205"
    "91267ec5c691b7caff37872cc986243e45cf0928991dad972d33cdd77b57ebd14c3c8de0f80a5e3cc8d100adf9"
    "e9a26e0c670b305633a85f1763882391573f84773ce7dd467cb7fe9677bb5eee5065c41e2fed4a63e18e08303e"
    "728eb3033d95cde897cb601d005071397701e7996bbb019cc8bcc1adf712b76e356fb2eaaa808a47a2e8e943c3"
    "dfa345ff97a3482e4ecb249c944cb2f0468ae3a266be67da2c477a9d125fa87603a0fc0835bc04a3cdab45064f"
    "21cf118df4a520894d57105868884985398b1d71f19d54919c7568f82da5e59d1d91f0942a66bb6fc2bb2b298d"
    "94a868f0c7d51efc5f8ab466fc625607f2622a6e39f672e6c8355c6e9edb0fea2e26226a5a8395fad182bf4ce4"
    "0c3eac40d2d658ca9883240733b75d76c77a683b83ead95498d96c1ea8d88031e94d3a21ca8ca3c5edf1676381"
    "2b1c50f6beb4a85b883de879c8cef3d2";

inline constexpr const char* kPorepProofHex =
    "b16ded2118ec297cb64bd5af327b9a70e732669530ba4ab34fc44e1510d9ecbc01d71c16133a2dc938b6dcfddb"
    "2a54e3a492f6e306f6bdc28e2de306ff1bf5addc7cf910f6d5602d554743981998d650241a29b2288a5ca42d5b"
    "62ebe648410e19e9cd1992294d2fd558904b7687d3c246beb03f330db5c456b8675b6bcf6fd3d08049699015e5"
    "70fd915d271dbd40519560888dd56ba2093a855cae488d4870b480440dac22150c01f2a7dfc11fa638a5cf4cc9"
    "c7d95d16b0458b658c220803";

inline constexpr const char* kPostVerifyingKeyHex =
    "8b1be5427dd16c968793f62f58f33a8ae382e15b183fda0cea1a4f42781d1d7e3a7bb27d51f4dbe88f95435d8b"
    "07a54f8be505265d1cce97d82c5c9d8a4720fabec0d277749c77d456b1872d38bbdd9929f588147ef7c87acaac"
    "b26c081fafb88cac3b1d81d5b3c303e41a1986e4662911a3815a4bfdf1df74c09a4f36da064aa0d3c718f44201"
    "c86ab92b3936c717fc04710c3800d48bee12eba80b305ced25f0733ed8ee0962be67a0acff5632da4d1164be58"
    "f27efa08445e38c02008b87e95c204814cd7f3ee755ca466efb0e5096c3dac0ca518d20a3e7f9f5967ffc60044"
    "0b4abc82552e6b1909fb4e4cfe59f914e523dc176699fd884fa8d5e42495e4708bfc8313935c27c28633e01d02"
    "3d66fc919c6ddcf53fba46364348ed8d7112870a96af7c08796df6f6992bf09c98d5b53e7b85bc1c159c004866"
    "ac20bc07d8921fe4877d5c0140e234b922105e84b08318b66c0a58d52c17031beeb29de0ae62d9f722cfafa6bc"
    "ca99a5d9dc249238ea7b1bb479430881e35f885b3c3c7ded0f32bed601ae0adb9465264696fb3741adf02ba016"
    "8383ebf325ad7284903de9bd9ed4c8d560349ece3b18cbd2c7c5680000001789ff37f3a354b6ef2b72b942081a"
    "3d5e1db890ae9751b1e223fd6b14641f262f50c1d27bbc325e21ee628a8bdf5a1445b99439e3e35781a962ba80"
    "7b8bdcc8becb47106f669c3f2820b082c379082defcc06fa9eb92a9ec5551c9d345b5510acb3a8b5fd9dd4dd53"
    "17815e01baf5ba099710935e3618848133e4eb3a2231a9540902bc6059cce3fed6792bef484f3d6d94afa87bcc"
    "7c240d66e7d3995439fa97fe785754a3242ec17ec4ef16fe0f9d9c6b2fe03bf85f9f4e64a3bd0a8f6fa2c2b57b"
    "fe2bf1cfe6457782f1a62df4e8d4d9946b0fb7c9c73d4f1ee127a222afe5dd4da6f6cfb759a98826ac3d26f4f2"
    "09b2cc365ccc9b00ab3ec83e1d4a5760986f1b7a528544e7e58d046b7d94a854d5519a3d522734794d1382c68c"
    "0c89ea9a8a64eb971b07744a4328d82ce6e52dcb4926852e02867d853bf29d1a1e7af9d31d0dad89eca94d0c50"
    "92cfb0a8c1b8d88869dcf27221d29402a1d2a7666c2950db8c4d9dd3a8f67d1e3cff2fc28cab0f6b87dfc6ab07"
    "28db8c8519503acf11a384eea19e5796cff505629a5a7f8ee05a60814d4f8f975ebcf107526e8f358b005a4a17"
    "c20283d590095ca2d0785d9e55b9ac21e3d65b6112a6be03e00c91ad390f45dc985438c36de765c849dd41defa"
    "5dba3252638577396c2bfcf43aa41c45b32618d3a571681b111d53aff797cb82e72df71fdde2cee041748df545"
    "022ca0c728c93495ce9d082434f2bff3a46bf3b00a7fb3fe7b09cc6f2df28cbdbbce21016d4b9228683ee26713"
    "7e1435c5ae5de6bc8d9c255c361b0fe37c6bd3b824cca3634900473c90b8f4605b736ed6b1b35efc60e52d7f78"
    "d33dedd0da090967b549bffa63f4f6d51d6078794996778aa78db077e900c3cb4acac702d141e1b4674f192d56"
    "57c65a7de6582b723c53fae4a2aeb48becb38f8d646d78a6d2b87e97b93b631e6450955e37febe18fb9f00d0dc"
    "d5540e5d115f369f2303aa144da71a0ae1dfd7b5e7321e26a0ce2e25c25e57b5e891934447d95542e9f2523110"
    "b4f0e1fcc1b300dd7a8b59cb428e76bdd3c8c99e7e42ef1904a1c04c0ddff8fd1554999d4817fb276f2679ac6d"
    "9f8bc1e504b137efca6b820636f8a20c79a3081cf63d363815586292424886e9a4fb7f924cb4776c0004f92e29"
    "b4c49205d5cac8b38981db405522bccc3fef9ef1eff06855d8d5ff9174e38e2bc5d3b876caf0fb20a21e85e9a0"
    "65f163390092caf8a86ffdf41e2e841313fbfc7697e25c2144d32d0aeb6916d3e899c70fadf42fb0e99544874c"
    "e4e14e87174f18a93fbfef6f0d214e0659b6a11c531c465fa122c70eef88a516ddac7bfe4ddc7ef9ed52a94d38"
    "b3aecc37a3e16889bc94238b42e919f793c77f40ef4ab645452e5268b36f8ee66680985f58a59558328a9d1210"
    "041bf317ada0a7c2ffc0698cf84a4cf7dc9784409bab5c0faeac9b98bfb09a41db89ccd8e4d24c6cf5001806de"
    "bc1102491028f4a1d08bde958859a4e7e62937a3bbd85d7e7efb00422504eba84e246a6175d321a24cb44422c7"
    "c4fd49ac378ec44809bf";

inline constexpr const char* kPostProofHex =
    "b9a2946cc51995918456f26f9018da4cf30453457b7f638096f5dc44bdea917948e849e3460f610e4a0ff380fd"
    "27748796bd14b4d78c9416baa4f2180ed54604d48dfb100360fa7cc36149a0779254934906423e61d472792d52"
    "132a6f3873440ed81c5f606e290da2d4a88ea170ac843c9d0f0ce90e1f9e628e1fc060e3e215d04ad71ce58b02"
    "83a017dc35a551751380f5eb33492f16bdb2385cf445a31609c01714c47698d6b5119c5c4d90983226c39ab9a1"
    "a0ff51d5adda64c96f871e70";

// porep.rs default_porep_comm_r / default_porep_comm_d (also the PoSt sector's comm_r).
inline constexpr const char* kCommRHex =
    "4afb35f82a95a10187a913bc14520d9a1d173328265b301b5dcf440ef2583950";
inline constexpr const char* kCommDHex =
    "129c7562bb0c189544f5dccd365feaec2141eab458097a5ca8429c109d154421";
// porep.rs default_porep_test_setup: StackedDRG2KiBV1P1, sector 77, prover_id 32×00,
// ticket 32×0x0c, seed 32×0x0d. post.rs test_setup: sector 77, randomness 32×0x01.
inline constexpr std::uint64_t kSectorNumber = 77;
inline constexpr std::uint8_t kTicketByte = 0x0c;
inline constexpr std::uint8_t kSeedByte = 0x0d;
inline constexpr std::uint8_t kPostRandomnessByte = 0x01;
inline constexpr std::uint64_t kSectorSize = 2048;

inline crypto::Digest32 digest_from_hex(const char* hex) {
  const Bytes b = hex_decode(hex);
  crypto::Digest32 d{};
  std::copy(b.begin(), b.end(), d.begin());
  return d;
}

inline crypto::Digest32 filled(std::uint8_t byte) {
  crypto::Digest32 d;
  d.fill(byte);
  return d;
}

// PS derives porep_id from its own proof id 0 for 2 KiB (pallets/proofs/src/porep/config.rs
// porep_id: u64_le(0) ‖ u64_le(nonce 0) ‖ 16 zero bytes), i.e. Filecoin's V1 id 0 — 32 zero
// bytes, which is tessera's porep_id_for(0) — while its graph and challenges are those of API 1.2
// (V1_1 graph: predecessor first).
inline porep::PorepId porep_id() {
  return porep::porep_id_for(0);
}

inline crypto::Digest32 porep_replica_id() {
  return porep::replica_id(crypto::Digest32{}, kSectorNumber, filled(kTicketByte),
                           digest_from_hex(kCommDHex), porep_id());
}

inline porep::SdrGraph porep_graph() {
  return porep::SdrGraph(kSectorSize / 32, porep_id(), porep::SdrApi::kV1_1);
}

// The 2 interactive challenges of the single partition.
inline std::vector<std::uint64_t> porep_challenges() {
  return porep::interactive_challenges(porep_replica_id(), filled(kSeedByte), kSectorSize / 32, 0,
                                       2);
}

// The 39 public inputs of the PoRep proof (snark.md §2.2).
inline std::vector<crypto::Fr> porep_public_inputs() {
  return porep::circuit::stacked_public_inputs(porep_graph(), porep_replica_id(),
                                               digest_from_hex(kCommDHex),
                                               digest_from_hex(kCommRHex), porep_challenges());
}

// The Window-PoSt circuit shape of 2 KiB: 2 sectors per partition, 10 challenges each.
inline post::circuit::PostCircuitShape post_shape() {
  post::circuit::PostCircuitShape shape;
  shape.sector_size = kSectorSize;
  shape.challenge_count = 10;
  shape.sector_count = 2;
  return shape;
}

// The 22 public inputs of the PoSt proof (snark.md §2.3): one sector, repeated to fill the chunk.
inline std::vector<crypto::Fr> post_public_inputs() {
  return post::circuit::fallback_post_public_inputs(
      post_shape(), filled(kPostRandomnessByte), post::PostApi::kV1_2,
      {{kSectorNumber, digest_from_hex(kCommRHex)}}, 0);
}

}  // namespace tessera::groth16::test_vectors
