#include <catch2/catch.hpp>

#include <cmath>
#include <ctime>
#include <string>

#include "common/metrics/metrics.hpp"

using namespace tessera;

namespace {

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

// The value of the sample line starting with series ("name{labels}"), or -1.
double sample_value(const std::string& text, const std::string& series) {
  auto pos = ("\n" + text).find("\n" + series + " ");
  if (pos == std::string::npos) return -1;
  auto start = pos + series.size() + 1;
  return std::stod(text.substr(start, text.find('\n', start) - start));
}

}  // namespace

// The registry is process-wide, so each case uses metric names no other test touches.
TEST_CASE("metrics: counters render in Prometheus text format", "[metrics]") {
  metrics::add_counter("tessera_test_counter_total", "A test counter.", "kind=\"a\"");
  metrics::add_counter("tessera_test_counter_total", "A test counter.", "kind=\"a\"", 2);
  metrics::add_counter("tessera_test_counter_total", "A test counter.", "kind=\"b\"", 0.5);
  metrics::add_counter("tessera_test_unlabelled_total", "No labels.", "", 7);
  auto text = metrics::render_prometheus();
  CHECK(has_line(text, "# HELP tessera_test_counter_total A test counter."));
  CHECK(has_line(text, "# TYPE tessera_test_counter_total counter"));
  CHECK(has_line(text, "tessera_test_counter_total{kind=\"a\"} 3"));
  CHECK(has_line(text, "tessera_test_counter_total{kind=\"b\"} 0.5"));
  CHECK(has_line(text, "# TYPE tessera_test_unlabelled_total counter"));
  CHECK(has_line(text, "tessera_test_unlabelled_total 7"));
  // HELP comes right before TYPE, which comes before the samples.
  auto help = text.find("# HELP tessera_test_counter_total");
  auto type = text.find("# TYPE tessera_test_counter_total");
  auto sample = text.find("tessera_test_counter_total{");
  CHECK(help < type);
  CHECK(type < sample);
}

TEST_CASE("metrics: values keep full precision", "[metrics]") {
  metrics::add_counter("tessera_test_big_total", "A large counter.", "", 1234567);
  metrics::add_counter("tessera_test_big_total", "A large counter.", "", 1);
  auto text = metrics::render_prometheus();
  CHECK(has_line(text, "tessera_test_big_total 1234568"));
  // The start time is a whole second of this process's life, not a value rounded to 6 digits.
  double start = sample_value(text, "process_start_time_seconds");
  double now = static_cast<double>(std::time(nullptr));
  CHECK(start == std::floor(start));
  CHECK(start <= now);
  CHECK(start > now - 24 * 3600);
}

TEST_CASE("metrics: histograms render buckets, sum and count", "[metrics]") {
  const std::string labels = "method=\"Filecoin.Test\"";
  metrics::observe_histogram("tessera_test_latency_seconds", "Test latency.", labels, 0.003);
  metrics::observe_histogram("tessera_test_latency_seconds", "Test latency.", labels, 0.2);
  metrics::observe_histogram("tessera_test_latency_seconds", "Test latency.", labels, 10);
  auto text = metrics::render_prometheus();
  CHECK(has_line(text, "# HELP tessera_test_latency_seconds Test latency."));
  CHECK(has_line(text, "# TYPE tessera_test_latency_seconds histogram"));
  // Buckets are cumulative: le=0.0025 holds none, le=0.005 one, le=0.25 two, +Inf all three.
  CHECK(has_line(text,
                 "tessera_test_latency_seconds_bucket{method=\"Filecoin.Test\",le=\"0.0025\"} 0"));
  CHECK(has_line(text,
                 "tessera_test_latency_seconds_bucket{method=\"Filecoin.Test\",le=\"0.005\"} 1"));
  CHECK(has_line(text,
                 "tessera_test_latency_seconds_bucket{method=\"Filecoin.Test\",le=\"0.25\"} 2"));
  CHECK(has_line(text, "tessera_test_latency_seconds_bucket{method=\"Filecoin.Test\",le=\"5\"} 2"));
  CHECK(has_line(text,
                 "tessera_test_latency_seconds_bucket{method=\"Filecoin.Test\",le=\"+Inf\"} 3"));
  CHECK(has_line(text, "tessera_test_latency_seconds_count{method=\"Filecoin.Test\"} 3"));
  CHECK(sample_value(text, "tessera_test_latency_seconds_sum{method=\"Filecoin.Test\"}") ==
        Approx(10.203));

  metrics::observe_histogram("tessera_test_unlabelled_seconds", "No labels.", "", 0.0001);
  text = metrics::render_prometheus();
  CHECK(has_line(text, "tessera_test_unlabelled_seconds_bucket{le=\"0.0005\"} 1"));
  CHECK(has_line(text, "tessera_test_unlabelled_seconds_count 1"));
}

TEST_CASE("metrics: process metrics are present", "[metrics]") {
  auto text = metrics::render_prometheus();
  for (const char* name :
       {"process_cpu_seconds_total", "process_virtual_memory_bytes",
        "process_resident_memory_bytes", "process_open_fds", "process_start_time_seconds"}) {
    CAPTURE(name);
    CHECK(text.find(std::string("# HELP ") + name + " ") != std::string::npos);
    CHECK(text.find(std::string("# TYPE ") + name + " ") != std::string::npos);
    CHECK(text.find(std::string("\n") + name + " ") != std::string::npos);
  }
  CHECK(has_line(text, "# TYPE process_cpu_seconds_total counter"));
  CHECK(has_line(text, "# TYPE process_open_fds gauge"));
  // Every line is a comment or "name[{labels}] value".
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    REQUIRE(end != std::string::npos);  // the text ends with a newline
    auto line = text.substr(start, end - start);
    CAPTURE(line);
    CHECK(!line.empty());
    if (line[0] != '#') {
      auto space = line.rfind(' ');
      REQUIRE(space != std::string::npos);
      CHECK(space + 1 < line.size());
    }
    start = end + 1;
  }
}
