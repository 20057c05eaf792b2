// A small Prometheus registry: labelled counters and histograms, plus process metrics read from
// /proc, rendered in the text exposition format served at /debug/metrics.
#pragma once

#include <string>
#include <string_view>

namespace tessera::metrics {

// Adds value to counter name{labels}; labels is Prometheus text such as method="Filecoin.Version".
void add_counter(std::string_view name, std::string_view help, std::string_view labels,
                 double value = 1);

// Sets gauge name{labels} to value.
void set_gauge(std::string_view name, std::string_view help, std::string_view labels, double value);

// Records one observation (seconds) in histogram name{labels} with fixed latency buckets.
void observe_histogram(std::string_view name, std::string_view help, std::string_view labels,
                       double value);

// Every metric in Prometheus text format 0.0.4, process_* metrics included.
std::string render_prometheus();

}  // namespace tessera::metrics
