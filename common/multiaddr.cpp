#include "common/multiaddr.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <vector>

#include "common/base58.hpp"
#include "common/cid/varint.hpp"
#include "common/error.hpp"

namespace tessera {
namespace {

enum class Value { kNone, kIp4, kIp6, kPort, kText, kPeer };

struct Protocol {
  std::string_view name;
  std::uint64_t code;
  Value value;
};

// multiformats/multiaddr protocols.csv.
constexpr std::array<Protocol, 15> kProtocols = {{
    {"ip4", 4, Value::kIp4},
    {"tcp", 6, Value::kPort},
    {"udp", 273, Value::kPort},
    {"ip6", 41, Value::kIp6},
    {"dns", 53, Value::kText},
    {"dns4", 54, Value::kText},
    {"dns6", 55, Value::kText},
    {"dnsaddr", 56, Value::kText},
    {"p2p", 421, Value::kPeer},
    {"https", 443, Value::kNone},
    {"quic", 460, Value::kNone},
    {"quic-v1", 461, Value::kNone},
    {"ws", 477, Value::kNone},
    {"wss", 478, Value::kNone},
    {"http", 480, Value::kNone},
}};

const Protocol* by_name(std::string_view name) {
  for (const auto& p : kProtocols)
    if (p.name == name) return &p;
  return nullptr;
}

const Protocol* by_code(std::uint64_t code) {
  for (const auto& p : kProtocols)
    if (p.code == code) return &p;
  return nullptr;
}

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> parts;
  while (!text.empty()) {
    auto slash = text.find('/');
    parts.push_back(text.substr(0, slash));
    if (slash == std::string_view::npos) break;
    text.remove_prefix(slash + 1);
  }
  return parts;
}

void put_value(Bytes& out, const Protocol& p, std::string_view value, std::string_view text) {
  const auto bad = [&] {
    return InvalidInput("multiaddr " + std::string(text) + ": invalid " + std::string(p.name) +
                        " value \"" + std::string(value) + "\"");
  };
  switch (p.value) {
    case Value::kIp4:
    case Value::kIp6: {
      const bool v4 = p.value == Value::kIp4;
      std::array<std::uint8_t, 16> addr{};
      const std::string s(value);
      if (inet_pton(v4 ? AF_INET : AF_INET6, s.c_str(), addr.data()) != 1) throw bad();
      out.insert(out.end(), addr.begin(), addr.begin() + (v4 ? 4 : 16));
      return;
    }
    case Value::kPort: {
      unsigned port = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
      if (ec != std::errc() || end != value.data() + value.size() || port > 65535) throw bad();
      out.push_back(static_cast<std::uint8_t>(port >> 8));
      out.push_back(static_cast<std::uint8_t>(port));
      return;
    }
    case Value::kText:
    case Value::kPeer: {
      Bytes data =
          p.value == Value::kText ? Bytes(value.begin(), value.end()) : base58btc_decode(value);
      if (data.empty()) throw bad();
      cid::put_uvarint(out, data.size());
      out.insert(out.end(), data.begin(), data.end());
      return;
    }
    case Value::kNone:
      return;
  }
}

}  // namespace

Bytes multiaddr_to_bytes(std::string_view text) {
  if (!text.starts_with('/'))
    throw InvalidInput("multiaddr \"" + std::string(text) + "\" must begin with /");
  const auto parts = split(text.substr(1));
  Bytes out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Protocol* p = by_name(parts[i]);
    if (!p)
      throw InvalidInput("multiaddr " + std::string(text) + ": unknown protocol \"" +
                         std::string(parts[i]) + "\"");
    cid::put_uvarint(out, p->code);
    if (p->value == Value::kNone) continue;
    if (++i == parts.size())
      throw InvalidInput("multiaddr " + std::string(text) + ": " + std::string(p->name) +
                         " needs a value");
    put_value(out, *p, parts[i], text);
  }
  if (out.empty()) throw InvalidInput("empty multiaddr");
  return out;
}

std::string multiaddr_to_string(const Bytes& bytes) {
  std::string out;
  std::size_t at = 0;
  const auto take = [&](std::size_t n) {
    if (n > bytes.size() - at) throw InvalidInput("multiaddr bytes are truncated");
    Bytes v(bytes.begin() + at, bytes.begin() + at + n);
    at += n;
    return v;
  };
  while (at < bytes.size()) {
    const Protocol* p = by_code(cid::read_uvarint(bytes, at));
    if (!p) throw InvalidInput("multiaddr bytes hold an unknown protocol");
    out += "/" + std::string(p->name);
    char buf[INET6_ADDRSTRLEN];
    switch (p->value) {
      case Value::kIp4:
      case Value::kIp6: {
        const bool v4 = p->value == Value::kIp4;
        const Bytes addr = take(v4 ? 4 : 16);
        inet_ntop(v4 ? AF_INET : AF_INET6, addr.data(), buf, sizeof buf);
        out += "/" + std::string(buf);
        break;
      }
      case Value::kPort: {
        const Bytes port = take(2);
        out += "/" + std::to_string((port[0] << 8) | port[1]);
        break;
      }
      case Value::kText:
      case Value::kPeer: {
        const Bytes data = take(cid::read_uvarint(bytes, at));
        out += "/" + (p->value == Value::kText ? std::string(data.begin(), data.end())
                                               : base58btc_encode(data));
        break;
      }
      case Value::kNone:
        break;
    }
  }
  return out;
}

}  // namespace tessera
