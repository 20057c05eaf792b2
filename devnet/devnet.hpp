// tessera's embedded devnet: a single-producer chain whose state is replayed from its block log
// on start, with a wallet, a durable message pool, a built-in block producer and the queries
// the full-node API serves (devnet_api.hpp). Thread-safe.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "devnet/devnet_params.hpp"
#include "devnet/mpool.hpp"
#include "devnet/record_log.hpp"
#include "devnet/state.hpp"
#include "devnet/vm.hpp"
#include "devnet/wallet.hpp"
#include "chain/types/mining.hpp"
#include "chain/types/state_json.hpp"
#include "common/api/method.hpp"
#include "storage/repo/keystore.hpp"

namespace tessera::chain::devnet {

struct DevnetOptions {
  std::filesystem::path repo;  // holds keystore/, genesis.json, chain.log, mpool.log
  DevnetParams params;
  std::size_t wallet_keys = 2;  // keys created (and funded at genesis) in a new repo
};

// The built-in producer's miner actor (created at genesis, without power).
inline constexpr std::uint64_t kProducerMinerId = kFirstMinerId;

// How many past states queries can name (older tipsets are answered with an error).
inline constexpr std::size_t kKeptStates = 2000;

class Devnet {
 public:
  // Opens or creates the devnet in options.repo and replays its chain. Throws InvalidInput when
  // the block log does not replay (a corrupt or foreign repo), IoError on file errors.
  explicit Devnet(DevnetOptions options);
  ~Devnet();
  Devnet(const Devnet&) = delete;
  Devnet& operator=(const Devnet&) = delete;

  // Starts the built-in producer: one block every epoch_duration until stop().
  void start();
  // Stops the producer and wakes every waiting call; idempotent.
  void stop();
  // Produces the next block now (tests, and the producer's step); returns its height.
  ChainEpoch produce_block();

  const DevnetParams& params() const { return params_; }
  const Wallet& wallet() const { return *wallet_; }
  Wallet& wallet() { return *wallet_; }

  TipSet head() const;
  // The tipset at height (at most the head's); NotFound above the head.
  TipSet tipset_at(ChainEpoch height) const;
  // The tipset a key names; NotFound for an unknown key.
  TipSet tipset(const TipSetKey& key) const;
  // The state after the tipset a key names (the head for an empty key). NotFound when the
  // key is unknown or older than the kept states.
  std::shared_ptr<const State> state_at(const TipSetKey& key, ChainEpoch* height = nullptr) const;

  // Ticket / beacon randomness (lotus chain/rand) drawn from the block at epoch (<= head).
  Bytes ticket_randomness(DomainSeparationTag tag, ChainEpoch epoch, const Bytes& entropy) const;
  Bytes beacon_randomness(DomainSeparationTag tag, ChainEpoch epoch, const Bytes& entropy) const;
  BeaconEntry beacon_entry(ChainEpoch epoch) const;

  // The receipt of an included message, or nullopt.
  std::optional<MsgLookup> search_message(const cid::Cid& message) const;
  // Waits until the message is included and `confidence` more epochs have passed; nullopt when
  // stopped or `cancelled` is set first.
  std::optional<MsgLookup> wait_message(const cid::Cid& message, std::uint64_t confidence,
                                        const std::atomic<bool>& cancelled) const;

  // MpoolPushMessage: fills nonce and gas, signs with From's wallet key (an ID From is replaced
  // by its key address), persists and queues. InvalidInput for a nonce set by the caller, an
  // unknown sender or one the wallet has no key for, or funds that cannot cover it.
  SignedMessage push_message(Message message);
  // MpoolPush: queues a message signed elsewhere after checking its signature and nonce.
  cid::Cid push_signed(const SignedMessage& message);
  // GasEstimateMessageGas: the message with GasLimit, GasFeeCap and GasPremium filled in.
  Message estimate_gas(Message message) const;
  std::uint64_t next_nonce(const Address& address) const;
  // The key address of an account (f1 of an ID address); NotFound otherwise.
  Address account_key(const Address& address, const TipSetKey& at) const;

  // ChainNotify: sends {"current", head} now and {"apply", tipset} for each new block.
  void subscribe(api::ChannelWriter<std::vector<HeadChange>> channel);

  // Mining (devnet_mining.cpp). MinerGetBaseInfo for the next round on the head: nullopt when
  // the miner does not exist or round is not head + 1 (the devnet has no null rounds).
  std::optional<MiningBaseInfo> mining_base_info(const Address& miner, ChainEpoch round) const;
  // MpoolSelect: the pending messages the next block would take, in order.
  std::vector<SignedMessage> select_messages() const;
  // MinerCreateBlock: the next block from a winning miner's template, its parent fields
  // computed here and its header signed by the miner's worker key (which the wallet must hold).
  BlockMsg create_block(const BlockTemplate& block);
  // SyncSubmitBlock: checks a winning miner's block (on the head, parent fields, beacon, ticket
  // and election VRFs, win count against power, WinningPoSt, signature, messages) and makes it
  // the next block; the producer then skips its turn. InvalidInput naming the failed check.
  void submit_block(const BlockMsg& block);

 private:
  struct Block {
    BlockHeader header;
    cid::Cid cid;
    cid::Cid state_root;  // of the state after this block (the next block's parent state)
    std::vector<SignedMessage> messages;
    std::vector<MessageReceipt> receipts;
  };
  struct MessageLocation {
    ChainEpoch height;
    std::size_t index;
  };

  void load_genesis();
  void replay(const Bytes& record);
  // Applies messages to a copy of the head state at height, returning the new state and
  // receipts (messages that fail precheck are left out of `included`).
  std::shared_ptr<State> execute(ChainEpoch height, const std::vector<SignedMessage>& candidates,
                                 std::vector<SignedMessage>& included,
                                 std::vector<MessageReceipt>& receipts) const;
  void append_block(Block block, std::shared_ptr<State> state);
  ApplyContext context(ChainEpoch epoch) const;
  const Block& block_at(ChainEpoch height) const;
  // The height of the block a key names (the head for an empty key); NotFound otherwise.
  ChainEpoch height_of(const TipSetKey& key) const;
  TipSet tipset_of(const Block& block) const;
  std::optional<MsgLookup> lookup_locked(const cid::Cid& message) const;
  void run_producer();
  // Mining helpers (devnet_mining.cpp), called with mu_ held.
  BeaconEntry next_beacon() const;
  std::vector<SectorOnChainInfo> winning_post_sectors(const MinerState& miner, std::uint64_t id,
                                                      const BeaconEntry& beacon,
                                                      ChainEpoch round) const;
  BlockHeader next_header_base() const;
  void check_miner_block(const BlockMsg& block, const std::vector<SignedMessage>& messages) const;
  // Executes and appends a block whose header is complete; returns who to notify.
  void commit_block(Block block, std::shared_ptr<State> state);

  DevnetParams params_;
  std::filesystem::path repo_;
  std::unique_ptr<repo::Keystore> keystore_;
  std::unique_ptr<Wallet> wallet_;
  std::unique_ptr<RecordLog> chain_log_;
  std::unique_ptr<MessagePool> mpool_;

  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  std::vector<Block> blocks_;  // index = height
  std::map<ChainEpoch, std::shared_ptr<const State>> states_;
  std::map<cid::Cid, MessageLocation> message_index_;
  std::vector<api::ChannelWriter<std::vector<HeadChange>>> subscribers_;
  bool stopping_ = false;
  bool submitted_since_tick_ = false;  // a miner's block took this epoch
  std::thread producer_;
};

}  // namespace tessera::chain::devnet
