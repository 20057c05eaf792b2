// The text of `lotus-miner proving deadlines|deadline|faults` (cli/proving_format.hpp). Expected
// output is written out by hand from lotus v1.23.3 cmd/lotus-miner/proving.go (tag v1.23.3,
// commit 7bb1f98ac6f5a6da2cc79afc26d8cd9fe323eb30, lines 49-99 and 206-440): its format strings,
// Go's text/tabwriter (minwidth 2, padding 2, the last cell of a line unpadded), Go's
// strconv.ParseUint errors, and go-bitfield's RLE+ (2 version bits, the first run's value, then
// runs: "1" for a run of one, "01"+4 bits for 2-15, bits least significant first, no trailing
// zero byte) in a CBOR byte string.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli/proving_format.hpp"
#include "common/error.hpp"

using namespace tessera;
using namespace tessera::cli;
using chain::BitField;

namespace {

BitField bits(const char* ranges) { return BitField::from_human_ranges(ranges); }

chain::PartitionState partition(const char* all, const char* live, const char* active,
                                const char* faulty, const char* recovering) {
  return chain::PartitionState{bits(all), bits(faulty), bits(recovering), bits(live), bits(active)};
}

chain::DeadlineState deadline(const char* proven) {
  return chain::DeadlineState{bits(proven), 0, {}};
}

// Deadline 0: a partition with sectors 1-3 (2 faulty) and one whose only sector (4) is dead;
// deadline 1: one fully proven partition of sectors 5-6; deadline 2: empty.
const std::vector<chain::DeadlineState> kDeadlines{deadline(""), deadline("0"), deadline("")};
const std::vector<std::vector<chain::PartitionState>> kPartitions{
    {partition("1-3", "1-3", "1,3", "2", "2"), partition("4", "", "", "", "")},
    {partition("5-6", "5-6", "5-6", "", "")},
    {}};

}  // namespace

TEST_CASE("proving deadlines: lotus's table of live sectors, current deadline marked",
          "[cli][proving]") {
  // "%d\t%d\t%d (%d)\t%d%s\n" with "\t(current)": the "proven partitions" column exists only
  // on the current row, three wide ("1" + padding).
  CHECK(format_proving_deadlines("t01000", kDeadlines, kPartitions, 1, false) ==
        "Miner: t01000\n"
        "deadline  partitions  sectors (faults)  proven partitions\n"
        "0         1           3 (1)             0\n"
        "1         1           2 (0)             1  (current)\n"
        "2         0           0 (0)             0\n");
  // --all counts the dead sector and its partition.
  CHECK(format_proving_deadlines("t01000", kDeadlines, kPartitions, 2, true) ==
        "Miner: t01000\n"
        "deadline  partitions  sectors (faults)  proven partitions\n"
        "0         2           4 (1)             0\n"
        "1         1           2 (0)             1\n"
        "2         0           0 (0)             0  (current)\n");
  // Past the last deadline (the period has elapsed): no row is current.
  CHECK(format_proving_deadlines("t01000", {deadline("")}, {{}}, 48, false) ==
        "Miner: t01000\n"
        "deadline  partitions  sectors (faults)  proven partitions\n"
        "0         0           0 (0)             0\n");
  const std::vector<std::vector<chain::PartitionState>> two_lists(2);
  CHECK_THROWS_AS(format_proving_deadlines("t01000", kDeadlines, two_lists, 0, false),
                  InvalidInput);
}

TEST_CASE("proving deadline: lotus's per-partition counts", "[cli][proving]") {
  CHECK(format_proving_deadline(0, kDeadlines[0], kPartitions[0], false, {}) ==
        "Deadline Index:           0\n"
        "Partitions:               2\n"
        "Proven Partitions:        0\n"
        "Current:                  false\n"
        "\n"
        "Partition Index:          0\n"
        "\tAll Sectors:               3\n"
        "\tLive Sectors:              3\n"
        "\tActive Sectors:            2\n"
        "\tFaulty Sectors:            1\n"
        "\tRecovering Sectors:        1\n"
        "Partition Index:          1\n"
        "\tAll Sectors:               1\n"
        "\tLive Sectors:              0\n"
        "\tActive Sectors:            0\n"
        "\tFaulty Sectors:            0\n"
        "\tRecovering Sectors:        0\n");
  // An empty deadline: the header only.
  CHECK(format_proving_deadline(2, kDeadlines[2], kPartitions[2], true, {}) ==
        "Deadline Index:           2\n"
        "Partitions:               0\n"
        "Proven Partitions:        0\n"
        "Current:                  true\n"
        "\n");
}

TEST_CASE("proving deadline -n lists sector numbers as Go's %v", "[cli][proving]") {
  CHECK(format_proving_deadline(1, kDeadlines[1], kPartitions[1], true, {.sector_nums = true}) ==
        "Deadline Index:           1\n"
        "Partitions:               1\n"
        "Proven Partitions:        1\n"
        "Current:                  true\n"
        "\n"
        "Partition Index:          0\n"
        "\tAll Sectors:               2\n"
        "\tAll Sector Numbers:         [5 6]\n"
        "\tLive Sectors:              2\n"
        "\tLive Sector Numbers:        [5 6]\n"
        "\tActive Sectors:            2\n"
        "\tActive Sector Numbers:      [5 6]\n"
        "\tFaulty Sectors:            0\n"
        "\tFaulty Sector Numbers:      []\n"
        "\tRecovering Sectors:        0\n"
        "\tRecovering Sector Numbers:  []\n");
}

TEST_CASE("proving deadline -b prints RLE+ run statistics and CBOR sizes", "[cli][proving]") {
  // {0}: bits 0,0 (version), 1 (first run set), 1 (run of one) = 0x0c; CBOR 41 0c.
  // {1,2,3}: 0,0, 0, 1, then 0,1 + 3 as 1,1,0,0 = 0xe8 (the zero second byte dropped); 41 e8.
  // {1,3}: 0,0, 0, 1,1,1,1 = 0x78; 41 78. {0-3}: 0,0, 1, 0,1 + 0,0,1,0 = 0x94; 41 94.
  // The empty set: CBOR 40.
  const chain::PartitionState part = partition("0-3", "1-3", "1,3", "", "0");
  CHECK(format_proving_deadline(7, deadline(""), {part}, false, {.bitfield = true}) ==
        "Deadline Index:           7\n"
        "Partitions:               1\n"
        "Proven Partitions:        0\n"
        "Current:                  false\n"
        "\n"
        "Partition Index:          0\n"
        "\tAll Sectors:               4 (bitfield - runs 0+1=1 - 0 0s 4 1s - 0 inv - 2 B 2B)\n"
        "\tLive Sectors:              3 (bitfield - runs 1+1=2 - 1 0s 3 1s - 0 inv - 2 B 2B)\n"
        "\tActive Sectors:            2 (bitfield - runs 2+2=4 - 2 0s 2 1s - 0 inv - 2 B 2B)\n"
        "\tFaulty Sectors:            0 (bitfield - runs 0+0=0 - 0 0s 0 1s - 0 inv - 1 B 1B)\n"
        "\tRecovering Sectors:        1 (bitfield - runs 0+1=1 - 0 0s 1 1s - 0 inv - 2 B 2B)\n");
}

TEST_CASE("proving faults: one row per faulty sector", "[cli][proving]") {
  std::vector<std::vector<chain::PartitionState>> partitions(48);
  partitions[3] = {partition("1-2", "1-2", "", "1-2", ""), partition("9", "9", "9", "", "")};
  partitions[12] = {partition("20", "20", "", "", ""), partition("30", "30", "", "30", "30")};
  CHECK(format_proving_faults("t01000", partitions) ==
        "Miner: t01000\n"
        "deadline  partition  sectors\n"
        "3         0          1\n"
        "3         0          2\n"
        "12        1          30\n");
  CHECK(format_proving_faults("t01002", std::vector<std::vector<chain::PartitionState>>(48)) ==
        "Miner: t01002\n"
        "deadline  partition  sectors\n");
}

TEST_CASE("proving deadline index parses as strconv.ParseUint", "[cli][proving]") {
  CHECK(parse_deadline_index("0") == 0);
  CHECK(parse_deadline_index("47") == 47);
  CHECK(parse_deadline_index("007") == 7);
  CHECK(parse_deadline_index("18446744073709551615") == 18446744073709551615ull);
  const auto rejects = [](const char* text, const std::string& why) {
    CHECK_THROWS_MATCHES(parse_deadline_index(text), InvalidInput,
                         Catch::Message("could not parse deadline index: strconv.ParseUint: "
                                        "parsing \"" +
                                        std::string(text) + "\": " + why));
  };
  rejects("abc", "invalid syntax");
  rejects("", "invalid syntax");
  rejects("-1", "invalid syntax");
  rejects("+1", "invalid syntax");
  rejects(" 1", "invalid syntax");
  rejects("1x", "invalid syntax");
  rejects("0x10", "invalid syntax");
  rejects("18446744073709551616", "value out of range");
  // ParseUint stops at the overflow, before the bad character.
  rejects("99999999999999999999x", "value out of range");
}
