#include "cli/table_writer.hpp"

#include <algorithm>

namespace tessera::cli {
namespace {

// Width as lotus measures it: runes (UTF-8 code points), not bytes.
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

}  // namespace

void TableWriter::flush(std::ostream& out) const {
  std::vector<std::string> shown;
  std::vector<std::size_t> widths;
  for (const auto& column : columns_) {
    std::size_t width = display_width(column);
    bool any = false;
    for (const auto& row : rows_) {
      auto it = row.find(column);
      if (it == row.end()) continue;
      any = true;
      width = std::max(width, display_width(it->second));
    }
    if (!any) continue;
    shown.push_back(column);
    widths.push_back(width);
  }
  // Every cell is followed by its padding, the last one too (lotus lib/tablewriter).
  const auto line = [&](auto cell_of) {
    std::string text;
    for (std::size_t i = 0; i < shown.size(); ++i) {
      const std::string cell = cell_of(shown[i]);
      text += cell + std::string(widths[i] - display_width(cell) + 2, ' ');
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
