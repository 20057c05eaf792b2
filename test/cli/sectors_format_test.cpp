// The text of `sectors status`, `sectors list`, `update-state`'s state list and `info`'s Sectors
// block (cli/sectors_format.hpp). Expected output is written out by hand from lotus v1.23.3
// cmd/lotus-miner/sectors.go and info.go: Go's fmt verbs (%s of a nil *cid.Cid is "<nil>", %x of
// bytes is lower-case hex, %x of an int is hex, %v of a slice is "[a b]"), lib/tablewriter
// (each column as wide as its widest cell + 2 spaces, unset columns omitted, new-line columns as
// "  Name: value" under the row) and go-units BytesSize ("%.4g" + KiB…, no space).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/sectors_format.hpp"
#include "sealing/pipeline/sector_states.hpp"

using namespace tessera;
using namespace tessera::cli;

namespace {

const char* const kCid = "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4";

miner::ApiSectorInfo status_example() {
  miner::ApiSectorInfo st;
  st.sector_id = 7;
  st.state = "Proving";
  st.comm_d = cid::Cid::parse(kCid);
  st.ticket = {Bytes{0x01, 0x02}, 100};
  st.pre_commit_msg = cid::Cid::parse(kCid);
  st.deals = {0};
  st.proof = Bytes{0xaa, 0x0b};
  // 1700000000 is 2023-11-14 22:13:20 UTC.
  st.log = {{"event;sealing.SectorStartCC", 1700000000, "", "{\"ID\":7}"},
            {"error;sealing.SectorSealPreCommit1Failed", 1700000060, "at pc1.go:10", "boom"}};
  return st;
}

miner::ApiSectorInfo listed(std::uint64_t id, const std::string& state) {
  miner::ApiSectorInfo st;
  st.sector_id = id;
  st.state = state;
  st.deals = {0};
  return st;
}

std::string lines(const std::vector<std::string>& ls) {
  std::string out;
  for (const auto& l : ls) out += l + "\n";
  return out;
}

}  // namespace

TEST_CASE("sectors status prints lotus's lines", "[sectors-api]") {
  const auto st = status_example();
  const std::string base = std::string("SectorID:\t7\n") + "Status:\t\tProving\n" + "CIDcommD:\t" +
                           kCid + "\n" + "CIDcommR:\t<nil>\n" + "Ticket:\t\t0102\n" +
                           "TicketH:\t100\n" + "Seed:\t\t\n" + "SeedH:\t\t0\n" + "Precommit:\t" +
                           kCid + "\n" + "Commit:\t\t<nil>\n";
  const std::string tail = "Deals:\t\t[0]\nRetries:\t0\n";
  CHECK(format_sector_status(st, {.local_time = false}) == base + tail);
  CHECK(format_sector_status(st, {.proof = true, .local_time = false}) ==
        base + "Proof:\t\taa0b\n" + tail);

  SECTION("--log: one line per event, the trace indented under it") {
    CHECK(format_sector_status(st, {.log = true, .local_time = false}) ==
          base + tail + "--------\nEvent Log:\n" +
              "0.\t2023-11-14 22:13:20 +0000 UTC:\t[event;sealing.SectorStartCC]\t{\"ID\":7}\n" +
              "1.\t2023-11-14 22:14:20 +0000 UTC:\t[error;sealing.SectorSealPreCommit1Failed]"
              "\tboom\n" +
              "\tat pc1.go:10\n");
  }
  SECTION("a last error and the on-chain block") {
    auto with_chain = st;
    with_chain.last_err = "precommit1: boom";
    with_chain.deals = {0, 5432};
    with_chain.seal_proof = 10;  // %x: "a"
    with_chain.activation = 500;
    with_chain.expiration = 1000500;
    with_chain.deal_weight = chain::BigInt::from_uint(12345);
    with_chain.initial_pledge = chain::BigInt::parse("1500000000000000000");
    with_chain.on_time = 1000400;
    CHECK(format_sector_status(with_chain, {.on_chain_info = true, .local_time = false}) ==
          base + "Deals:\t\t[0 5432]\nRetries:\t0\n" + "Last Error:\t\tprecommit1: boom\n" +
              "\nSector On Chain Info\n" + "SealProof:\t\ta\n" + "Activation:\t\t500\n" +
              "Expiration:\t\t1000500\n" + "DealWeight:\t\t12345\n" + "VerifiedDealWeight:\t\t0\n" +
              "InitialPledge:\t\t1.5 FIL\n" + "\nExpiration Info\n" + "OnTime:\t\t1000400\n" +
              "Early:\t\t0\n");
  }
}

TEST_CASE("Go's time and go-units sizes", "[sectors-api]") {
  CHECK(go_time_string(0, false) == "1970-01-01 00:00:00 +0000 UTC");
  CHECK(go_time_string(1700000000, false) == "2023-11-14 22:13:20 +0000 UTC");
  CHECK(go_units_bytes_size(0) == "0B");
  CHECK(go_units_bytes_size(1023) == "1023B");
  CHECK(go_units_bytes_size(1024) == "1KiB");
  CHECK(go_units_bytes_size(1536) == "1.5KiB");
  CHECK(go_units_bytes_size(34359738368.0) == "32GiB");
  CHECK(go_units_bytes_size(123456789) == "117.7MiB");
}

TEST_CASE("sectors list: lotus's columns, omitted when empty, rows under rows", "[sectors-api]") {
  SectorsListChain chain;
  chain.head_height = 1000;
  chain.block_delay = 30;
  chain.committed = {1, 2};
  chain.active = {1};

  auto s1 = listed(1, "Proving");
  s1.activation = 100;
  s1.expiration = 3880;  // 2880 epochs of 30 s ahead: "in 1 day"
  auto s2 = listed(2, "Proving");
  s2.expiration = 1120;
  s2.early = 1060;  // faulty: RecoveryTimeout under the row
  auto s3 = listed(3, "PreCommit1");
  auto s4 = listed(4, "Removed");
  // Given out of order: the list is sorted by number.
  const std::vector<SectorsListEntry> entries{
      {5, std::nullopt, "sector 5 not found"}, {3, s3, ""}, {1, s1, ""}, {4, s4, ""}, {2, s2, ""}};

  SECTION("default: Removed hidden, on-chain Expiration") {
    CHECK(format_sectors_list(entries, chain, {}) ==
          lines({"ID  State       OnChain  Active  Expiration        Deals  ",
                 "1   Proving     YES      YES     3880 (in 1 day)   CC     ",
                 "2   Proving     YES      NO      1120 (in 1 hour)  CC     ",
                 "  RecoveryTimeout: 1060 (in 30 minutes)",
                 "3   PreCommit1  NO       NO      n/a               CC     ",
                 "5                                                         ",
                 "  Error: sector 5 not found"}));
  }
  SECTION("--show-removed --fast: Removed shown, no Expiration column") {
    CHECK(format_sectors_list(entries, chain, {.show_removed = true, .fast = true}) ==
          lines({"ID  State       OnChain  Active  Deals  ",
                 "1   Proving     YES      YES     CC     ",
                 "2   Proving     YES      NO      CC     ",
                 "3   PreCommit1  NO       NO      CC     ",
                 "4   Removed     NO       NO      CC     ",
                 "5                                       ", "  Error: sector 5 not found"}));
  }
  SECTION("no sectors: the empty header line") {
    CHECK(format_sectors_list({}, chain, {}) == "\n");
  }
}

TEST_CASE("sectors list: deals, weights, events, seal time and pledge", "[sectors-api]") {
  SectorsListChain chain;
  chain.head_height = 500;
  chain.block_delay = 30;
  chain.committed = {10};
  chain.active = {10};

  // On chain: weights from the chain, per epoch of its 1000-epoch life.
  auto s10 = listed(10, "Proving");
  s10.deals = {5432};
  s10.activation = 0;
  s10.expiration = 1000;
  s10.deal_weight = chain::BigInt::from_uint(2048 * 1000);
  s10.verified_deal_weight = chain::BigInt::from_uint(1024 * 1000);  // (2048+1024) B, 9*1024 B
  s10.initial_pledge = chain::BigInt::parse("1500000000000000000");
  s10.log = {{"event;sealing.SectorStartCC", 1000, "", ""},
             {"event;sealing.SectorRestart", 1100, "", ""},   // not counted
             {"error;x", 1200, "", ""},                       // not an event
             {"event;sealing.SectorProving", 4723, "", ""}};  // 3723 s after the first entry
  // Not on chain yet: estimated from its deal pieces, shown in brackets.
  auto s11 = listed(11, "Packing");
  s11.deals = {77};
  s11.pieces = {{1024, cid::Cid::parse(kCid),
                 nlohmann::json{{"DealID", 77}, {"DealProposal", {{"VerifiedDeal", true}}}}}};
  s11.log = {{"event;sealing.SectorStart", 1000, "", ""}};

  const std::vector<SectorsListEntry> entries{{10, s10, ""}, {11, s11, ""}};
  CHECK(
      format_sectors_list(entries, chain,
                          {.events = true, .initial_pledge = true, .seal_time = true}) ==
      lines({"ID  State    OnChain  Active  Expiration                    SealTime  Events  Deals  "
             "DealWeight  VerifiedPower  Pledge   ",
             "10  Proving  YES      YES     1000 (in 4 hours 10 minutes)  1h2m3s    2       1      "
             "3KiB        9KiB           1.5 FIL  ",
             "11  Packing  NO       NO      n/a                                     1       1      "
             "[1KiB]      [9KiB]                  "}));
  // A CC sector marked for upgrade.
  auto cc = listed(12, "Proving");
  cc.to_upgrade = true;
  CHECK(format_sectors_list({{12, cc, ""}}, chain, {.fast = true}) ==
        lines({"ID  State    OnChain  Active  Deals        ",
               "12  Proving  NO       NO      CC(upgrade)  "}));
}

TEST_CASE("sectors list --states / --unproven", "[sectors-api]") {
  CHECK(sectors_list_states(std::nullopt, false).empty());
  CHECK(sectors_list_states(std::string("Proving,Removed"), false) ==
        std::vector<std::string>{"Proving", "Removed"});
  // strings.Split keeps empty items.
  CHECK(sectors_list_states(std::string("Proving,"), false) ==
        std::vector<std::string>{"Proving", ""});
  CHECK(sectors_list_states(std::string(""), false) == std::vector<std::string>{""});
  const auto unproven = sectors_list_states(std::nullopt, true);
  // lotus's ExistSectorStateList has 63 states; all but Proving and Available.
  CHECK(unproven.size() == 61);
  CHECK(std::find(unproven.begin(), unproven.end(), "Proving") == unproven.end());
  CHECK(std::find(unproven.begin(), unproven.end(), "Available") == unproven.end());
  CHECK(std::find(unproven.begin(), unproven.end(), "Removed") != unproven.end());
}

TEST_CASE("info's Sectors block follows lotus's state order", "[sectors-api]") {
  CHECK(format_sectors_summary({}) == "\tTotal: 0\n");
  CHECK(format_sectors_summary({{"Proving", 3},
                                {"PreCommit1", 1},
                                {"Available", 2},
                                {"CommitFailed", 1},
                                {"WeirdState", 1},
                                {"Removed", 1}}) ==
        "\tTotal: 9\n\tProving: 3\n\tAvailable: 2\n\tPreCommit1: 1\n\tRemoved: 1\n"
        "\tCommitFailed: 1\n\tWeirdState: 1\n");
}

TEST_CASE("update-state lists the valid states for an unknown one", "[sectors-api]") {
  const auto text = format_invalid_state("Bogus");
  CHECK_THAT(text, Catch::StartsWith(
                       " \"Bogus\" is not a valid state. Possible states for sectors are: \n"));
  CHECK_THAT(text, Catch::Contains("\nProving\n") && Catch::Contains("\nRemoved\n"));
  CHECK(std::count(text.begin(), text.end(), '\n') == 1 + 63);
}
