// Progress of a long stage (PC1, PC2, a parent cache...) on an output stream: a `\r` bar
// redrawn in place when the stream is a terminal; otherwise whole lines, at most one per 10% of
// the work or per 10 s (and one when the step changes or the work completes), so that output
// written to a file stays a few lines long. The decisions are pure functions, tested apart.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

namespace tessera::progress {

using Clock = std::chrono::steady_clock;

// When a non-terminal line is due.
struct Policy {
  double fraction_step = 0.10;                 // a line each time the work moves this much
  std::chrono::milliseconds interval{10'000};  // or when this long passed since the last line
};

// The last line printed in line mode; `printed` is false before the first.
struct LastLine {
  bool printed = false;
  std::string step;
  double fraction = 0;
  Clock::time_point at{};
};

// Whether a line is due for (step, fraction) at now: the first report, a new step, the work
// just completed (fraction >= 1, not yet printed as complete), fraction at least
// policy.fraction_step past the last line, or policy.interval elapsed since it.
bool line_due(const LastLine& last, std::string_view step, double fraction, Clock::time_point now,
              const Policy& policy = {});

// "[label] step 42%": the percent is truncated and clamped to 0..100; an empty step is left out.
std::string progress_text(std::string_view label, std::string_view step, double fraction);

// The bytes that redraw a terminal bar: "\r", text, then spaces up to `width` characters so a
// shorter text covers a longer one drawn before.
std::string bar_redraw(std::string_view text, std::size_t width);

// " (12.3 s)": elapsed seconds with one decimal, appended to non-terminal lines.
std::string elapsed_suffix(std::chrono::duration<double> elapsed);

// Whether writing to stream reaches a terminal: std::cerr and std::clog when stderr is a tty,
// std::cout when stdout is; false for every other stream (files, string streams).
bool is_terminal(const std::ostream& stream);

// Reports one stage's progress on a stream. update() may be called from several threads.
class Reporter {
 public:
  // terminal selects the `\r` bar; pass is_terminal(out) to follow the stream.
  Reporter(std::ostream& out, std::string label, bool terminal, Policy policy = {});
  // Records progress in step; draws the bar when its text changed, or prints a line when due.
  void update(std::string_view step, double fraction);
  // Ends the report with final_line on a line of its own (on a terminal, over the bar); an
  // empty final_line only ends the bar's line.
  void finish(std::string_view final_line);

 private:
  std::ostream& out_;
  const std::string label_;
  const bool terminal_;
  const Policy policy_;
  const Clock::time_point start_;
  std::mutex mu_;
  LastLine last_;
  std::string drawn_;      // the bar's text last drawn
  std::size_t width_ = 0;  // the widest bar drawn
};

}  // namespace tessera::progress
