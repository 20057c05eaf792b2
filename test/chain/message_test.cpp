#include <catch2/catch.hpp>

#include "chain/types/message.hpp"
#include "common/error.hpp"
#include "test/support/oracle_messages.hpp"

using namespace tessera;
using namespace tessera::chain;

namespace {

Bytes secret_key_one() {
  Bytes sk(32, 0);
  sk[31] = 1;
  return sk;
}

}  // namespace

// Expected CBOR, CIDs and the signature: reference/oracles.md §4 (iso-filecoin and zondax
// filecoin-signing-tools give identical bytes).
TEST_CASE("messages encode and hash as iso-filecoin and zondax do", "[message]") {
  const Message m1 = test::oracle_message_m1();
  CHECK(hex_encode(m1.to_cbor()) ==
        "8a004300d2095501b0a998cbfbf6619085291997ab5718a168ae3c8500400040400040");
  CHECK(m1.cid().to_string() == "bafy2bzaced6ng5logr7l3zzvbosaqjlpx26qqeroispaj34lekscwnxvpesyq");

  const Message m2 = test::oracle_message_m2();
  CHECK(hex_encode(m2.to_cbor()) ==
        "8a004300e807583103b8f3a6c1e371d3bdba1a04e72f3fab9ee04f9e572399cf736323dd6023459625eb44feb0"
        "2ddd8aa89bf4a59bdf"
        "9859df182a49000de0b6b3a76400001a000f424044000186a0430003e80243820102");
  CHECK(m2.cid().to_string() == "bafy2bzaceb3wxmhj7uoqziuw3tsfvbpxfbcu2sbpblz2w44exa6v6qjbupn3g");

  Message m3;
  m3.to = Address::parse("t01");
  m3.from = Address::parse("t01000");
  m3.nonce = 7;
  m3.value = BigInt::from_uint(123);
  m3.gas_limit = 25000000;
  m3.method = 5;
  CHECK(hex_encode(m3.to_cbor()) == "8a004200014300e8070742007b1a017d784040400540");
  CHECK(m3.cid().to_string() == "bafy2bzaceaxuk7y6hvsr6m5zmxa4wfxf4vi6sbura2aeesbkkkmiy7hrofeds");

  for (const auto& m : {m1, m2, m3}) CHECK(Message::from_cbor(m.to_cbor()) == m);
}

TEST_CASE("secp256k1 message signatures match zondax and verify", "[message]") {
  const Message m1 = test::oracle_message_m1();
  auto sig = sign_message(m1, SignatureType::kSecp256k1, secret_key_one());
  CHECK(hex_encode(sig.data) ==
        "331f9844daeb027a88eca527d53bd1bee40b9b00a0d4a04cb5107732282d4922129330536f7713f31a3420892b"
        "3888408dda9dbc8"
        "6f145707b64128ba1cecc8401");
  CHECK(verify_message_signature(m1, sig));

  SignedMessage signed_message{m1, sig};
  auto decoded = SignedMessage::from_cbor(signed_message.to_cbor());
  CHECK(decoded.message == m1);
  CHECK(decoded.signature == sig);
  CHECK(decoded.cid() != m1.cid());  // secp256k1: the CID covers the signature

  Message other = m1;
  other.nonce = 1;
  CHECK_FALSE(verify_message_signature(other, sig));  // signed by the key, but another message
  Signature flipped = sig;
  flipped.data[10] ^= 1;
  CHECK_FALSE(verify_message_signature(m1, flipped));
  CHECK_FALSE(verify_message_signature(m1, Signature{SignatureType::kBls, sig.data}));
}

TEST_CASE("malformed message CBOR is refused", "[message]") {
  Message m;
  auto cbor = m.to_cbor();
  CHECK_THROWS_AS(Message::from_cbor(Bytes(cbor.begin(), cbor.end() - 1)), InvalidInput);
  CHECK_THROWS_AS(Message::from_cbor(hex_decode("89004200004200000040004040")),
                  InvalidInput);  // 9 elements
  auto bad_version = cbor;
  bad_version[1] = 0x01;
  CHECK_THROWS_AS(Message::from_cbor(bad_version), InvalidInput);
  CHECK_THROWS_AS(SignedMessage::from_cbor(hex_decode("8100")), InvalidInput);
}
