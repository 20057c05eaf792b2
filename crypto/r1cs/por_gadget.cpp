#include "crypto/r1cs/por_gadget.hpp"

#include <string>

#include "common/error.hpp"
#include "crypto/r1cs/insertion.hpp"
#include "crypto/r1cs/multipack.hpp"
#include "crypto/r1cs/tree_hash_gadget.hpp"

namespace tessera::crypto::r1cs {
namespace {

std::size_t log2_exact(std::size_t arity) {
  if (arity < 2 || (arity & (arity - 1)) != 0)
    throw InvalidInput("r1cs: arity is not a power of 2");
  std::size_t bits = 0;
  while ((std::size_t{1} << bits) < arity) ++bits;
  return bits;
}

std::size_t base_tree_count(const TreeShape& shape) {
  return (shape.sub_arity ? shape.sub_arity : 1) * (shape.top_arity ? shape.top_arity : 1);
}

PathLevel blank_level(std::size_t arity) {
  return PathLevel{std::vector<Fr>(arity - 1), 0};
}

Fr node_fr(const Digest32& d) {
  return Fr::from_bytes(d.data());
}

// One sub path (base, sub or top levels): returns the node reached and appends the position bits.
AllocatedNum synthesize_levels(ConstraintSystem& cs, TreeHash hash,
                               const std::vector<PathLevel>& levels, AllocatedNum cur,
                               std::vector<Boolean>& path_bits) {
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const PathLevel& level = levels[i];
    Namespace ns(cs, [i] { return "merkle tree hash " + std::to_string(i); });
    const std::size_t arity = level.siblings.size() + 1;
    const std::size_t bit_count = log2_exact(arity);
    std::vector<Boolean> index_bits;
    for (std::size_t b = 0; b < bit_count; ++b) {
      index_bits.push_back(Boolean::is(AllocatedBit::alloc(cs, (level.index >> b) & 1)));
    }
    path_bits.insert(path_bits.end(), index_bits.begin(), index_bits.end());
    std::vector<AllocatedNum> siblings;
    siblings.reserve(level.siblings.size());
    for (const Fr& s : level.siblings) siblings.push_back(AllocatedNum::alloc(cs, s));
    const auto inserted = insert(cs, cur, index_bits, siblings);
    cur = tree_hash_circuit(cs, hash, inserted);
  }
  return cur;
}

}  // namespace

std::size_t base_path_length(const TreeShape& shape, std::uint64_t leaves) {
  const std::size_t count = base_tree_count(shape);
  if (shape.top_arity && !shape.sub_arity)
    throw InvalidInput("r1cs: a top level needs a sub level");
  if (leaves == 0 || leaves % count != 0) throw InvalidInput("r1cs: leaves do not fit the tree");
  std::uint64_t per_base = leaves / count;
  std::size_t levels = 0;
  while (per_base > 1) {
    if (per_base % shape.base_arity != 0) throw InvalidInput("r1cs: leaves do not fit the tree");
    per_base /= shape.base_arity;
    ++levels;
  }
  return levels;
}

AuthPath blank_auth_path(const TreeShape& shape, std::uint64_t leaves) {
  AuthPath path;
  path.base.assign(base_path_length(shape, leaves), blank_level(shape.base_arity));
  if (shape.sub_arity) path.sub.push_back(blank_level(shape.sub_arity));
  if (shape.top_arity) path.top.push_back(blank_level(shape.top_arity));
  return path;
}

AuthPath auth_path_from_proof(const TreeShape& shape, const InclusionProof& proof) {
  const std::size_t upper = (shape.sub_arity ? 1 : 0) + (shape.top_arity ? 1 : 0);
  if (proof.path.size() < upper) throw InvalidInput("r1cs: inclusion proof too short for tree");
  AuthPath path;
  const std::size_t base_count = proof.path.size() - upper;
  auto convert = [](const ProofLevel& level, std::size_t arity) {
    if (level.siblings.size() + 1 != arity || level.index >= arity) {
      throw InvalidInput("r1cs: inclusion proof level does not fit the tree arity");
    }
    PathLevel out;
    out.index = level.index;
    for (const auto& s : level.siblings) out.siblings.push_back(node_fr(s));
    return out;
  };
  for (std::size_t i = 0; i < base_count; ++i) {
    path.base.push_back(convert(proof.path[i], shape.base_arity));
  }
  std::size_t next = base_count;
  if (shape.sub_arity) path.sub.push_back(convert(proof.path[next++], shape.sub_arity));
  if (shape.top_arity) path.top.push_back(convert(proof.path[next++], shape.top_arity));
  return path;
}

void por_circuit(ConstraintSystem& cs, const TreeShape& shape, const PorValue& leaf,
                 const AuthPath& path, const PorValue& root, bool private_root) {
  AllocatedNum cur;
  {
    Namespace ns(cs, "value");
    cur = leaf.var ? *leaf.var : AllocatedNum::alloc(cs, leaf.value);
  }
  std::vector<Boolean> path_bits;
  {
    Namespace ns(cs, "base");
    cur = synthesize_levels(cs, shape.hash, path.base, cur, path_bits);
  }
  {
    Namespace ns(cs, "sub");
    cur = synthesize_levels(cs, shape.hash, path.sub, cur, path_bits);
  }
  {
    Namespace ns(cs, "top");
    cur = synthesize_levels(cs, shape.hash, path.top, cur, path_bits);
  }
  {
    Namespace ns(cs, "path");
    pack_into_inputs(cs, path_bits);
  }
  AllocatedNum rt;
  {
    Namespace ns(cs, "root_value");
    rt = root.var ? *root.var : AllocatedNum::alloc(cs, root.value);
  }
  {
    Namespace ns(cs, "enforce root is correct");
    enforce_equal(cs, cur, rt);
  }
  if (!private_root) {
    Namespace ns(cs, "root");
    rt.inputize(cs);
  }
}

}  // namespace tessera::crypto::r1cs
