#include "miner/sector_number_service.hpp"

#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>

#include "chain/api/full_node_client.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/log.hpp"
#include "storage/repo/file_util.hpp"

namespace tessera::miner {

using nlohmann::json;

void register_sector_number_api(jsonrpc::Registry& registry,
                                sectorid::SectorNumberSource& numbers) {
  registry.add(jsonrpc::Method{
      "Filecoin.SectorNumAllocate", "write", 2,
      [&numbers](const json& params, jsonrpc::CallContext&) {
        if (!params[0].is_number_unsigned() || !params[1].is_string())
          throw InvalidInput("SectorNumAllocate takes (count uint, key string)");
        return json(numbers.allocate(params[0].get<std::uint64_t>(), params[1].get<std::string>()));
      }});
  registry.add(jsonrpc::Method{
      "Filecoin.SectorNumAssignerMeta", "read", 0,
      [&numbers](const json&, jsonrpc::CallContext&) { return to_json(numbers.meta()); }});
  registry.add(jsonrpc::Method{"Filecoin.SectorNumReservations", "read", 0,
                               [&numbers](const json&, jsonrpc::CallContext&) {
                                 return reservations_to_json(numbers.reservations());
                               }});
  registry.add(jsonrpc::Method{
      "Filecoin.SectorNumReserve", "admin", 3,
      [&numbers](const json& params, jsonrpc::CallContext&) {
        if (!params[0].is_string() || !params[2].is_boolean()) {
          throw InvalidInput("SectorNumReserve takes (name string, sectors bitfield, force bool)");
        }
        numbers.reserve(params[0].get<std::string>(), chain::bitfield_from_json(params[1]),
                        params[2].get<bool>());
        return json();
      },
      false});
  registry.add(jsonrpc::Method{"Filecoin.SectorNumReserveCount", "admin", 2,
                               [&numbers](const json& params, jsonrpc::CallContext&) {
                                 if (!params[0].is_string() || !params[1].is_number_unsigned()) {
                                   throw InvalidInput(
                                       "SectorNumReserveCount takes (name string, count uint)");
                                 }
                                 return chain::bitfield_to_json(numbers.reserve_count(
                                     params[0].get<std::string>(), params[1].get<std::uint64_t>()));
                               }});
  registry.add(jsonrpc::Method{"Filecoin.SectorNumFree", "admin", 1,
                               [&numbers](const json& params, jsonrpc::CallContext&) {
                                 if (!params[0].is_string())
                                   throw InvalidInput("SectorNumFree takes (name string)");
                                 numbers.free(params[0].get<std::string>());
                                 return json();
                               },
                               false});
}

json to_json(const sectorid::NumAssignerMeta& meta) {
  return json{{"Reserved", chain::bitfield_to_json(meta.reserved)},
              {"Allocated", chain::bitfield_to_json(meta.allocated)},
              {"InUse", chain::bitfield_to_json(meta.in_use)},
              {"Next", meta.next}};
}

sectorid::NumAssignerMeta num_assigner_meta_from_json(const json& j) {
  return sectorid::NumAssignerMeta{
      chain::bitfield_from_json(j.at("Reserved")), chain::bitfield_from_json(j.at("Allocated")),
      chain::bitfield_from_json(j.at("InUse")), j.at("Next").get<std::uint64_t>()};
}

json reservations_to_json(const std::map<std::string, chain::BitField>& reservations) {
  json out = json::object();
  for (const auto& [name, field] : reservations) out[name] = chain::bitfield_to_json(field);
  return out;
}

std::map<std::string, chain::BitField> reservations_from_json(const json& j) {
  std::map<std::string, chain::BitField> out;
  for (const auto& [name, field] : j.items()) out.emplace(name, chain::bitfield_from_json(field));
  return out;
}

void seed_from_fork_file(sectorid::SectorNumberAssigner& assigner,
                         const std::filesystem::path& repo) {
  const auto file = repo / "sectorid";
  auto text = repo::read_file_if_exists(file);
  if (!text) return;
  auto trimmed = repo::trim_space(*text);
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

SectorNumberService::SectorNumberService(sectorid::SectorNumberAssigner& assigner,
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
    client->call("Filecoin.SectorNumAssignerMeta", json::array(), std::chrono::seconds(10));
  } catch (const Error& e) {
    throw IoError("--sctype=get: the sector number service at " + service.address +
                  " is unreachable: " + e.what());
  }
}

}  // namespace tessera::miner
