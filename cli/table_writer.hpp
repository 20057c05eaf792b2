// Tables as lotus's lib/tablewriter prints them: a header row of column names, each column as
// wide as its widest cell (in runes) plus two spaces, the last one included, and columns that
// no row sets left out.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace tessera::cli {

class TableWriter {
 public:
  explicit TableWriter(std::vector<std::string> columns) : columns_(std::move(columns)) {}
  // A row: cells by column name (absent ones print empty).
  void add_row(std::map<std::string, std::string> cells) { rows_.push_back(std::move(cells)); }
  void flush(std::ostream& out) const;

 private:
  std::vector<std::string> columns_;
  std::vector<std::map<std::string, std::string>> rows_;
};

}  // namespace tessera::cli
