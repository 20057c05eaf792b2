#include "common/jsonrpc/registry.hpp"

#include "common/error.hpp"

namespace tessera::jsonrpc {

void Registry::add(Method method) {
  auto name = method.name;
  if (!methods_.emplace(name, std::move(method)).second) {
    throw InvalidInput("method " + name + " registered twice");
  }
}

const Method* Registry::find(std::string_view name) const {
  auto it = methods_.find(name);
  return it == methods_.end() ? nullptr : &it->second;
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, _] : methods_) out.push_back(name);
  return out;
}

}  // namespace tessera::jsonrpc
