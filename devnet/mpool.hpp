// The devnet's message pool: signed messages waiting for a block, by sender and nonce, kept in
// a RecordLog so that a message acknowledged to a client survives a crash. Not thread-safe;
// the Devnet serialises access.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <vector>

#include "devnet/record_log.hpp"
#include "devnet/state.hpp"
#include "chain/types/message.hpp"

namespace tessera::chain::devnet {

class MessagePool {
 public:
  // Opens the pool's log and reloads its messages; those the state has already included
  // (nonce below the sender's) are dropped.
  MessagePool(const std::filesystem::path& log_path, const State& state);

  // The next nonce for a sender: after its pending messages, else the state's.
  std::uint64_t next_nonce(const State& state, std::uint64_t sender) const;
  // Adds a message whose signature and sender were checked; durable when it returns. Conflict
  // when the sender already has a pending message with that nonce.
  void add(std::uint64_t sender, const SignedMessage& message);
  // Pending messages in the order a block would take them: per sender by nonce, senders by ID.
  std::vector<SignedMessage> pending() const;
  // Forgets what the state has included (nonce below the sender's nonce); empties the log when
  // nothing is left pending.
  void prune(const State& state);
  std::size_t size() const;

 private:
  RecordLog log_;
  std::map<std::uint64_t, std::map<std::uint64_t, SignedMessage>> by_sender_;
};

}  // namespace tessera::chain::devnet
