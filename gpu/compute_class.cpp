#include "gpu/compute_class.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "common/error.hpp"

namespace tessera::gpu {

namespace {

constexpr std::array<std::string_view, kComputeClassCount> kNames = {"WinningPoSt", "WindowPoSt",
                                                                     "C2", "PC2", "PC1"};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

std::string_view compute_class_name(ComputeClass compute_class) {
  return kNames.at(compute_class_index(compute_class));
}

ComputeClass parse_compute_class(std::string_view name) {
  for (const ComputeClass c : kComputeClasses) {
    if (equal_ignoring_case(name, compute_class_name(c))) return c;
  }
  throw InvalidInput("unknown compute class \"" + std::string(name) +
                     "\": expected WinningPoSt, WindowPoSt, C2, PC2 or PC1");
}

int compute_class_priority(ComputeClass compute_class, Urgency urgency) {
  if (urgency == Urgency::kDue) return static_cast<int>(kComputeClassCount);
  return static_cast<int>(kComputeClassCount - 1 - compute_class_index(compute_class));
}

}  // namespace tessera::gpu
