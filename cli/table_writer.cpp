#include "cli/table_writer.hpp"

#include <algorithm>

namespace tessera::cli {

void TableWriter::flush(std::ostream& out) const {
  std::vector<std::string> shown;
  std::vector<std::size_t> widths;
  for (const auto& column : columns_) {
    std::size_t width = column.size();
    bool any = false;
    for (const auto& row : rows_) {
      auto it = row.find(column);
      if (it == row.end() || it->second.empty()) continue;
      any = true;
      width = std::max(width, it->second.size());
    }
    if (!any) continue;
    shown.push_back(column);
    widths.push_back(width);
  }
  const auto line = [&](auto cell_of) {
    std::string text;
    for (std::size_t i = 0; i < shown.size(); ++i) {
      const std::string cell = cell_of(shown[i]);
      text += cell;
      if (i + 1 < shown.size()) text += std::string(widths[i] - cell.size() + 2, ' ');
    }
    out << text << "\n";
  };
  line([](const std::string& column) { return column; });
  for (const auto& row : rows_) {
    line([&](const std::string& column) {
      auto it = row.find(column);
      return it == row.end() ? std::string() : it->second;
    });
  }
}

}  // namespace tessera::cli
