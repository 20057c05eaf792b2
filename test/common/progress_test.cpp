// Progress output: a `\r` bar only on a terminal; elsewhere a line at most every 10% of the work
// or every 10 s, plus one per new step and one when the work completes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

#include "common/progress.hpp"

using namespace tessera;
using namespace std::chrono_literals;
using progress::Clock;

TEST_CASE("progress: when a non-terminal line is due", "[progress]") {
  const auto t0 = Clock::now();
  progress::LastLine last;
  CHECK(progress::line_due(last, "labels", 0.0, t0));  // the first report
  last = {true, "labels", 0.30, t0};
  CHECK_FALSE(progress::line_due(last, "labels", 0.35, t0 + 1s));
  CHECK_FALSE(progress::line_due(last, "labels", 0.399, t0 + 9s));
  CHECK(progress::line_due(last, "labels", 0.40, t0 + 1s));   // 10% further
  CHECK(progress::line_due(last, "labels", 0.31, t0 + 10s));  // 10 s later
  CHECK(progress::line_due(last, "tree-c", 0.0, t0));         // a new step
  CHECK(progress::line_due(last, "labels", 1.0, t0));         // completion, once
  last = {true, "labels", 1.0, t0};
  CHECK_FALSE(progress::line_due(last, "labels", 1.0, t0 + 1s));
  const progress::Policy every_quarter{0.25, 60s};
  last = {true, "x", 0.0, t0};
  CHECK_FALSE(progress::line_due(last, "x", 0.2, t0 + 30s, every_quarter));
  CHECK(progress::line_due(last, "x", 0.25, t0, every_quarter));
}

TEST_CASE("progress: texts of the bar and the lines", "[progress]") {
  CHECK(progress::progress_text("PC1", "labels layer 2", 0.426) == "[PC1] labels layer 2 42%");
  CHECK(progress::progress_text("PC2", "", 1.7) == "[PC2] 100%");
  CHECK(progress::progress_text("AP", "piece", -0.1) == "[AP] piece 0%");
  CHECK(progress::bar_redraw("[a] 5%", 10) == "\r[a] 5%    ");
  CHECK(progress::bar_redraw("[a] 50%", 3) == "\r[a] 50%");
  CHECK(progress::elapsed_suffix(12.34s) == " (12.3 s)");
  std::ostringstream stream;
  CHECK_FALSE(progress::is_terminal(stream));
}

TEST_CASE("progress: output to a file has no carriage returns and few lines", "[progress]") {
  std::ostringstream out;
  progress::Reporter reporter(out, "PC1", false);
  for (const char* step : {"layer 1", "layer 2"})
    for (int i = 0; i <= 10000; ++i) reporter.update(step, i / 10000.0);
  reporter.finish("[PC1] done");
  const auto text = out.str();
  CHECK(text.find('\r') == std::string::npos);
  const auto lines = std::count(text.begin(), text.end(), '\n');
  CHECK(lines == 2 * 11 + 1);  // 0%, 10%, ..., 100% per step, then the final line
  CHECK(text.rfind("[PC1] layer 1 0% (", 0) == 0);
  CHECK(text.find("[PC1] layer 2 100% (") != std::string::npos);
  CHECK(text.substr(text.size() - 11) == "[PC1] done\n");
}

TEST_CASE("progress: a terminal gets a bar redrawn in place", "[progress]") {
  std::ostringstream out;
  progress::Reporter reporter(out, "PC2", true);
  for (int i = 0; i <= 1000; ++i) reporter.update("tree-c", i / 1000.0);
  reporter.finish("[PC2] done in 1s");
  const auto text = out.str();
  // One redraw per percent (the text changes 101 times), then the final line over the bar.
  CHECK(std::count(text.begin(), text.end(), '\r') == 102);
  CHECK(std::count(text.begin(), text.end(), '\n') == 1);
  CHECK(text.find("\r[PC2] tree-c 100%") != std::string::npos);
  CHECK(text.find("\r[PC2] done in 1s") != std::string::npos);
}

TEST_CASE("progress: updates from several threads keep whole lines", "[progress]") {
  std::ostringstream out;
  progress::Reporter reporter(out, "C1", false);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i <= 1000; ++i) reporter.update("proofs", i / 1000.0);
    });
  for (auto& t : threads) t.join();
  std::istringstream lines(out.str());
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    CHECK(line.rfind("[C1] proofs ", 0) == 0);
    ++count;
  }
  CHECK(count >= 2);
  CHECK(count <= 12);
}
