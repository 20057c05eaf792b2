#include "common/jsonrpc/http_post.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <charconv>
#include <limits>
#include <vector>

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

// Resolves and connects target within timeout; IoError naming host:port when it cannot.
void connect(net::io_context& ioc, beast::tcp_stream& stream, const HttpTarget& target,
             std::chrono::milliseconds timeout) {
  const std::string where = target.host + ":" + std::to_string(target.port);
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  const auto endpoints = resolver.resolve(target.host, std::to_string(target.port), ec);
  if (ec) throw IoError("resolving " + target.host + ": " + ec.message());
  stream.expires_after(timeout);
  stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
  if (!run_all(ioc, ec)) throw IoError("connecting to " + where + ": " + ec.message());
}

std::string where(const HttpTarget& target) {
  return target.host + ":" + std::to_string(target.port);
}

template <class Body>
void set_common_headers(http::request<Body>& req, const HttpTarget& target,
                        std::string_view token) {
  req.set(http::field::host, target.host);
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + std::string(token));
}

// One request with a string body and its whole answer, within timeout.
HttpReply string_call(http::verb verb, const HttpTarget& target, std::string_view token,
                      std::string_view content_type, const std::string& body,
                      std::chrono::milliseconds timeout) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  connect(ioc, stream, target, timeout);
  http::request<http::string_body> req{verb, target.path, 11};
  set_common_headers(req, target, token);
  if (!content_type.empty()) req.set(http::field::content_type, content_type);
  req.body() = body;
  req.prepare_payload();
  beast::error_code ec;
  http::async_write(stream, req, [&](beast::error_code e, std::size_t) { ec = e; });
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());  // boost 1.74: none fails
  http::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
  if (!run_all(ioc, ec))
    throw NoAnswer("no answer from " + where(target) + " (" + ec.message() + ")");
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return {static_cast<int>(parser.get().result_int()), std::move(parser.get().body())};
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
  return string_call(http::verb::post, target, token, content_type, body, timeout);
}

HttpReply http_delete(const HttpTarget& target, std::string_view token,
                      std::chrono::milliseconds timeout) {
  return string_call(http::verb::delete_, target, token, "", "", timeout);
}

HttpStreamReply http_get_stream(const HttpTarget& target, std::string_view token,
                                const std::function<void(const std::uint8_t*, std::size_t)>& sink,
                                std::chrono::milliseconds idle) {
  constexpr std::size_t kChunk = 1 << 20;
  constexpr std::size_t kErrorBodyLimit = 64 << 10;
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  connect(ioc, stream, target, idle);
  http::request<http::empty_body> req{http::verb::get, target.path, 11};
  set_common_headers(req, target, token);
  beast::error_code ec;
  http::async_write(stream, req, [&](beast::error_code e, std::size_t) { ec = e; });
  beast::flat_buffer buffer;
  http::response_parser<http::buffer_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());  // boost 1.74: none fails
  stream.expires_after(idle);
  http::async_read_header(stream, buffer, parser,
                          [&](beast::error_code e, std::size_t) { ec = e; });
  if (!run_all(ioc, ec))
    throw NoAnswer("no answer from " + where(target) + " (" + ec.message() + ")");
  HttpStreamReply reply{static_cast<int>(parser.get().result_int()),
                        std::string(parser.get()[http::field::content_type]),
                        {}};
  std::vector<std::uint8_t> chunk(kChunk);
  while (!parser.is_done()) {
    parser.get().body().data = chunk.data();
    parser.get().body().size = chunk.size();
    stream.expires_after(idle);
    http::async_read_some(stream, buffer, parser,
                          [&](beast::error_code e, std::size_t) { ec = e; });
    run_all(ioc, ec);
    if (ec == http::error::need_buffer) ec = {};
    if (ec) throw NoAnswer("the answer from " + where(target) + " stopped (" + ec.message() + ")");
    const std::size_t got = chunk.size() - parser.get().body().size;
    if (reply.status != 200) {
      reply.error_body.append(reinterpret_cast<const char*>(chunk.data()),
                              std::min(got, kErrorBodyLimit - reply.error_body.size()));
      if (reply.error_body.size() >= kErrorBodyLimit) break;
    } else if (got > 0) {
      sink(chunk.data(), got);
    }
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return reply;
}

}  // namespace tessera::jsonrpc
