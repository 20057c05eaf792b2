#include <catch2/catch.hpp>

#include <random>

#include "common/error.hpp"
#include "crypto/compound_tree.hpp"
#include "sealing/porep/tree_store.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::porep;

namespace {

// Random canonical Fr leaves (top byte masked).
Bytes random_leaves(std::size_t count, unsigned seed) {
  std::mt19937 rng(seed);
  Bytes leaves(count * 32);
  for (std::size_t i = 0; i < leaves.size(); ++i)
    leaves[i] = static_cast<std::uint8_t>(i % 32 == 31 ? rng() & 0x1f : rng());
  return leaves;
}

LeafReader memory_reader(const Bytes& leaves) {
  return [&leaves](std::uint64_t first, std::size_t count, std::uint8_t* out) {
    std::copy_n(leaves.begin() + static_cast<std::ptrdiff_t>(first * 32), count * 32, out);
  };
}

void check_same_rows(const crypto::TreeSource& a, const crypto::TreeSource& b) {
  REQUIRE(a.rows() == b.rows());
  for (std::size_t r = 0; r < a.rows(); ++r) {
    REQUIRE(a.row_width(r) == b.row_width(r));
    Bytes x(a.row_width(r) * 32), y(x.size());
    a.read(r, 0, a.row_width(r), x.data());
    b.read(r, 0, b.row_width(r), y.data());
    CHECK(x == y);
  }
}

}  // namespace

// Values from merkletree's get_merkle_tree_len / get_merkle_tree_cache_size and
// rust-fil-proofs' default_rows_to_discard; the 32 GiB figures are those of
// reference/proofs.md §5.3 (8 tree-r-last files of 9,586,976 bytes).
TEST_CASE("tree geometry matches merkletree", "[tree]") {
  CHECK(tree_node_count(64, 8) == 73);
  CHECK(tree_node_count(64, 2) == 127);
  CHECK(tree_row_count(64, 8) == 3);
  CHECK(default_rows_to_discard(64, 8) == 1);
  CHECK(default_rows_to_discard(8, 8) == 0);
  CHECK(default_rows_to_discard(1u << 27, 8) == 2);
  TreeLayout base32g{crypto::TreeHash::kPoseidon, 8, 1u << 27, false, 2};
  CHECK(base32g.stored_nodes() * 32 == 9586976);
  CHECK(store_data_path("/c", "tree-r-last-3") == "/c/sc-02-data-tree-r-last-3.dat");
}

TEST_CASE("tree files read back as the in-memory tree, level caches rebuild rows", "[tree]") {
  test::TempDir dir;
  const Bytes leaves = random_leaves(4096, 1);  // 8^4: 5 rows
  auto tree = crypto::MerkleTree::build(crypto::TreeHash::kPoseidon, 8, leaves.data(), 4096);

  SECTION("DiskStore (all rows)") {
    TreeLayout layout{crypto::TreeHash::kPoseidon, 8, 4096, true, 0};
    auto root = write_tree_file(layout, memory_reader(leaves), dir / "t.dat");
    CHECK(root == tree.root());
    CHECK(std::filesystem::file_size(dir / "t.dat") == tree_node_count(4096, 8) * 32);
    check_same_rows(StoredTree(layout, dir / "t.dat"), tree);
  }
  SECTION("level cache, two rows discarded") {
    TreeLayout layout{crypto::TreeHash::kPoseidon, 8, 4096, false, 2};
    auto root = write_tree_file(layout, memory_reader(leaves), dir / "t.dat");
    CHECK(root == tree.root());
    CHECK(std::filesystem::file_size(dir / "t.dat") == (8 + 1) * 32);
    StoredTree stored(layout, dir / "t.dat", memory_reader(leaves));
    check_same_rows(stored, tree);
    auto proof = crypto::InclusionProof::of(stored, 1234);
    CHECK(proof.verify(tree.root()));
  }
  SECTION("binary SHA-256 tree") {
    TreeLayout layout{crypto::TreeHash::kSha256, 2, 4096, true, 0};
    auto sha = crypto::MerkleTree::build(crypto::TreeHash::kSha256, 2, leaves.data(), 4096);
    CHECK(write_tree_file(layout, memory_reader(leaves), dir / "d.dat") == sha.root());
    check_same_rows(StoredTree(layout, dir / "d.dat"), sha);
  }
  SECTION("a truncated file is refused") {
    TreeLayout layout{crypto::TreeHash::kPoseidon, 8, 4096, true, 0};
    write_tree_file(layout, memory_reader(leaves), dir / "t.dat");
    std::filesystem::resize_file(dir / "t.dat", 4096 * 32);
    CHECK_THROWS_WITH(StoredTree(layout, dir / "t.dat"), Catch::Contains("truncated"));
    CHECK_THROWS_AS(StoredTree(layout, dir / "absent.dat"), NotFound);
  }
}

TEST_CASE("compound trees (8-8-0, 8-8-2) prove through base, sub and top levels", "[tree]") {
  for (std::size_t top : {0, 2}) {
    const std::size_t count = top ? 16 : 8;
    std::vector<std::unique_ptr<crypto::TreeSource>> bases;
    std::vector<crypto::Digest32> roots;
    for (std::size_t j = 0; j < count; ++j) {
      auto leaves = random_leaves(64, static_cast<unsigned>(10 + j));
      auto base = crypto::MerkleTree::build(crypto::TreeHash::kPoseidon, 8, leaves.data(), 64);
      roots.push_back(base.root());
      bases.push_back(std::make_unique<crypto::MerkleTree>(std::move(base)));
    }
    crypto::CompoundTree tree(std::move(bases), top);
    const auto root = crypto::compound_root(roots, top);
    CHECK(tree.root() == root);
    CHECK(tree.leaf_count() == 64 * count);
    for (std::uint64_t leaf : {std::uint64_t{0}, std::uint64_t{100}, 64 * count - 1}) {
      auto proof = crypto::InclusionProof::of(tree, leaf);
      CHECK(proof.path.size() == 2 + 1 + (top ? 1 : 0));
      CHECK(proof.path.back().siblings.size() == (top ? 1 : 7));
      CHECK(proof.verify(root));
      proof.leaf_index ^= 1;
      CHECK_FALSE(proof.verify(root));
    }
  }
  std::vector<std::unique_ptr<crypto::TreeSource>> three;
  for (int j = 0; j < 3; ++j) {
    auto leaves = random_leaves(8, 1);
    three.push_back(std::make_unique<crypto::MerkleTree>(
        crypto::MerkleTree::build(crypto::TreeHash::kPoseidon, 8, leaves.data(), 8)));
  }
  CHECK_THROWS_AS(crypto::CompoundTree(std::move(three), 0), InvalidInput);
}
