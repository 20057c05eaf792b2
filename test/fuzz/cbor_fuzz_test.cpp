// Bounded, deterministic fuzzing of every decoder that reads untrusted bytes from disk or the
// network: CBOR, CIDs, SectorInfo records, backup files and RLE+ bitfields. Only InvalidInput may
// escape a decoder; whatever decodes must survive a re-encode round trip.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

#include "chain/types/bitfield.hpp"
#include "chain/types/message.hpp"
#include "chain/types/miner_params.hpp"
#include "common/cbor/cbor.hpp"
#include "common/cid/cid.hpp"
#include "common/error.hpp"
#include "storage/datastore/backup_format.hpp"
#include "storage/datastore/sector_info.hpp"

using namespace tessera;

namespace {

constexpr int kIterations = 200000;
constexpr std::uint64_t kSeed = 0x7e55e4a;

std::vector<Bytes> seed_corpus() {
  std::vector<Bytes> seeds;
  // reference/oracles.md §7 dag-cbor object and tag-42 CID.
  seeds.push_back(hex_decode(
      "a86161016162830102036174f56261616178636269671bffffffffffffffff636e656724636e696cf66562797465"
      "7343010203"));
  seeds.push_back(hex_decode(
      "d82a582500015512202cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));
  // Indefinite-length items (RFC 8949 Appendix A).
  // messages M1 and M3 of reference/oracles.md §4
  seeds.push_back(
      hex_decode("8a004300d2095501b0a998cbfbf6619085291997ab5718a168ae3c8500400040400040"));
  seeds.push_back(hex_decode("8a004200014300e8070742007b1a017d784040400540"));
  seeds.push_back(hex_decode("9f018202039f0405ffff"));
  seeds.push_back(hex_decode("bf6346756ef563416d7421ff"));
  seeds.push_back(hex_decode("5f42010243030405ff"));
  seeds.push_back(hex_decode("fb3ff8000000000000"));
  // A SectorInfo with pieces, CIDs and a log.
  datastore::SectorInfo info;
  info.state = "PreCommit1";
  info.sector_number = 4;
  info.sector_type = 5;
  info.pieces.push_back({2048, cid::commitment_unsealed_cid(Bytes(32, 0x11)), {}});
  info.comm_r = cid::commitment_sealed_cid(Bytes(32, 0x22));
  info.ticket_epoch = -3;
  info.log.push_back({"event;sealing.SectorStart", 1, "", "{}"});
  seeds.push_back(datastore::encode_sector_info(info));
  // A backup file.
  seeds.push_back(datastore::encode_backup(
      {{"/sectors/4", Bytes{0xa1, 0x61, 0x61, 0x01}}, {"/storage/nextid", Bytes{0x04}}}));
  // RLE+ bitfields and their CBOR form (go-bitfield rle/rleplus_test.go vector).
  seeds.push_back(Bytes{124, 71, 34, 2});
  seeds.push_back(Bytes{0x44, 124, 71, 34, 2});
  chain::BitField field;
  for (std::uint64_t b = 0; b < 40; b += 3) field.set(b);
  for (std::uint64_t b = 100; b < 400; ++b) field.set(b);
  seeds.push_back(field.to_rle());
  seeds.push_back(field.to_cbor());
  return seeds;
}

// Bytes that make decoders take interesting paths: long heads, indefinite starts, breaks, tags.
constexpr std::uint8_t kInteresting[] = {
    0x00, 0x17, 0x18, 0x1b, 0x1f, 0x20, 0x3b, 0x40, 0x58, 0x5b, 0x5f, 0x60, 0x7b, 0x7f, 0x80, 0x9b,
    0x9f, 0xa0, 0xbb, 0xbf, 0xc1, 0xd8, 0x2a, 0xf4, 0xf6, 0xf7, 0xfb, 0xff, 0x82, 0xb8, 0x26};

Bytes mutate(std::mt19937_64& rng, const std::vector<Bytes>& seeds) {
  auto pick = [&](std::uint64_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng() % n); };
  const auto mode = rng() % 8;
  if (mode == 0) {  // pure random bytes
    Bytes out(pick(300));
    for (auto& b : out) b = static_cast<std::uint8_t>(rng());
    return out;
  }
  if (mode == 1) {  // random bytes drawn from the interesting set
    Bytes out(pick(64));
    for (auto& b : out) b = kInteresting[pick(sizeof kInteresting)];
    return out;
  }
  Bytes out = seeds[pick(seeds.size())];
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    switch (rng() % 6) {
      case 0:  // flip a bit
        if (!out.empty()) out[pick(out.size())] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        break;
      case 1:  // overwrite with an interesting byte
        if (!out.empty()) out[pick(out.size())] = kInteresting[pick(sizeof kInteresting)];
        break;
      case 2:  // truncate
        out.resize(pick(out.size() + 1));
        break;
      case 3:  // insert a byte
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(pick(out.size() + 1)),
                   static_cast<std::uint8_t>(rng()));
        break;
      case 4:  // delete a byte
        if (!out.empty()) out.erase(out.begin() + static_cast<std::ptrdiff_t>(pick(out.size())));
        break;
      default: {  // splice in a slice of another seed
        const Bytes& other = seeds[pick(seeds.size())];
        const std::size_t from = pick(other.size());
        const std::size_t len = pick(other.size() - from + 1);
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(pick(out.size() + 1)),
                   other.begin() + static_cast<std::ptrdiff_t>(from),
                   other.begin() + static_cast<std::ptrdiff_t>(from + len));
      }
    }
  }
  return out;
}

// A broken round-trip property; not an InvalidInput, so it fails the test below.
void require(bool ok, const char* what) {
  if (!ok) throw std::logic_error(what);
}

// Runs f on input; InvalidInput is the expected refusal, anything else fails the test.
template <typename F>
void expect_only_invalid_input(const char* decoder, const Bytes& input, F&& f) {
  try {
    f();
  } catch (const InvalidInput&) {
  } catch (const std::exception& e) {
    FAIL(decoder << " threw " << typeid(e).name() << " (" << e.what() << ") on "
                 << hex_encode(input));
  } catch (...) {
    FAIL(decoder << " threw a non-std exception on " << hex_encode(input));
  }
}

}  // namespace

TEST_CASE("decoders refuse malformed input with InvalidInput only", "[cbor][fuzz]") {
  const auto seeds = seed_corpus();
  std::mt19937_64 rng(kSeed);
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t decoded = 0, sector_infos = 0, backups = 0, bitfields = 0, messages = 0;
  for (int i = 0; i < kIterations; ++i) {
    const Bytes input = mutate(rng, seeds);
    expect_only_invalid_input("cbor::decode", input, [&] {
      const auto value = cbor::decode(input);
      ++decoded;
      cbor::Writer w;
      cbor::encode(w, value);
      if (!(cbor::decode(w.bytes()) == value))
        FAIL("CBOR round trip differs: " << hex_encode(input));
    });
    expect_only_invalid_input("cid::Cid::from_bytes", input, [&] {
      const auto c = cid::Cid::from_bytes(input);
      require(cid::Cid::parse(c.to_string()) == c, "CID round trip differs");
    });
    expect_only_invalid_input("decode_sector_info", input, [&] {
      const auto info = datastore::decode_sector_info(input);
      ++sector_infos;
      require(datastore::decode_sector_info(datastore::encode_sector_info(info)) == info,
              "SectorInfo round trip differs");
    });
    expect_only_invalid_input("decode_backup", input, [&] {
      const auto entries = datastore::decode_backup(input);
      ++backups;
      require(datastore::decode_backup(datastore::encode_backup(entries)) == entries,
              "backup round trip differs");
    });
    expect_only_invalid_input("BitField::from_rle", input, [&] {
      const auto field = chain::BitField::from_rle(input);
      ++bitfields;
      require(chain::BitField::from_rle(field.to_rle()) == field, "RLE+ round trip differs");
    });
    expect_only_invalid_input("Message::from_cbor", input, [&] {
      const auto message = chain::Message::from_cbor(input);
      ++messages;
      require(chain::Message::from_cbor(message.to_cbor()) == message,
              "message round trip differs");
    });
    expect_only_invalid_input("decode_submit_windowed_post", input,
                              [&] { (void)chain::decode_submit_windowed_post(input); });
    expect_only_invalid_input("decode_prove_commit_sectors3", input,
                              [&] { (void)chain::decode_prove_commit_sectors3(input); });
    expect_only_invalid_input("decode_precommit_sector_batch2", input,
                              [&] { (void)chain::decode_precommit_sector_batch2(input); });
    expect_only_invalid_input("Address::from_bytes", input, [&] {
      const auto address = chain::Address::from_bytes(input);
      require(chain::Address::parse(address.to_string()) == address, "address round trip differs");
    });
    expect_only_invalid_input("BitField::from_cbor", input,
                              [&] { (void)chain::BitField::from_cbor(input); });
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO("decoded " << decoded << " of " << kIterations << " inputs in " << seconds << " s");
  // The corpus must reach the success paths too, not only the refusals.
  CHECK(decoded > kIterations / 50);
  CHECK(sector_infos > 100);
  CHECK(backups > 10);
  CHECK(bitfields > 1000);
  CHECK(messages > 10);
  WARN("cbor fuzz: " << kIterations << " inputs in " << seconds << " s; decoded: " << decoded
                     << " CBOR, " << sector_infos << " SectorInfo, " << backups << " backups, "
                     << bitfields << " bitfields, " << messages << " messages");
}
