#include "common/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace tessera::progress {

bool line_due(const LastLine& last, std::string_view step, double fraction, Clock::time_point now,
              const Policy& policy) {
  if (!last.printed || last.step != step) return true;
  if (fraction >= 1) return last.fraction < 1;
  if (fraction - last.fraction >= policy.fraction_step) return true;
  return now - last.at >= policy.interval;
}

std::string progress_text(std::string_view label, std::string_view step, double fraction) {
  const int percent = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100);
  std::string text = "[" + std::string(label) + "] ";
  if (!step.empty()) text += std::string(step) + " ";
  return text + std::to_string(percent) + "%";
}

std::string bar_redraw(std::string_view text, std::size_t width) {
  std::string out = "\r" + std::string(text);
  if (text.size() < width) out.append(width - text.size(), ' ');
  return out;
}

std::string elapsed_suffix(std::chrono::duration<double> elapsed) {
  char buf[48];
  std::snprintf(buf, sizeof buf, " (%.1f s)", elapsed.count());
  return buf;
}

bool is_terminal(const std::ostream& stream) {
  if (&stream == &std::cerr || &stream == &std::clog) return ::isatty(STDERR_FILENO) == 1;
  if (&stream == &std::cout) return ::isatty(STDOUT_FILENO) == 1;
  return false;
}

Reporter::Reporter(std::ostream& out, std::string label, bool terminal, Policy policy)
    : out_(out),
      label_(std::move(label)),
      terminal_(terminal),
      policy_(policy),
      start_(Clock::now()) {}

void Reporter::update(std::string_view step, double fraction) {
  const auto now = Clock::now();
  std::lock_guard lock(mu_);
  if (terminal_) {
    auto text = progress_text(label_, step, fraction);
    if (text == drawn_) return;
    out_ << bar_redraw(text, width_) << std::flush;
    width_ = std::max(width_, text.size());
    drawn_ = std::move(text);
    return;
  }
  if (!line_due(last_, step, fraction, now, policy_)) return;
  out_ << progress_text(label_, step, fraction) << elapsed_suffix(now - start_) << "\n"
       << std::flush;
  last_ = LastLine{true, std::string(step), fraction, now};
}

void Reporter::finish(std::string_view final_line) {
  std::lock_guard lock(mu_);
  if (final_line.empty()) {
    if (terminal_ && width_ > 0) out_ << "\n";  // the last bar stays on screen
  } else if (terminal_ && width_ > 0) {
    out_ << bar_redraw(final_line, width_) << "\n";
  } else {
    out_ << final_line << "\n";
  }
  out_ << std::flush;
  drawn_.clear();
  width_ = 0;
}

}  // namespace tessera::progress
