// RFC 9380 hashing to G2: expand_message_xmd (Appendix K.1, and K.2 with a DST over 255 bytes),
// hash_to_field, map_to_curve and hash_to_curve for BLS12381G2_XMD:SHA-256_SSWU_RO_
// (Appendix J.10.1). Expected values: paulmillr/noble-curves, test/vectors/rfc9380-hash-to-curve/
// {expand_message_xmd_SHA256_38,expand_message_xmd_SHA256_256,BLS12381G2_XMD_SHA-256_SSWU_RO_}.json
// at commit b5c94ad075efe94676d20cfc43bbe732c8f64d9c, the RFC's own vectors in JSON form.
#include <catch2/catch.hpp>

#include <string>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "crypto/bls12_381/hash_to_curve.hpp"

using namespace tessera;
using namespace tessera::bls12_381;

namespace {

// The five messages the RFC's vectors use.
enum class MsgKind { kEmpty, kAbc, kAbcdef, kQ128, kA512 };

std::string message(MsgKind kind) {
  switch (kind) {
    case MsgKind::kEmpty:
      return "";
    case MsgKind::kAbc:
      return "abc";
    case MsgKind::kAbcdef:
      return "abcdef0123456789";
    case MsgKind::kQ128:
      return "q128_" + std::string(128, 'q');
    case MsgKind::kA512:
      return "a512_" + std::string(512, 'a');
  }
  return "";
}

std::span<const std::uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

struct Fp2Hex {
  const char* c0;
  const char* c1;
  Fp2 value() const { return Fp2{Fp::from_hex(c0), Fp::from_hex(c1)}; }
};

constexpr const char* kExpandDst = "QUUX-V01-CS02-with-expander-SHA256-128";

struct ExpandVector {
  MsgKind msg;
  std::size_t len;
  const char* uniform_hex;
};

// RFC 9380 Appendix K.1, expand_message_xmd(SHA-256), DST kExpandDst.
const ExpandVector kExpandVectors[] = {
    {MsgKind::kEmpty, 32, "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235"},
    {MsgKind::kAbc, 32, "d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615"},
    {MsgKind::kAbcdef, 32, "eff31487c770a893cfb36f912fbfcbff40d5661771ca4b2cb4eafe524333f5c1"},
    {MsgKind::kQ128, 32, "b23a1d2b4d97b2ef7785562a7e8bac7eed54ed6e97e29aa51bfe3f12ddad1ff9"},
    {MsgKind::kA512, 32, "4623227bcc01293b8c130bf771da8c298dede7383243dc0993d2d94823958c4c"},
    {MsgKind::kEmpty, 128,
     "af84c27ccfd45d41914fdff5df25293e221afc53d8ad2ac06d5e3e29485dadbee0d121587713a3e0"
     "dd4d5e69e93eb7cd4f5df4cd103e188cf60cb02edc3edf18eda8576c412b18ffb658e3dd6ec84946"
     "9b979d444cf7b26911a08e63cf31f9dcc541708d3491184472c2c29bb749d4286b004ceb5ee6b9a7"
     "fa5b646c993f0ced"},
    {MsgKind::kAbc, 128,
     "abba86a6129e366fc877aab32fc4ffc70120d8996c88aee2fe4b32d6c7b6437a647e6c3163d40b76"
     "a73cf6a5674ef1d890f95b664ee0afa5359a5c4e07985635bbecbac65d747d3d2da7ec2b8221b17b"
     "0ca9dc8a1ac1c07ea6a1e60583e2cb00058e77b7b72a298425cd1b941ad4ec65e8afc50303a22c0f"
     "99b0509b4c895f40"},
    {MsgKind::kAbcdef, 128,
     "ef904a29bffc4cf9ee82832451c946ac3c8f8058ae97d8d629831a74c6572bd9ebd0df635cd1f208"
     "e2038e760c4994984ce73f0d55ea9f22af83ba4734569d4bc95e18350f740c07eef653cbb9f87910"
     "d833751825f0ebefa1abe5420bb52be14cf489b37fe1a72f7de2d10be453b2c9d9eb20c7e3f6edc5"
     "a60629178d9478df"},
    {MsgKind::kQ128, 128,
     "80be107d0884f0d881bb460322f0443d38bd222db8bd0b0a5312a6fedb49c1bbd88fd75d8b9a0948"
     "6c60123dfa1d73c1cc3169761b17476d3c6b7cbbd727acd0e2c942f4dd96ae3da5de368d26b32286"
     "e32de7e5a8cb2949f866a0b80c58116b29fa7fabb3ea7d520ee603e0c25bcaf0b9a5e92ec6a1fe4e"
     "0391d1cdbce8c68a"},
    {MsgKind::kA512, 128,
     "546aff5444b5b79aa6148bd81728704c32decb73a3ba76e9e75885cad9def1d06d6792f8a7d12794"
     "e90efed817d96920d728896a4510864370c207f99bd4a608ea121700ef01ed879745ee3e4ceef777"
     "eda6d9e5e38b90c86ea6fb0b36504ba4a45d22e86f6db5dd43d98a294bebb9125d5b794e9d2a8118"
     "1066eb954966a487"},
};

constexpr const char* kSuiteDst = "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_";

struct HashVector {
  MsgKind msg;
  Fp2Hex u0, u1;    // hash_to_field(msg, 2)
  Fp2Hex q0x, q0y;  // map_to_curve(u0)
  Fp2Hex px, py;    // hash_to_curve(msg)
};

// RFC 9380 Appendix J.10.1, BLS12381G2_XMD:SHA-256_SSWU_RO_, DST kSuiteDst.
const HashVector kHashVectors[] = {
    {MsgKind::kEmpty,
     {"03dbc2cce174e91ba93cbb08f26b917f98194a2ea08d1cce75b2b9cc9f21689d80bd79b594a613d0a68eb807dfdc"
      "1cf8",
      "05a2acec64114845711a54199ea339abd125ba38253b70a92c876df10598bd1986b739cad67961eb94f7076511b3"
      "b39a"},
     {"02f99798e8a5acdeed60d7e18e9120521ba1f47ec090984662846bc825de191b5b7641148c0dbc237726a334473e"
      "ee94",
      "145a81e418d4010cc027a68f14391b30074e89e60ee7a22f87217b2f6eb0c4b94c9115b436e6fa4607e95a98de30"
      "a435"},
     {"019ad3fc9c72425a998d7ab1ea0e646a1f6093444fc6965f1cad5a3195a7b1e099c050d57f45e3fa191cc6d75ed7"
      "458c",
      "171c88b0b0efb5eb2b88913a9e74fe111a4f68867b59db252ce5868af4d1254bfab77ebde5d61cd1a86fb2fe4a5a"
      "1c1d"},
     {"0ba10604e62bdd9eeeb4156652066167b72c8d743b050fb4c1016c31b505129374f76e03fa127d6a156213576910"
      "fef3",
      "0eb22c7a543d3d376e9716a49b72e79a89c9bfe9feee8533ed931cbb5373dde1fbcd7411d8052e02693654f71e15"
      "410a"},
     {"0141ebfbdca40eb85b87142e130ab689c673cf60f1a3e98d69335266f30d9b8d4ac44c1038e9dcdd5393faf5c41f"
      "b78a",
      "05cb8437535e20ecffaef7752baddf98034139c38452458baeefab379ba13dff5bf5dd71b72418717047f5b0f37d"
      "a03d"},
     {"0503921d7f6a12805e72940b963c0cf3471c7b2a524950ca195d11062ee75ec076daf2d4bc358c4b190c0c98064f"
      "dd92",
      "12424ac32561493f3fe3c260708a12b7c620e7be00099a974e259ddc7d1f6395c3c811cdd19f1e8dbf3e9ecfdcba"
      "b8d6"}},
    {MsgKind::kAbc,
     {"15f7c0aa8f6b296ab5ff9c2c7581ade64f4ee6f1bf18f55179ff44a2cf355fa53dd2a2158c5ecb17d7c52f63e719"
      "5771",
      "01c8067bf4c0ba709aa8b9abc3d1cef589a4758e09ef53732d670fd8739a7274e111ba2fcaa71b3d33df2a3a0c85"
      "29dd"},
     {"187111d5e088b6b9acfdfad078c4dacf72dcd17ca17c82be35e79f8c372a693f60a033b461d81b025864a0ad051a"
      "06e4",
      "08b852331c96ed983e497ebc6dee9b75e373d923b729194af8e72a051ea586f3538a6ebb1e80881a082fa2b24df9"
      "f566"},
     {"12b2e525281b5f4d2276954e84ac4f42cf4e13b6ac4228624e17760faf94ce5706d53f0ca1952f1c5ef75239aeed"
      "55ad",
      "05d8a724db78e570e34100c0bc4a5fa84ad5839359b40398151f37cff5a51de945c563463c9efbdda569850ee5a5"
      "3e77"},
     {"02eacdc556d0bdb5d18d22f23dcb086dd106cad713777c7e6407943edbe0b3d1efe391eedf11e977fac55f9b94f2"
      "489c",
      "04bbe48bfd5814648d0b9e30f0717b34015d45a861425fabc1ee06fdfce36384ae2c808185e693ae97dcde118f34"
      "de41"},
     {"02c2d18e033b960562aae3cab37a27ce00d80ccd5ba4b7fe0e7a210245129dbec7780ccc7954725f4168aff27877"
      "76e6",
      "139cddbccdc5e91b9623efd38c49f81a6f83f175e80b06fc374de9eb4b41dfe4ca3a230ed250fbe3a2acf73a4117"
      "7fd8"},
     {"1787327b68159716a37440985269cf584bcb1e621d3a7202be6ea05c4cfe244aeb197642555a0645fb87bf7466b2"
      "ba48",
      "00aa65dae3c8d732d10ecd2c50f8a1baf3001578f71c694e03866e9f3d49ac1e1ce70dd94a733534f106d4cec0ed"
      "dd16"}},
    {MsgKind::kAbcdef,
     {"0313d9325081b415bfd4e5364efaef392ecf69b087496973b229303e1816d2080971470f7da112c4eb43053130b7"
      "85e1",
      "062f84cb21ed89406890c051a0e8b9cf6c575cf6e8e18ecf63ba86826b0ae02548d83b483b79e48512b82a6c0686"
      "df8f"},
     {"1739123845406baa7be5c5dc74492051b6d42504de008c635f3535bb831d478a341420e67dcc7b46b2e8cba5379c"
      "ca97",
      "01897665d9cb5db16a27657760bbea7951f67ad68f8d55f7113f24ba6ddd82caef240a9bfa627972279974894701"
      "d975"},
     {"0f48f1ea1318ddb713697708f7327781fb39718971d72a9245b9731faaca4dbaa7cca433d6c434a820c28b18e20e"
      "a208",
      "06051467c8f85da5ba2540974758f7a1e0239a5981de441fdd87680a995649c211054869c50edbac1f3a86c561ba"
      "3162"},
     {"168b3d6df80069dbbedb714d41b32961ad064c227355e1ce5fac8e105de5e49d77f0c64867f3834848f152497eb7"
      "6333",
      "134e0e8331cee8cb12f9c2d0742714ed9eee78a84d634c9a95f6a7391b37125ed48bfc6e90bf3546e99930ff67cc"
      "97bc"},
     {"121982811d2491fde9ba7ed31ef9ca474f0e1501297f68c298e9f4c0028add35aea8bb83d53c08cfc007c1e00572"
      "3cd0",
      "190d119345b94fbd15497bcba94ecf7db2cbfd1e1fe7da034d26cbba169fb3968288b3fafb265f9ebd380512a71c"
      "3f2c"},
     {"05571a0f8d3c08d094576981f4a3b8eda0a8e771fcdcc8ecceaf1356a6acf17574518acb506e435b639353c2e148"
      "27c8",
      "0bb5e7572275c567462d91807de765611490205a941a5a6af3b1691bfe596c31225d3aabdf15faff860cb4ef17c7"
      "c3be"}},
    {MsgKind::kQ128,
     {"025820cefc7d06fd38de7d8e370e0da8a52498be9b53cba9927b2ef5c6de1e12e12f188bbc7bc923864883c57e49"
      "e253",
      "034147b77ce337a52e5948f66db0bab47a8d038e712123bb381899b6ab5ad20f02805601e6104c29df18c254b861"
      "8c7b"},
     {"0930315cae1f9a6017c3f0c8f2314baa130e1cf13f6532bff0a8a1790cd70af918088c3db94bda214e896e154362"
      "9795",
      "10c4df2cacf67ea3cb3108b00d4cbd0b3968031ebc8eac4b1ebcefe84d6b715fde66bef0219951ece29d1facc8a5"
      "20ef"},
     {"09eccbc53df677f0e5814e3f86e41e146422834854a224bf5a83a50e4cc0a77bfc56718e8166ad180f53526ea919"
      "4b57",
      "0c3633943f91daee715277bd644fba585168a72f96ded64fc5a384cce4ec884a4c3c30f08e09cd2129335dc8f678"
      "40ec"},
     {"0eb6186a0457d5b12d132902d4468bfeb7315d83320b6c32f1c875f344efcba979952b4aa418589cb01af712f98c"
      "c555",
      "119e3cf167e69eb16c1c7830e8df88856d48be12e3ff0a40791a5cd2f7221311d4bf13b1847f371f467357b3f3c0"
      "b4c7"},
     {"19a84dd7248a1066f737cc34502ee5555bd3c19f2ecdb3c7d9e24dc65d4e25e50d83f0f77105e955d78f4762d33c"
      "17da",
      "0934aba516a52d8ae479939a91998299c76d39cc0c035cd18813bec433f587e2d7a4fef038260eef0cef4d02aae3"
      "eb91"},
     {"14f81cd421617428bc3b9fe25afbb751d934a00493524bc4e065635b0555084dd54679df1536101b2c979c0152d0"
      "9192",
      "09bcccfa036b4847c9950780733633f13619994394c23ff0b32fa6b795844f4a0673e20282d07bc69641cee04f5e"
      "5662"}},
    {MsgKind::kA512,
     {"190b513da3e66fc9a3587b78c76d1d132b1152174d0b83e3c1114066392579a45824c5fa17649ab89299ddd4bda5"
      "4935",
      "12ab625b0fe0ebd1367fe9fac57bb1168891846039b4216b9d94007b674de2d79126870e88aeef54b2ec717a887d"
      "cf39"},
     {"0e6a42010cf435fb5bacc156a585e1ea3294cc81d0ceb81924d95040298380b164f702275892cedd81b62de3aba3"
      "f6b5",
      "117d9a0defc57a33ed208428cb84e54c85a6840e7648480ae428838989d25d97a0af8e3255be62b25c2a85630d2d"
      "ddd8"},
     {"17cadf8d04a1a170f8347d42856526a24cc466cb2ddfd506cff01191666b7f944e31244d662c904de5440516a2b0"
      "9004",
      "0d13ba91f2a8b0051cf3279ea0ee63a9f19bc9cb8bfcc7d78b3cbd8cc4fc43ba726774b28038213acf2b0095391c"
      "523e"},
     {"17ef19497d6d9246fa94d35575c0f8d06ee02f21a284dbeaa78768cb1e25abd564e3381de87bda26acd04f411816"
      "10c5",
      "12c3c913ba4ed03c24f0721a81a6be7430f2971ffca8fd1729aafe496bb725807531b44b34b59b3ae5495e5a2dcb"
      "d5c8"},
     {"01a6ba2f9a11fa5598b2d8ace0fbe0a0eacb65deceb476fbbcb64fd24557c2f4b18ecfc5663e54ae16a84f5ab7f6"
      "2534",
      "11fca2ff525572795a801eed17eb12785887c7b63fb77a42be46ce4a34131d71f7a73e95fee3f812aea3de78b4d0"
      "1569"},
     {"0b6798718c8aed24bc19cb27f866f1c9effcdbf92397ad6448b5c9db90d2b9da6cbabf48adc1adf59a1a28344e79"
      "d57e",
      "03a47f8e6d1763ba0cad63d6114c0accbef65707825a511b251a660a9b3994249ae4e63fac38b23da0c398689ee2"
      "ab52"}},
};

}  // namespace

TEST_CASE("expand_message_xmd matches RFC 9380 Appendix K.1", "[bls12_381][hash_to_curve]") {
  for (const auto& v : kExpandVectors) {
    const std::string msg = message(v.msg);
    CAPTURE(msg.size(), v.len);
    CHECK(hex_encode(expand_message_xmd(as_bytes(msg), kExpandDst, v.len)) == v.uniform_hex);
  }
}

TEST_CASE("expand_message_xmd hashes a DST longer than 255 bytes first",
          "[bls12_381][hash_to_curve]") {
  // RFC 9380 Appendix K.2, the long-DST set (expand_message_xmd_SHA256_256.json): the DST is
  // "QUUX-V01-CS02-with-expander-SHA256-128-long-DST-" followed by 208 '1's.
  const std::string long_dst =
      "QUUX-V01-CS02-with-expander-SHA256-128-long-DST-" + std::string(208, '1');
  REQUIRE(long_dst.size() == 256);
  CHECK(hex_encode(expand_message_xmd(as_bytes(""), long_dst, 32)) ==
        "e8dc0c8b686b7ef2074086fbdd2f30e3f8bfbd3bdf177f73f04b97ce618a3ed3");
  CHECK(hex_encode(expand_message_xmd(as_bytes("abc"), long_dst, 32)) ==
        "52dbf4f36cf560fca57dedec2ad924ee9c266341d8f3d6afe5171733b16bbb12");
}

TEST_CASE("expand_message_xmd rejects output lengths outside 1..8160",
          "[bls12_381][hash_to_curve]") {
  CHECK_THROWS_AS(expand_message_xmd(as_bytes("abc"), kExpandDst, 0), InvalidInput);
  CHECK_THROWS_AS(expand_message_xmd(as_bytes("abc"), kExpandDst, 8161), InvalidInput);
  CHECK(expand_message_xmd(as_bytes("abc"), kExpandDst, 8160).size() == 8160);
  CHECK(expand_message_xmd(as_bytes("abc"), kExpandDst, 1).size() == 1);
}

TEST_CASE("hash_to_field, map_to_curve and hash_to_g2 match RFC 9380 Appendix J.10.1",
          "[bls12_381][hash_to_curve]") {
  for (const auto& v : kHashVectors) {
    const std::string msg = message(v.msg);
    CAPTURE(msg.size());
    const auto u = hash_to_field_fp2(as_bytes(msg), kSuiteDst);
    CHECK(u[0] == v.u0.value());
    CHECK(u[1] == v.u1.value());

    const G2Affine q0 = map_to_curve_g2(u[0]).to_affine();
    CHECK(q0.is_on_curve());
    CHECK(q0.x == v.q0x.value());
    CHECK(q0.y == v.q0y.value());

    const G2Affine p = hash_to_g2(as_bytes(msg), kSuiteDst);
    CHECK(p.x == v.px.value());
    CHECK(p.y == v.py.value());
    CHECK(g2_in_subgroup(p));
  }
}

TEST_CASE("clear_cofactor_g2 moves a point of E2 into G2", "[bls12_381][hash_to_curve]") {
  const auto u = hash_to_field_fp2(as_bytes("abc"), kSuiteDst);
  const G2 q = map_to_curve_g2(u[0]);
  REQUIRE(q.to_affine().is_on_curve());
  CHECK_FALSE(g2_in_subgroup(q.to_affine()));  // SSWU lands outside G2 (cofactor h2 is huge)
  CHECK(g2_in_subgroup(clear_cofactor_g2(q).to_affine()));
  CHECK(clear_cofactor_g2(G2::identity()).is_identity());
}

TEST_CASE("hash_to_g2 depends on the DST", "[bls12_381][hash_to_curve]") {
  const std::string msg = "abc";
  CHECK(hash_to_g2(as_bytes(msg), kSuiteDst) != hash_to_g2(as_bytes(msg), "another DST"));
}
