// The layer table in README.md ("| folder | what lives there | may include |") is the rule: a file
// may include project headers only from its own row's folder and from the folders that row names.
// The most specific row (longest folder prefix) governs a file; a file under no row fails, so a
// new folder needs a row. Quoted includes are project headers, resolved from the repo root;
// <...> includes are ignored.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct LayerRow {
  std::string folder;                // "chain/api": no trailing slash
  bool everything = false;           // "everything": any project header
  std::vector<std::string> allowed;  // folders (or files) it may include besides itself
};

struct Include {
  std::string file;    // repo-relative path of the including file
  int line = 0;        // 1-based
  std::string target;  // repo-relative path of the included header
};

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split_cells(std::string_view line) {
  std::string l = trim(line);
  if (!l.empty() && l.front() == '|') l.erase(0, 1);
  if (!l.empty() && l.back() == '|') l.pop_back();
  std::vector<std::string> cells;
  std::stringstream ss(l);
  for (std::string cell; std::getline(ss, cell, '|');) cells.push_back(trim(cell));
  return cells;
}

std::vector<std::string> backticked(std::string_view cell) {
  std::vector<std::string> out;
  for (size_t pos = 0;;) {
    const auto open = cell.find('`', pos);
    if (open == std::string_view::npos) break;
    const auto close = cell.find('`', open + 1);
    if (close == std::string_view::npos) break;
    std::string name(cell.substr(open + 1, close - open - 1));
    while (!name.empty() && name.back() == '/') name.pop_back();
    if (!name.empty()) out.push_back(name);
    pos = close + 1;
  }
  return out;
}

// Reads the first markdown table whose header is "folder | what lives there | may include".
std::vector<LayerRow> parse_layer_table(std::string_view markdown) {
  std::vector<LayerRow> rows;
  std::stringstream ss{std::string(markdown)};
  bool in_table = false;
  for (std::string line; std::getline(ss, line);) {
    const std::string t = trim(line);
    if (!in_table) {
      const auto cells = split_cells(t);
      in_table = !t.empty() && t.front() == '|' && cells.size() == 3 && cells[0] == "folder" &&
                 cells[1] == "what lives there" && cells[2] == "may include";
      continue;
    }
    if (t.empty() || t.front() != '|') break;
    const auto cells = split_cells(t);
    if (cells.size() != 3 || cells[0].starts_with("---")) continue;
    const auto folders = backticked(cells[0]);
    if (folders.size() != 1) continue;
    rows.push_back({.folder = folders[0],
                    .everything = cells[2].find("everything") != std::string::npos,
                    .allowed = backticked(cells[2])});
  }
  return rows;
}

// Whether `path` is `prefix` itself or lies under it ("chain/api/x.hpp" under "chain/api").
bool under(std::string_view path, std::string_view prefix) {
  return path == prefix ||
         (path.size() > prefix.size() && path.starts_with(prefix) && path[prefix.size()] == '/');
}

// The most specific row whose folder holds `file`, or nullptr.
const LayerRow* row_for(const std::vector<LayerRow>& rows, std::string_view file) {
  const LayerRow* best = nullptr;
  for (const auto& row : rows) {
    if (under(file, row.folder) && (!best || row.folder.size() > best->folder.size())) best = &row;
  }
  return best;
}

std::string describe(const LayerRow& row) {
  if (row.everything) return row.folder + "/ may include everything";
  std::string s = row.folder + "/ may include only itself";
  for (const auto& a : row.allowed) s += ", " + a;
  return s;
}

// One message per include that breaks the table, and one per file under no row.
std::vector<std::string> check_includes(const std::vector<LayerRow>& rows,
                                        const std::vector<std::string>& files,
                                        const std::vector<Include>& includes) {
  std::vector<std::string> problems;
  for (const auto& f : files) {
    if (!row_for(rows, f)) {
      problems.push_back(f + ": its folder has no row in README.md's layer table (add one)");
    }
  }
  for (const auto& inc : includes) {
    const LayerRow* row = row_for(rows, inc.file);
    if (!row || row->everything || under(inc.target, row->folder)) continue;
    const bool ok = std::any_of(row->allowed.begin(), row->allowed.end(),
                                [&](const std::string& a) { return under(inc.target, a); });
    if (!ok) {
      problems.push_back(inc.file + ":" + std::to_string(inc.line) + ": includes \"" + inc.target +
                         "\" but " + describe(*row) + " (README.md layer table)");
    }
  }
  return problems;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool is_source(const fs::path& p) {
  const auto ext = p.extension().string();
  return ext == ".hpp" || ext == ".cpp" || ext == ".h";
}

// Top-level folders that are not source: build trees, hidden folders.
bool skipped_top(const std::string& name) {
  return name.empty() || name.front() == '.' || name.starts_with("build");
}

struct Tree {
  std::vector<std::string> files;
  std::vector<Include> includes;
  std::vector<std::string> problems;  // quoted includes that only resolve from the file's folder
};

// Every source file under the repo's top-level folders, with its quoted includes resolved from
// the root. A quoted include that exists only relative to the including file is reported: project
// headers are named by their path from the root. One that exists nowhere is not a project header.
Tree scan_tree(const fs::path& root) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s*"([^"]+)")re");
  Tree tree;
  for (const auto& top : fs::directory_iterator(root)) {
    if (!top.is_directory() || skipped_top(top.path().filename().string())) continue;
    for (auto it = fs::recursive_directory_iterator(top.path());
         it != fs::recursive_directory_iterator(); ++it) {
      if (it->is_directory() && it->path().filename() == "node_modules") {
        it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file() || !is_source(it->path())) continue;
      const std::string rel = it->path().lexically_relative(root).generic_string();
      tree.files.push_back(rel);
      std::stringstream text(read_text(it->path()));
      int line_no = 0;
      for (std::string line; std::getline(text, line);) {
        ++line_no;
        std::smatch m;
        if (!std::regex_search(line, m, kInclude)) continue;
        const fs::path inc(m[1].str());
        if (fs::exists(root / inc)) {
          tree.includes.push_back({rel, line_no, inc.lexically_normal().generic_string()});
        } else if (fs::exists(it->path().parent_path() / inc)) {
          tree.problems.push_back(rel + ":" + std::to_string(line_no) + ": \"" + inc.string() +
                                  "\" resolves only from the file's folder; name it from the "
                                  "repo root");
        }
      }
    }
  }
  return tree;
}

}  // namespace

TEST_CASE("layer table parser and checker", "[layering]") {
  const std::string readme = R"(# x

| folder | what lives there |
|---|---|
| `other/` | not the layer table |

| folder | what lives there | may include |
|---|---|---|
| `common/` | helpers | — |
| `chain/` | chain | `common` |
| `chain/api/` | client | `common`, `chain/types` |
| `storage/` | repo | `common`, `chain/types/` |
| `test/` | tests | everything |

| after | the | table |
)";
  const auto rows = parse_layer_table(readme);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].folder == "common");
  CHECK(rows[0].allowed.empty());
  CHECK(rows[2].folder == "chain/api");
  CHECK(rows[2].allowed == std::vector<std::string>{"common", "chain/types"});
  CHECK(rows[3].allowed == std::vector<std::string>{"common", "chain/types"});
  CHECK(rows[4].everything);

  REQUIRE(row_for(rows, "chain/api/client.hpp") == &rows[2]);
  REQUIRE(row_for(rows, "chain/types/address.hpp") == &rows[1]);
  CHECK(row_for(rows, "chainx/a.hpp") == nullptr);

  const std::vector<std::string> files = {"common/a.hpp", "chain/types/t.hpp", "gpu/lane.cpp"};
  const std::vector<Include> allowed = {
      {"common/jsonrpc/x.cpp", 3, "common/log.hpp"},          // itself
      {"chain/types/t.hpp", 4, "common/cbor/cbor.hpp"},       // named
      {"chain/types/t.hpp", 5, "chain/api/client.hpp"},       // chain/ holds chain/api
      {"chain/api/client.cpp", 6, "chain/types/t.hpp"},       // named subfolder
      {"storage/paths/p.cpp", 7, "chain/types/address.hpp"},  // trailing slash in the table
      {"test/x_test.cpp", 8, "cli/entry.hpp"},                // everything
  };
  CHECK(check_includes(rows, {}, allowed).empty());

  const auto problems = check_includes(
      rows, files,
      {
          {"common/a.hpp", 10, "chain/types/t.hpp"},            // lower includes higher
          {"chain/api/client.cpp", 11, "crypto/sha.hpp"},       // chain/api/ overrides chain/
          {"storage/paths/p.cpp", 12, "chain/api/client.hpp"},  // only chain/types
          {"storage/paths/p.cpp", 13, "chain/typesx/a.hpp"},    // prefix is per component
      });
  REQUIRE(problems.size() == 5);
  CHECK(problems[0].starts_with("gpu/lane.cpp: its folder has no row"));
  CHECK(problems[1] ==
        "common/a.hpp:10: includes \"chain/types/t.hpp\" but common/ may include only itself "
        "(README.md layer table)");
  CHECK(
      problems[2].starts_with("chain/api/client.cpp:11: includes \"crypto/sha.hpp\" but "
                              "chain/api/ may include only itself, common, chain/types"));
  CHECK(problems[3].starts_with("storage/paths/p.cpp:12:"));
  CHECK(problems[4].starts_with("storage/paths/p.cpp:13:"));
}

TEST_CASE("project includes follow README.md's layer table", "[layering]") {
  const fs::path root = TESSERA_SOURCE_DIR;
  const auto rows = parse_layer_table(read_text(root / "README.md"));
  INFO("README.md at " << root.string());
  REQUIRE(rows.size() >= 8);  // the table was found and read

  const Tree tree = scan_tree(root);
  REQUIRE(tree.files.size() > 100);  // the scan reached the sources
  std::vector<std::string> problems = tree.problems;
  const auto found = check_includes(rows, tree.files, tree.includes);
  problems.insert(problems.end(), found.begin(), found.end());
  for (const auto& p : problems) FAIL_CHECK(p);
  CHECK(problems.empty());
}
