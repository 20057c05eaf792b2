// TableWriter against lotus lib/tablewriter/tablewriter.go: every shown column is as wide as its
// widest cell (header included) plus two spaces, and a column no row writes is left out. lotus
// pads the last column too, so its lines end in blanks; most tests compare lines with trailing
// blanks removed and one compares the exact bytes.
#include <catch2/catch.hpp>

#include <sstream>

#include "cli/table_writer.hpp"

using namespace tessera::cli;

namespace {

std::string flush(const TableWriter& table) {
  std::ostringstream out;
  table.flush(out);
  return out.str();
}

std::vector<std::string> trimmed_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    line.erase(line.find_last_not_of(' ') + 1);
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

TEST_CASE("table columns are as wide as their widest cell plus two", "[table_writer]") {
  TableWriter table({"ID", "Name"});
  table.add_row({{"ID", "1"}, {"Name", "alpha"}});
  table.add_row({{"ID", "22"}, {"Name", "b"}});
  const std::string text = flush(table);
  CHECK(text.back() == '\n');
  // ID is 2 wide (+2), Name 5 wide.
  CHECK(trimmed_lines(text) == std::vector<std::string>{"ID  Name", "1   alpha", "22  b"});
}

TEST_CASE("table header wider than the cells sets the width", "[table_writer]") {
  TableWriter table({"SectorID", "State"});
  table.add_row({{"SectorID", "7"}, {"State", "Proving"}});
  CHECK(trimmed_lines(flush(table)) ==
        std::vector<std::string>{"SectorID  State", "7         Proving"});
}

TEST_CASE("table leaves out columns no row fills and prints absent cells empty", "[table_writer]") {
  TableWriter table({"A", "Unused", "B"});
  table.add_row({{"A", "1"}});
  table.add_row({{"B", "2"}});
  // A and B are 1 wide: "A" + 2 blanks, then B.
  CHECK(trimmed_lines(flush(table)) == std::vector<std::string>{"A  B", "1", "   2"});
}

TEST_CASE("a table without rows prints nothing but an empty header line", "[table_writer]") {
  TableWriter table({"A", "B"});
  // No column has a value: lotus prints only the (empty) header line.
  CHECK(trimmed_lines(flush(table)) == std::vector<std::string>{""});
}

// lotus writes each cell followed by its padding, the last column included, and measures cells
// in runes (utf8.RuneCountInString).
TEST_CASE("table output is byte for byte lotus's", "[table_writer]") {
  TableWriter table({"ID", "Name"});
  table.add_row({{"ID", "1"}, {"Name", "alpha"}});
  table.add_row({{"ID", "22"}, {"Name", "b"}});
  CHECK(flush(table) == "ID  Name   \n1   alpha  \n22  b      \n");

  TableWriter utf8({"Unit", "X"});
  utf8.add_row({{"Unit", "\xce\xbc"}, {"X", "1"}});  // "μ": 1 rune, 2 bytes
  // Unit is 4 wide: "μ" + 5 blanks.
  CHECK(flush(utf8) == "Unit  X  \n\xce\xbc     1  \n");
}
