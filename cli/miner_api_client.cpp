#include "cli/miner_api_client.hpp"

#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "storage/repo/repo.hpp"

namespace tessera::cli {

std::filesystem::path miner_repo_path(const Context& ctx) {
  return repo::resolve_repo_path(ctx.string("miner-repo"));
}

ApiInfo miner_api_info(const Context& ctx) {
  if (auto info = api_info_from_env({"MINER_API_INFO", "STORAGE_API_INFO"})) return *info;
  auto path = miner_repo_path(ctx);
  ApiInfo info;
  try {
    info.address = repo::Repo::read_api_endpoint(path);
  } catch (const NotFound& e) {
    throw NotFound("could not get API info for StorageMiner: could not get api endpoint: " +
                   std::string(e.what()));
  }
  try {
    info.token = repo::Repo::read_api_token(path);
  } catch (const NotFound&) {
    // no token file: calls go out without a token and get read permission, as with lotus
  }
  return info;
}

std::unique_ptr<jsonrpc::Client> connect_miner_api(const Context& ctx) {
  return jsonrpc::Client::connect(miner_api_info(ctx), jsonrpc::Transport::kHttp);
}

}  // namespace tessera::cli
