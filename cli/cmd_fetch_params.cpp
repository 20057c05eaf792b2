// `fetch-params <sectorSize>` (lotus cli/params.go FetchParamCmd, which runs go-paramfetch's
// GetParams): checks every file the sector size needs in the parameter cache and prints one line
// per file. tessera cannot download: when a file is missing or corrupt it says where the files
// come from (the Filecoin parameter gateway or IPFS, by CID) and exits non-zero.
#include "cli/cmd_fetch_params.hpp"

#include <ostream>
#include <string>

#include "cli/size_format.hpp"
#include "common/error.hpp"
#include "sealing/params/parameter_cache.hpp"

namespace tessera::cli {
namespace {

// go-paramfetch's default gateway (paramfetch.go `gateway`).
constexpr const char* kGateway = "https://proofs.filecoin.io/ipfs/";

std::uint64_t sector_size_argument(const Context& ctx) {
  if (ctx.args().empty())
    throw InvalidInput(
        "must pass sector size to fetch params for (specify as \"32GiB\", for instance)");
  try {
    return parse_byte_size(ctx.args().front());
  } catch (const UsageError& e) {
    throw InvalidInput("error parsing sector size (specify as \"32GiB\", for instance): " +
                       std::string(e.what()));
  }
}

int fetch_params_action(Context& ctx) {
  const std::uint64_t sector_size = sector_size_argument(ctx);
  const auto dir = params::parameter_cache_dir();
  const auto checks = params::check_sector_size_files(sector_size, &ctx.err());
  const std::string size_text = params::sector_size_arg(sector_size);

  std::size_t bad = 0;
  for (const auto& check : checks) {
    ctx.out() << params::file_state_name(check.state) << "  " << check.entry.name;
    if (check.state == params::FileState::kCorrupt) ctx.out() << "  (" << check.detail << ")";
    ctx.out() << "\n";
    if (check.state != params::FileState::kIntact) ++bad;
  }
  if (bad == 0) {
    ctx.out() << "all " << checks.size() << " proof parameter files for " << size_text
              << " sectors are intact in " << dir.string() << "\n";
    return 0;
  }

  ctx.out() << "\n"
            << bad << " of " << checks.size() << " proof parameter files for " << size_text
            << " sectors are missing or corrupt in " << dir.string() << ".\n"
            << "Downloading them needs the Filecoin parameter gateway (" << kGateway
            << "<cid>) or IPFS, which this machine cannot reach.\n"
            << "Fetch these files by CID elsewhere and copy them into " << dir.string()
            << " (FIL_PROOFS_PARAMETER_CACHE):\n";
  for (const auto& check : checks) {
    if (check.state != params::FileState::kIntact)
      ctx.out() << "  " << check.entry.name << "  " << check.entry.cid << "\n";
  }
  throw NotFound("fetching proof parameters: " + std::to_string(bad) + " of " +
                 std::to_string(checks.size()) + " files missing or corrupt in " + dir.string());
}

}  // namespace

Command make_fetch_params_command() {
  return Command{.name = "fetch-params",
                 .usage = "Fetch proving parameters",
                 .args_usage = "[sectorSize]",
                 .category = "DEVELOPER",
                 .action = fetch_params_action};
}

}  // namespace tessera::cli
