#include "common/jsonrpc/http_post.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <charconv>

namespace tessera::jsonrpc {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

// Runs the io_context until its queued operations finish; false when one failed (ec is set).
bool run_all(net::io_context& ioc, const beast::error_code& ec) {
  ioc.restart();
  ioc.run();
  return !ec;
}

}  // namespace

HttpTarget parse_http_url(std::string_view url) {
  const auto bad = [&](const char* why) {
    return InvalidInput("URL \"" + std::string(url) + "\": " + why);
  };
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) throw bad("only http:// is supported");
  std::string_view rest = url.substr(kScheme.size());
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) throw bad("no path");
  const std::string_view authority = rest.substr(0, slash);
  const auto colon = authority.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == authority.size()) throw bad("no port");
  HttpTarget out;
  std::string_view host = authority.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty()) throw bad("no host");
  out.host = std::string(host);
  const std::string_view port = authority.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535)
    throw bad("bad port");
  out.port = static_cast<std::uint16_t>(value);
  out.path = std::string(rest.substr(slash));
  return out;
}

HttpReply http_post(const HttpTarget& target, std::string_view token, std::string_view content_type,
                    const std::string& body, std::chrono::milliseconds timeout) {
  const std::string where = target.host + ":" + std::to_string(target.port);
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  const auto endpoints = resolver.resolve(target.host, std::to_string(target.port), ec);
  if (ec) throw IoError("resolving " + target.host + ": " + ec.message());
  stream.expires_after(timeout);
  stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
  if (!run_all(ioc, ec)) throw IoError("connecting to " + where + ": " + ec.message());

  http::request<http::string_body> req{http::verb::post, target.path, 11};
  req.set(http::field::host, target.host);
  req.set(http::field::content_type, content_type);
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + std::string(token));
  req.body() = body;
  req.prepare_payload();
  http::async_write(stream, req, [&](beast::error_code e, std::size_t) { ec = e; });
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  http::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
  if (!run_all(ioc, ec)) throw NoAnswer("no answer from " + where + " (" + ec.message() + ")");
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return {static_cast<int>(parser.get().result_int()), std::move(parser.get().body())};
}

}  // namespace tessera::jsonrpc
