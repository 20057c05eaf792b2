// The compute classes that share a machine's cores and GPUs, in priority order: WinningPoSt (a
// block is lost when it is late) > WindowPoSt (power is lost) > C2 > PC2 > PC1 (issue #14).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace tessera::gpu {

enum class ComputeClass { kWinningPost, kWindowPost, kCommit2, kPreCommit2, kPreCommit1 };

inline constexpr std::size_t kComputeClassCount = 5;

// Every class, highest priority first.
inline constexpr std::array<ComputeClass, kComputeClassCount> kComputeClasses = {
    ComputeClass::kWinningPost, ComputeClass::kWindowPost, ComputeClass::kCommit2,
    ComputeClass::kPreCommit2, ComputeClass::kPreCommit1};

// "WinningPoSt", "WindowPoSt", "C2", "PC2" or "PC1".
std::string_view compute_class_name(ComputeClass compute_class);

// The class of a name as compute_class_name writes it, letter case ignored ("PC2", "pc2").
// Throws InvalidInput naming the classes for any other text.
ComputeClass parse_compute_class(std::string_view name);

// The CoreBudget priority of the class: WinningPoSt highest, PC1 lowest (0).
int compute_class_priority(ComputeClass compute_class);

// The class's position in kComputeClasses (0 for WinningPoSt), for per-class arrays.
inline std::size_t compute_class_index(ComputeClass compute_class) {
  return static_cast<std::size_t>(compute_class);
}

}  // namespace tessera::gpu
