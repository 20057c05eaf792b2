#include "storage/sectorid/number_service.hpp"

#include "storage/sectorid/number_api.hpp"

#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>

#include "chain/types/state_json.hpp"
#include "common/error.hpp"
#include "common/json_fields.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/log.hpp"
#include "common/file_util.hpp"

namespace tessera::sectorid {

using nlohmann::json;

void register_sector_number_api(jsonrpc::Registry& registry, SectorNumberSource& numbers) {
  api::serve(registry, kSectorNumAllocate, [&numbers](std::uint64_t count, const std::string& key) {
    return numbers.allocate(count, key);
  });
  api::serve(registry, kSectorNumAssignerMeta, [&numbers] { return numbers.meta(); });
  api::serve(registry, kSectorNumReservations, [&numbers] { return numbers.reservations(); });
  api::serve(registry, kSectorNumReserve,
             [&numbers](const std::string& name, const chain::BitField& sectors, bool force) {
               numbers.reserve(name, sectors, force);
             });
  api::serve(registry, kSectorNumReserveCount,
             [&numbers](const std::string& name, std::uint64_t count) {
               return numbers.reserve_count(name, count);
             });
  api::serve(registry, kSectorNumFree, [&numbers](const std::string& name) { numbers.free(name); });
}

json to_json(const NumAssignerMeta& meta) {
  return json{{"Reserved", chain::bitfield_to_json(meta.reserved)},
              {"Allocated", chain::bitfield_to_json(meta.allocated)},
              {"InUse", chain::bitfield_to_json(meta.in_use)},
              {"Next", meta.next}};
}

NumAssignerMeta num_assigner_meta_from_json(const json& j) {
  const std::string where = "sector number meta";
  const auto bits = [&](const char* name) {
    return chain::bitfield_from_json(json_fields::field(j, where, name));
  };
  return NumAssignerMeta{bits("Reserved"), bits("Allocated"), bits("InUse"),
                         json_fields::u64(json_fields::field(j, where, "Next"), where + ".Next")};
}

void seed_from_fork_file(SectorNumberAssigner& assigner,
                         const std::filesystem::path& repo) {
  const auto file = repo / "sectorid";
  auto text = read_file_if_exists(file);
  if (!text) return;
  auto trimmed = trim_space(*text);
  std::uint64_t last = 0;
  const int base = trimmed.rfind("0x", 0) == 0 ? 16 : 10;
  const char* begin = trimmed.data() + (base == 16 ? 2 : 0);
  auto [end, ec] = std::from_chars(begin, trimmed.data() + trimmed.size(), last, base);
  if (trimmed.empty() || ec != std::errc() || end != trimmed.data() + trimmed.size()) {
    throw InvalidInput(file.string() + " does not hold a sector number: \"" + trimmed + "\"");
  }
  assigner.seed(chain::BitField::from_runs({0, last + 1}));
  TLOG_INFO(log::get("sectorid"), "seeded sector numbers from {}: numbers up to {} are taken",
            file.string(), last);
}

std::pair<std::string, std::uint16_t> parse_host_port(const std::string& listen) {
  const auto colon = listen.rfind(':');
  std::uint16_t port = 0;
  if (colon == std::string::npos || colon == 0)
    throw InvalidInput("--sclisten must be IP:PORT, got \"" + listen + "\"");
  auto [end, ec] = std::from_chars(listen.data() + colon + 1, listen.data() + listen.size(), port);
  if (ec != std::errc() || end != listen.data() + listen.size()) {
    throw InvalidInput("--sclisten must be IP:PORT, got \"" + listen + "\"");
  }
  return {listen.substr(0, colon), port};
}

SectorNumberService::SectorNumberService(SectorNumberAssigner& assigner,
                                         const Bytes& jwt_secret, const std::string& listen) {
  register_sector_number_api(registry_, assigner);
  auto [host, port] = parse_host_port(listen);
  server_ = std::make_unique<jsonrpc::Server>(
      registry_, jsonrpc::Authenticator(jwt_secret),
      jsonrpc::ServerOptions{.host = host, .port = port, .threads = 4});
}

SectorNumberService::~SectorNumberService() {
  stop();
}

std::uint16_t SectorNumberService::start() {
  return server_->start();
}

void SectorNumberService::stop() {
  server_->stop();
}

void check_sector_number_service(const ApiInfo& service, std::chrono::milliseconds retry_for) {
  try {
    auto client = jsonrpc::Client::connect(service, jsonrpc::Transport::kHttp,
                                           jsonrpc::ClientOptions{retry_for});
    api::call_within(std::chrono::seconds(10), *client, kSectorNumAssignerMeta);
  } catch (const Error& e) {
    throw IoError("--sctype=get: the sector number service at " + service.address +
                  " is unreachable: " + e.what());
  }
}

}  // namespace tessera::sectorid
