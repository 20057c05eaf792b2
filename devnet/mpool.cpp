#include "devnet/mpool.hpp"

#include "common/error.hpp"

namespace tessera::chain::devnet {

MessagePool::MessagePool(const std::filesystem::path& log_path, const State& state)
    : log_(log_path) {
  for (const auto& record : log_.initial_records()) {
    SignedMessage m = SignedMessage::from_cbor(record);
    if (auto sender = state.resolve(m.message.from))
      by_sender_[*sender][m.message.nonce] = std::move(m);
  }
  prune(state);
}

std::uint64_t MessagePool::next_nonce(const State& state, std::uint64_t sender) const {
  const Actor* actor = state.actor(sender);
  std::uint64_t nonce = actor ? actor->nonce : 0;
  auto it = by_sender_.find(sender);
  if (it == by_sender_.end()) return nonce;
  for (const auto& [n, m] : it->second)
    if (n == nonce) ++nonce;
  return nonce;
}

void MessagePool::add(std::uint64_t sender, const SignedMessage& message) {
  auto& pending = by_sender_[sender];
  if (pending.contains(message.message.nonce))
    throw Conflict("message with nonce " + std::to_string(message.message.nonce) +
                   " from this sender is already in the mpool");
  log_.append(message.to_cbor());
  pending[message.message.nonce] = message;
}

std::vector<SignedMessage> MessagePool::pending() const {
  std::vector<SignedMessage> out;
  for (const auto& [sender, messages] : by_sender_)
    for (const auto& [nonce, m] : messages) out.push_back(m);
  return out;
}

void MessagePool::prune(const State& state) {
  for (auto it = by_sender_.begin(); it != by_sender_.end();) {
    const Actor* actor = state.actor(it->first);
    const std::uint64_t nonce = actor ? actor->nonce : 0;
    std::erase_if(it->second, [&](const auto& entry) { return entry.first < nonce; });
    it = it->second.empty() ? by_sender_.erase(it) : std::next(it);
  }
  if (by_sender_.empty()) log_.clear();
}

std::size_t MessagePool::size() const {
  std::size_t n = 0;
  for (const auto& [sender, messages] : by_sender_) n += messages.size();
  return n;
}

}  // namespace tessera::chain::devnet
