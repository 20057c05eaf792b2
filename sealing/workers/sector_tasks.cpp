#include "sealing/workers/sector_tasks.hpp"

#include <optional>

#include <nlohmann/json.hpp>

#include "chain/types/bitfield.hpp"
#include "common/error.hpp"
#include "common/executor/stage_context.hpp"
#include "common/log.hpp"
#include "gpu/compute_lanes.hpp"
#include "gpu/pc2_device.hpp"
#include "sealing/porep/circuit/commit_phase2.hpp"
#include "sealing/porep/commd.hpp"
#include "sealing/porep/commit1.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/pc1_output.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/replica_id.hpp"
#include "sealing/porep/vanilla_proof_json.hpp"
#include "sealing/porep/zero_commitments.hpp"
#include "storage/paths/unsealed_file.hpp"

namespace tessera::workers {
namespace {

crypto::Digest32 digest_of(const Bytes& bytes, std::string_view what) {
  if (bytes.size() != 32)
    throw InvalidInput(std::string(what) + " must be 32 bytes, got " +
                       std::to_string(bytes.size()));
  crypto::Digest32 d{};
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

crypto::Digest32 commitment_of(const cid::Cid& c, std::string_view what) {
  return digest_of(c.digest, what);
}

Bytes to_bytes(const crypto::Digest32& d) {
  return Bytes(d.begin(), d.end());
}

// Removes a file when it goes out of scope.
struct RemoveOnExit {
  std::filesystem::path path;
  ~RemoveOnExit() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

}  // namespace

PieceInfo add_pledge_piece(const SectorRef& sector, const std::filesystem::path& unsealed) {
  const auto& info = porep::seal_proof_info(sector.proof_type);
  std::filesystem::create_directories(unsealed.parent_path());
  std::filesystem::remove(unsealed);  // a rerun after a crash starts over
  paths::UnsealedFileWriter writer(unsealed, info.sector_size);
  writer.finish(chain::BitField::from_runs({0, info.sector_size}));
  std::size_t level = 0;
  for (std::uint64_t leaves = info.sector_size / 32; leaves > 1; leaves /= 2) ++level;
  const auto& zero = porep::zero_commitment(level);
  return PieceInfo{info.sector_size, cid::commitment_unsealed_cid(to_bytes(zero))};
}

Bytes seal_pre_commit1(const SectorRef& sector, const Bytes& ticket,
                       const std::vector<PieceInfo>& pieces, const SectorPaths& files,
                       const porep::StageProgress& progress) {
  const auto& info = porep::seal_proof_info(sector.proof_type);
  std::vector<porep::PieceCommitment> commitments;
  std::uint64_t total = 0;
  for (const auto& piece : pieces) {
    commitments.push_back({commitment_of(piece.piece_cid, "piece CID digest"), piece.size});
    total += piece.size;
  }
  if (total != info.sector_size)
    throw InvalidInput("pieces add up to " + std::to_string(total) + " bytes, the sector is " +
                       std::to_string(info.sector_size));
  const auto pieces_comm_d = porep::compute_commd(info.sector_size, commitments);
  porep::SealInputs inputs{.registered_proof = info.id,
                           .actor_id = sector.id.miner,
                           .sector_number = sector.id.number,
                           .ticket = digest_of(ticket, "ticket")};
  std::filesystem::create_directories(files.cache);
  std::filesystem::create_directories(files.sealed.parent_path());
  const RemoveOnExit staged{files.cache / "staged-data"};
  paths::extract_unsealed_data(files.unsealed, info.sector_size, staged.path);
  // In the PC1 lane only when cores are reserved for it (TESSERA_LANE_PC1_CORES): one of them per
  // PC1, so they bound how many run at once. On the shared cores a PC1 holds none: its labelling
  // cannot pause mid-layer, and a held core would keep a higher class waiting for up to a layer.
  auto& lanes = gpu::ComputeLanes::process();
  std::optional<gpu::LaneContext> lane;
  if (lanes.config().lane(gpu::ComputeClass::kPreCommit1).reserved_cores > 0)
    lane.emplace(lanes.enter(gpu::ComputeClass::kPreCommit1, 1));
  const auto pc1 = porep::precommit1(inputs, staged.path, files.cache, files.sealed, progress,
                                     lane ? &lane->ctx() : nullptr);
  if (pc1.comm_d != pieces_comm_d)
    throw InvalidInput("the pieces do not match the unsealed data (CommD differs)");
  const auto text = porep::encode_pc1_output(
      {info.id, sector.id.number, sector.id.miner, inputs.ticket, pc1.comm_d, pc1.replica_id});
  return base64_decode(text);
}

SectorCids seal_pre_commit2(const SectorRef& sector, const Bytes& pc1_out, const SectorPaths& files,
                            const porep::StageProgress& progress) {
  const auto pc1 = porep::decode_pc1_output(base64_encode(pc1_out));
  if (pc1.registered_proof != sector.proof_type || pc1.actor_id != sector.id.miner ||
      pc1.sector_number != sector.id.number)
    throw InvalidInput("the PreCommit1 output belongs to another sector");
  // In the PC2 lane: every core it can get, yielded between batches to C2 and PoSt.
  auto lane = gpu::ComputeLanes::process().enter(gpu::ComputeClass::kPreCommit2, kAllCores);
  const auto device = gpu::pc2_device();
  const auto pc2 = porep::precommit2(
      pc1.registered_proof, files.cache, files.sealed, progress, &lane.ctx(), device.get(),
      [&](const gpu::DeviceError& e) { gpu::drop_pc2_device(device, e.what()); });
  return SectorCids{cid::commitment_unsealed_cid(to_bytes(pc1.comm_d)),
                    cid::commitment_sealed_cid(to_bytes(pc2.comm_r))};
}

Bytes seal_commit1(const SectorRef& sector, const Bytes& ticket, const Bytes& seed,
                   const SectorCids& cids, const SectorPaths& files) {
  const auto& info = porep::seal_proof_info(sector.proof_type);
  porep::PorepPublicInputs inputs{.registered_proof = info.id,
                                  .comm_d = commitment_of(cids.unsealed, "CommD"),
                                  .comm_r = commitment_of(cids.sealed, "CommR"),
                                  .seed = digest_of(seed, "seed")};
  inputs.replica_id = porep::replica_id(porep::prover_id_for(sector.id.miner), sector.id.number,
                                        digest_of(ticket, "ticket"), inputs.comm_d,
                                        porep::porep_id_for(static_cast<std::uint64_t>(info.id)));
  const auto proof =
      porep::commit1(info.id, files.cache, files.sealed, inputs.replica_id, inputs.seed);
  if (!porep::verify_porep(inputs, proof))
    throw InvalidInput("the vanilla proof does not verify against CommD and CommR");
  const nlohmann::json out = {{"sector_number", sector.id.number},
                              {"actor_id", sector.id.miner},
                              {"sector_size", info.sector_size},
                              {"public_inputs", porep::public_inputs_to_json(inputs)},
                              {"vanilla_proof", porep::vanilla_proof_to_json(proof)}};
  const auto text = out.dump();
  return Bytes(text.begin(), text.end());
}

Bytes seal_commit2(const SectorRef& sector, const Bytes& c1_out, params::ProofMode mode) {
  const auto parsed = nlohmann::json::parse(c1_out.begin(), c1_out.end(), nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object())
    throw InvalidInput("Commit1Out is not a JSON object");
  try {
    if (parsed.at("sector_number").get<std::uint64_t>() != sector.id.number ||
        parsed.at("actor_id").get<std::uint64_t>() != sector.id.miner)
      throw InvalidInput("the Commit1 output belongs to another sector");
    const auto inputs = porep::public_inputs_from_json(parsed.at("public_inputs"));
    const auto proof = porep::vanilla_proof_from_json(parsed.at("vanilla_proof"));
    if (inputs.registered_proof != sector.proof_type)
      throw InvalidInput("the Commit1 output is for another proof type");
    if (!porep::verify_porep(inputs, proof))
      throw InvalidInput("the Commit1 output's vanilla proof does not verify");
    if (mode == params::ProofMode::kVanilla) {
      const auto text = porep::vanilla_proof_to_json(proof).dump();
      return Bytes(text.begin(), text.end());
    }
    // In the C2 lane: below WinningPoSt and WindowPoSt, above PC2 and PC1.
    auto lane = gpu::ComputeLanes::process().enter(gpu::ComputeClass::kCommit2, kAllCores);
    auto c2 = porep::circuit::commit_phase2(inputs, proof, lane.ctx());
    if (c2.files.devnet) {
      TLOG_INFO(log::get("worker"), "Commit2 for sector {} used tessera's devnet parameters {}",
                sector.id.number, c2.files.params.string());
    }
    return std::move(c2.proof);
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput(std::string("Commit1Out: ") + e.what());
  }
}

void finalize_sector_files(const SectorRef& sector, const SectorPaths& files) {
  porep::finalize_sector(sector.proof_type, files.cache);
}

}  // namespace tessera::workers
