#include "sealing/porep/seal_on_disk.hpp"

#include <fcntl.h>

#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "common/error.hpp"
#include "common/executor/stage_context.hpp"
#include "common/file_io.hpp"
#include "common/log.hpp"
#include "crypto/compound_tree.hpp"
#include "crypto/fr.hpp"
#include "crypto/poseidon.hpp"
#include "sealing/porep/aux_files.hpp"
#include "sealing/porep/parent_cache.hpp"
#include "sealing/porep/pc1.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/replica_id.hpp"
#include "sealing/porep/sdr_graph.hpp"
#include "sealing/porep/sector_files.hpp"
#include "sealing/porep/tree_store.hpp"

namespace tessera::porep {
namespace {

using crypto::Fr;
constexpr std::uint64_t kCopyNodes = 1 << 16;  // 2 MiB per read/write while streaming sectors

std::string layer_id(std::uint32_t layer) {
  return "layer-" + std::to_string(layer);
}

void report(const StageProgress& progress, const std::string& step, double fraction) {
  if (progress) progress(step, fraction);
}

// Labels all layers into dir (parent cache built first if missing).
void label_sector(const SealProofInfo& info, const crypto::Digest32& replica_id,
                  const std::filesystem::path& dir, const StageProgress& progress) {
  auto graph = sdr_graph_for(info);
  auto parents = ensure_parent_cache(graph, parent_cache_dir(),
                                     [&](double f) { report(progress, "parent cache", f); });
  label_layers_to_files(
      graph, replica_id, info.layers, parents, dir, [&](std::uint32_t layer, double f) {
        report(progress,
               "labelling layer " + std::to_string(layer) + "/" + std::to_string(info.layers), f);
      });
}

// out[i] = a[i] ± b[i] over Fr, streamed through files of sector size; written to out_path
// through a temporary file renamed into place.
void combine_files(const std::filesystem::path& a_path, const std::filesystem::path& b_path,
                   const std::filesystem::path& out_path, std::uint64_t nodes, bool add,
                   const StageProgress& progress, const std::string& step) {
  File a(a_path, O_RDONLY), b(b_path, O_RDONLY);
  const auto temp = out_path.string() + ".tmp";
  try {
    File out(temp, O_WRONLY | O_CREAT | O_TRUNC);
    Bytes x(kCopyNodes * 32), y(kCopyNodes * 32);
    for (std::uint64_t first = 0; first < nodes; first += kCopyNodes) {
      const std::uint64_t n = std::min(kCopyNodes, nodes - first);
      a.read_at(first * 32, x.data(), n * 32);
      b.read_at(first * 32, y.data(), n * 32);
      for (std::uint64_t i = 0; i < n; ++i) {
        std::uint8_t* u = x.data() + 32 * i;
        (add ? crypto::fr_add_bytes : crypto::fr_sub_bytes)(u, y.data() + 32 * i, u);
      }
      out.write_at(first * 32, x.data(), n * 32);
      report(progress, step, static_cast<double>(first + n) / static_cast<double>(nodes));
    }
    out.sync();
    std::filesystem::rename(temp, out_path);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(temp, ec);
    throw;
  }
}

// Columns hashed between two yields of the PC2 context: about half a second of Poseidon-11 on
// one core, so a higher compute class waits no longer than that for PC2's cores.
constexpr std::uint64_t kColumnBatch = 1 << 12;

// TreeC leaves: Poseidon (arity = layers) over each node's column of labels, hashed on the device
// when one is given, else on ctx's cores (which must outlive the reader), yielding between
// batches of kColumnBatch.
LeafReader column_reader(const std::filesystem::path& cache_dir, std::uint32_t layers,
                         StageContext& ctx, gpu::PoseidonDevice* device) {
  auto files = std::make_shared<std::vector<File>>();
  for (std::uint32_t l = 1; l <= layers; ++l)
    files->emplace_back(cache_dir / layer_file_name(l), O_RDONLY);
  return [files, layers, &ctx, device](std::uint64_t first, std::size_t count, std::uint8_t* out) {
    if (device) {  // the device reads each batch of labels into its staging memory
      device->hash_columns(
          layers,
          [&](std::size_t layer, std::size_t from, std::size_t n, std::uint8_t* to) {
            (*files)[layer].read_at((first + from) * 32, to, n * 32);
          },
          count, out);
      return;
    }
    std::vector<Bytes> labels(layers, Bytes(count * 32));
    for (std::uint32_t l = 0; l < layers; ++l)
      (*files)[l].read_at(first * 32, labels[l].data(), count * 32);
    for (std::uint64_t batch = 0; batch < count; batch += kColumnBatch) {
      ctx.yield_point();
      const std::uint64_t batch_end = std::min<std::uint64_t>(count, batch + kColumnBatch);
      parallel_for(
          ctx, batch_end - batch,
          [&](std::uint64_t begin, std::uint64_t end) {
            std::vector<Fr> column(layers);
            for (std::uint64_t i = batch + begin; i < batch + end; ++i) {
              for (std::uint32_t l = 0; l < layers; ++l)
                column[l] = Fr::from_bytes(labels[l].data() + 32 * i);
              crypto::poseidon_hash(column, layers).to_bytes(out + 32 * i);
            }
          },
          64);
    }
  };
}

// Builds the base trees of a TreeC or TreeRLast through `writer` and returns the compound root;
// the files are in place once writer.wait() returns.
crypto::Digest32 write_compound_tree(const SealProofInfo& info,
                                     const std::filesystem::path& cache_dir, const std::string& id,
                                     bool leaves_stored, std::size_t rows_to_discard,
                                     const LeafReader& leaves, const StageProgress& progress,
                                     StageContext& ctx, gpu::PoseidonDevice* device,
                                     TreeFileWriter& writer) {
  const std::size_t count = base_tree_count(info);
  const std::uint64_t base_leaves = info.sector_size / 32 / count;
  std::vector<crypto::Digest32> roots;
  for (std::size_t j = 0; j < count; ++j) {
    TreeLayout layout{crypto::TreeHash::kPoseidon, 8, base_leaves, leaves_stored, rows_to_discard};
    roots.push_back(write_tree_file(
        layout, base_tree_leaves(leaves, j, base_leaves),
        store_data_path(cache_dir, base_tree_id(id, j, count)),
        [&](double f) { report(progress, id, (static_cast<double>(j) + f) / count); }, &ctx, device,
        &writer));
  }
  return crypto::compound_root(roots, info.top_arity);
}

}  // namespace

Pc1Result precommit1(const SealInputs& inputs, const std::filesystem::path& staged,
                     const std::filesystem::path& cache_dir,
                     const std::filesystem::path& sealed_path, const StageProgress& progress,
                     StageContext* ctx) {
  const auto& info = seal_proof_info(inputs.registered_proof);
  std::error_code ec;
  const auto staged_size = std::filesystem::file_size(staged, ec);
  if (ec) throw NotFound("staged sector " + staged.string() + ": " + ec.message());
  if (staged_size > info.sector_size) {
    throw InvalidInput("staged data is " + std::to_string(staged_size) +
                       " bytes, longer than the " + std::to_string(info.sector_size) +
                       "-byte sector");
  }
  check_sector_file_size(staged, info.sector_size, "staged sector");
  std::filesystem::create_directories(cache_dir, ec);
  if (ec) throw IoError("create " + cache_dir.string() + ": " + ec.message());
  const std::uint64_t nodes = info.sector_size / 32;

  auto data = std::make_shared<File>(staged, O_RDONLY);
  Pc1Result result;
  result.comm_d = write_tree_file(
      {crypto::TreeHash::kSha256, 2, nodes, true, 0}, node_file_reader(data),
      store_data_path(cache_dir, "tree-d"), [&](double f) { report(progress, "tree-d", f); }, ctx);
  {
    const auto temp = sealed_path.string() + ".tmp";
    File out(temp, O_WRONLY | O_CREAT | O_TRUNC);
    Bytes chunk(kCopyNodes * 32);
    for (std::uint64_t first = 0; first < nodes; first += kCopyNodes) {
      const std::uint64_t n = std::min(kCopyNodes, nodes - first);
      data->read_at(first * 32, chunk.data(), n * 32);
      out.write_at(first * 32, chunk.data(), n * 32);
    }
    out.sync();
    std::filesystem::rename(temp, sealed_path);
  }
  auto porep_id = porep_id_for(static_cast<std::uint64_t>(info.id));
  result.replica_id = replica_id(prover_id_for(inputs.actor_id), inputs.sector_number,
                                 inputs.ticket, result.comm_d, porep_id);
  label_sector(info, result.replica_id, cache_dir, progress);
  return result;
}

namespace {

// PC2's files, hashed on `device` when given, else on `cores`.
Pc2Result precommit2_on(const SealProofInfo& info, const std::filesystem::path& cache_dir,
                        const std::filesystem::path& sealed_path, const StageProgress& progress,
                        StageContext& cores, gpu::PoseidonDevice* device) {
  const std::uint64_t nodes = info.sector_size / 32;
  const std::size_t count = base_tree_count(info);
  const std::uint64_t base_leaves = nodes / count;
  const std::size_t rows_to_discard = default_rows_to_discard(base_leaves, 8);

  Pc2Result result;
  TreeFileWriter trees;  // writes and syncs each tree file while the next one is hashed
  result.comm_c = write_compound_tree(info, cache_dir, "tree-c", true, 0,
                                      column_reader(cache_dir, info.layers, cores, device),
                                      progress, cores, device, trees);
  // The data comes from tree-d's leaf row, not the sealed file, so rerunning PC2 after a crash
  // never encodes twice.
  combine_files(store_data_path(cache_dir, "tree-d"), cache_dir / layer_file_name(info.layers),
                sealed_path, nodes, true, progress, "encoding");
  auto replica = std::make_shared<File>(sealed_path, O_RDONLY);
  result.comm_r_last =
      write_compound_tree(info, cache_dir, "tree-r-last", false, rows_to_discard,
                          node_file_reader(replica), progress, cores, device, trees);
  crypto::poseidon_hash(
      {Fr::from_bytes(result.comm_c.data()), Fr::from_bytes(result.comm_r_last.data())}, 2)
      .to_bytes(result.comm_r.data());

  trees.wait();  // every tree file in place before t_aux and p_aux name them

  TemporaryAux t_aux;
  const auto dir = cache_dir.string();
  for (std::uint32_t l = 1; l <= info.layers; ++l)
    t_aux.labels.push_back({dir, layer_id(l), nodes, 0});
  t_aux.tree_d = {dir, "tree-d", tree_node_count(nodes, 2), 0};
  t_aux.tree_r_last = {dir, "tree-r-last", tree_node_count(base_leaves, 8), rows_to_discard};
  t_aux.tree_c = {dir, "tree-c", tree_node_count(base_leaves, 8), 0};
  write_t_aux(cache_dir, t_aux);
  write_p_aux(cache_dir, {result.comm_c, result.comm_r_last});
  result.trees_built_on = device ? device->description() : "CPU";
  return result;
}

}  // namespace

Pc2Result precommit2(std::int64_t registered_proof, const std::filesystem::path& cache_dir,
                     const std::filesystem::path& sealed_path, const StageProgress& progress,
                     StageContext* ctx, gpu::PoseidonDevice* device,
                     const std::function<void(const gpu::DeviceError&)>& on_device_failure) {
  const auto& info = seal_proof_info(registered_proof);
  std::optional<StageContext> free_cores;  // without ctx: the free cores, retaken each chunk
  StageContext& cores = ctx ? *ctx : free_cores.emplace(StageContext::best_effort());
  check_sector_file_size(sealed_path, info.sector_size, "sealed file");
  for (std::uint32_t l = 1; l <= info.layers; ++l) {
    check_sector_file_size(cache_dir / layer_file_name(l), info.sector_size, "layer file");
  }
  if (device) {
    try {
      return precommit2_on(info, cache_dir, sealed_path, progress, cores, device);
    } catch (const gpu::DeviceError& e) {
      // Every tree file is written whole or not at all, and the encoding does not depend on the
      // trees, so starting again on the CPU rewrites whatever the device wrote.
      TLOG_WARN(log::get("sealing"), "PC2 on {} failed, building the trees on the CPU: {}",
                device->description(), e.what());
      if (on_device_failure) on_device_failure(e);
    }
  }
  return precommit2_on(info, cache_dir, sealed_path, progress, cores, nullptr);
}

void finalize_sector(std::int64_t registered_proof, const std::filesystem::path& cache_dir) {
  const auto& info = seal_proof_info(registered_proof);
  read_p_aux(cache_dir);  // refuse to drop anything from a cache that PC2 did not finish
  std::error_code ec;
  for (std::uint32_t l = 1; l <= info.layers; ++l)
    std::filesystem::remove(cache_dir / layer_file_name(l), ec);
  std::filesystem::remove(store_data_path(cache_dir, "tree-d"), ec);
  const std::size_t count = base_tree_count(info);
  for (std::size_t j = 0; j < count; ++j) {
    std::filesystem::remove(store_data_path(cache_dir, base_tree_id("tree-c", j, count)), ec);
  }
}

void unseal_sector(std::int64_t registered_proof, const crypto::Digest32& replica_id,
                   const std::filesystem::path& sealed_path,
                   const std::filesystem::path& scratch_dir, const std::filesystem::path& out_path,
                   const StageProgress& progress) {
  const auto& info = seal_proof_info(registered_proof);
  check_sector_file_size(sealed_path, info.sector_size, "sealed file");
  std::error_code ec;
  std::filesystem::create_directories(scratch_dir, ec);
  if (ec) throw IoError("create " + scratch_dir.string() + ": " + ec.message());
  label_sector(info, replica_id, scratch_dir, progress);
  combine_files(sealed_path, scratch_dir / layer_file_name(info.layers), out_path,
                info.sector_size / 32, false, progress, "decoding");
  for (std::uint32_t l = 1; l <= info.layers; ++l)
    std::filesystem::remove(scratch_dir / layer_file_name(l), ec);
}

}  // namespace tessera::porep
