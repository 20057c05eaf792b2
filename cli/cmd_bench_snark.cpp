// lotus-bench's Groth16 commands: `simple commit2` turns commit1's vanilla proof into the C2
// proof (one 192-byte Groth16 proof per partition), and `paramgen` — tessera's own, rust-fil-
// proofs' paramcache in spirit — writes seeded devnet parameters into the parameter cache.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "cli/bench_simple.hpp"
#include "cli/commands.hpp"
#include "cli/size_format.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/file_util.hpp"
#include "common/progress.hpp"
#include "crypto/groth16/local_setup.hpp"
#include "crypto/groth16/verifying_key.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "sealing/params/groth16_parameters.hpp"
#include "sealing/params/parameter_catalog.hpp"
#include "sealing/porep/circuit/commit_phase2.hpp"
#include "sealing/porep/circuit/porep_snark.hpp"
#include "sealing/porep/vanilla_proof_json.hpp"

namespace tessera::cli {
namespace {

using Clock = std::chrono::steady_clock;

int commit2_action(Context& ctx) {
  refuse_porep_variants(ctx);
  ctx.require_args(1);
  std::ifstream in(ctx.args()[0], std::ios::binary);
  if (!in) throw NotFound("cannot read " + ctx.args()[0]);
  const auto json = nlohmann::json::parse(std::istreambuf_iterator<char>(in),
                                          std::istreambuf_iterator<char>(), nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    throw InvalidInput(ctx.args()[0] + " is not commit1's JSON output");
  }
  porep::PorepPublicInputs inputs;
  porep::PorepVanillaProof proof;
  try {
    inputs = porep::public_inputs_from_json(json.at("public_inputs"));
    proof = porep::vanilla_proof_from_json(json.at("vanilla_proof"));
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput(ctx.args()[0] + ": " + e.what());
  }
  if (!porep::verify_porep(inputs, proof)) {
    throw InvalidInput(ctx.args()[0] + ": its vanilla proof does not verify");
  }
  const std::uint64_t size = porep::seal_proof_info(inputs.registered_proof).sector_size;
  const auto start = Clock::now();
  porep::circuit::Commit2Result c2;
  {
    ReportedStage stage(ctx.err(), "commit2", "partitions");
    c2 = porep::circuit::commit_phase2(inputs, proof, stage.ctx);
    stage.reporter.finish("");
  }
  print_timing(ctx, "Commit2", Clock::now() - start, size);
  if (c2.files.devnet) {
    ctx.err() << "used tessera's devnet parameters " << c2.files.params.string()
              << " (not valid on Filecoin networks)\n";
  }
  ctx.out() << "proof: " << hex_encode(c2.proof) << "\n";
  return 0;
}

params::Circuit parse_circuit(const std::string& name) {
  if (name == "porep") return params::Circuit::kPoRep;
  if (name == "window") return params::Circuit::kWindowPoSt;
  if (name == "winning") return params::Circuit::kWinningPoSt;
  throw UsageError("--circuit " + name + ": expected porep, window or winning");
}

int paramgen_action(Context& ctx) {
  const std::uint64_t size = parse_byte_size(ctx.string("sector-size"));
  porep::seal_proof_for_size(size);  // InvalidInput for a size without a seal proof
  std::vector<std::string> names = ctx.strings("circuit");
  if (names.empty()) names = {"porep", "window", "winning"};
  for (const auto& name : names) {
    const params::Circuit circuit = parse_circuit(name);
    const auto files = params::devnet_parameter_files(circuit, size);
    if (!ctx.boolean("force") && std::filesystem::exists(files.params) &&
        std::filesystem::exists(files.vk)) {
      ctx.out() << name << ": " << files.params.string() << " exists\n";
      continue;
    }
    const groth16::Synthesizer blank =
        circuit == params::Circuit::kPoRep
            ? porep::circuit::blank_porep_synthesizer(porep::seal_proof_for_size(size).id)
            : post::circuit::blank_post_synthesizer(circuit, size);
    const auto start = Clock::now();
    groth16::Parameters generated;
    {
      ReportedStage stage(ctx.err(), "paramgen " + name, "points");
      generated = groth16::generate_parameters(
          blank, groth16::ToxicWaste::from_seed(params::devnet_setup_seed(circuit, size)),
          stage.ctx);
      stage.reporter.finish("");
    }
    std::filesystem::create_directories(files.params.parent_path());
    groth16::write_parameters(generated, files.params);
    const Bytes vk = groth16::write_verifying_key(generated.vk);
    write_file_atomic(files.vk,
                      std::string_view(reinterpret_cast<const char*>(vk.data()), vk.size()), 0644);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    ctx.out() << name << ": wrote " << files.params.string() << " ("
              << std::filesystem::file_size(files.params) << " bytes) and "
              << files.vk.filename().string() << " in " << seconds << " s\n";
  }
  return 0;
}

}  // namespace

Command make_simple_commit2_command() {
  return Command{
      .name = "commit2",
      .usage = "Run Commit2: the Groth16 proof of commit1's vanilla proof",
      .args_usage = "[c1out.json]",
      .description =
          "Proves every partition of the vanilla proof commit1 wrote with Groth16, verifies the\n"
          "result and prints \"proof: <hex>\" (192 bytes per partition). The PoRep parameters of\n"
          "the sector size come from $FIL_PROOFS_PARAMETER_CACHE: the official files when\n"
          "present, else tessera's devnet files written by `lotus-bench paramgen`.",
      .flags = {kSyntheticFlag, kNonInteractiveFlag},
      .action = commit2_action};
}

Command make_bench_paramgen_command() {
  return Command{
      .name = "paramgen",
      .usage = "Generate tessera's devnet Groth16 parameters (not valid on Filecoin networks)",
      .description =
          "Runs a seeded single-party Groth16 setup for the PoRep, Window PoSt and Winning PoSt\n"
          "circuits of --sector-size and writes the .params and .vk files into\n"
          "$FIL_PROOFS_PARAMETER_CACHE as tessera-devnet-<official name>. Every tessera node\n"
          "derives the same keys; anyone can forge proofs under them, so only tessera's devnet\n"
          "accepts them. Existing files are kept unless --force.",
      .flags = {{.name = "sector-size", .usage = "sector size, i.e. 2KiB", .default_value = "2KiB"},
                {.name = "circuit",
                 .type = FlagType::kStringSlice,
                 .usage = "porep, window or winning (repeatable; default: all three)"},
                {.name = "force", .type = FlagType::kBool, .usage = "regenerate existing files"}},
      .action = paramgen_action};
}

}  // namespace tessera::cli
