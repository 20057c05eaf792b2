// The constraint-system interface every gadget and circuit synthesizes into, in bellperson's
// model: alloc (aux) and alloc_input return variables numbered in allocation order, input 0 is the
// constant ONE (allocated by the implementation before anything else), and enforce(a, b, c)
// appends the constraint a·b = c. Values are always passed; a circuit synthesized without a
// witness passes zeros, which counting and parameter generation ignore.
#pragma once

#include <concepts>
#include <string>
#include <string_view>

#include "crypto/r1cs/linear_combination.hpp"

namespace tessera::crypto::r1cs {

class ConstraintSystem {
 public:
  virtual ~ConstraintSystem() = default;

  // Allocates the next aux (private) variable with the given value.
  virtual Variable alloc(const Fr& value) = 0;
  // Allocates the next input (public) variable with the given value.
  virtual Variable alloc_input(const Fr& value) = 0;
  // Appends the constraint a · b = c.
  virtual void enforce(LinearCombination a, LinearCombination b, LinearCombination c) = 0;

  // True for systems that only count: gadgets may then skip building linear combinations and
  // computing values (their allocations and constraints stay the same in number and order).
  virtual bool counting_only() const { return false; }

  // Namespaces only label constraints (for error reports); implementations may ignore them, and
  // gadgets build names only when tracks_namespaces() is true.
  virtual bool tracks_namespaces() const { return false; }
  virtual void push_namespace(std::string /*name*/) {}
  virtual void pop_namespace() {}

  static Variable one() { return Variable::one(); }
};

// Scoped namespace: pushes on construction (building the name only when the system tracks
// names) and pops on destruction.
class Namespace {
 public:
  Namespace(ConstraintSystem& cs, std::string_view name) : cs_(cs) {
    if (cs_.tracks_namespaces()) {
      cs_.push_namespace(std::string(name));
      active_ = true;
    }
  }
  template <class F>
  requires std::invocable<F> Namespace(ConstraintSystem& cs, F&& make_name) : cs_(cs) {
    if (cs_.tracks_namespaces()) {
      cs_.push_namespace(std::string(make_name()));
      active_ = true;
    }
  }
  ~Namespace() {
    if (active_) cs_.pop_namespace();
  }
  Namespace(const Namespace&) = delete;
  Namespace& operator=(const Namespace&) = delete;

 private:
  ConstraintSystem& cs_;
  bool active_ = false;
};

}  // namespace tessera::crypto::r1cs
