// The compute classes that share a machine's cores and GPUs, in priority order: WinningPoSt (a
// block is lost when it is late) > WindowPoSt (power is lost) > C2 > PC2 > PC1 (issue #14); a
// stage that is due now (Urgency::kDue) outranks them all.
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

// How pressing one stage of a class is. kDue: its result is due now and every epoch it waits
// brings its cut-off nearer (a WindowPoSt whose deadline has opened before its proofs were made;
// a late one costs the partitions' power for a whole proving period and a fault fee, a late
// WinningPoSt one block): it runs ahead of every class, WinningPoSt included.
enum class Urgency { kNormal, kDue };

// The CoreBudget priority of the class: WinningPoSt highest, PC1 lowest (0); a kDue stage of any
// class above WinningPoSt.
int compute_class_priority(ComputeClass compute_class, Urgency urgency = Urgency::kNormal);

// The class's position in kComputeClasses (0 for WinningPoSt), for per-class arrays.
inline std::size_t compute_class_index(ComputeClass compute_class) {
  return static_cast<std::size_t>(compute_class);
}

}  // namespace tessera::gpu
