#include "devnet/devnet.hpp"
#include "devnet/block_parts.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include <nlohmann/json.hpp>

#include "chain/types/state_json.hpp"
#include "common/cbor/cbor.hpp"
#include "common/error.hpp"
#include "common/log.hpp"
#include "crypto/blake2b.hpp"
#include "common/file_util.hpp"

namespace tessera::chain::devnet {
namespace {

using nlohmann::json;

auto devnet_log() {
  return log::get("devnet");
}

std::uint64_t now_seconds() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

// The genesis state: the singleton actors, one funded account per wallet key and the built-in
// producer's miner (no power, owned by the first account).
State genesis_state(const std::vector<std::pair<Address, TokenAmount>>& accounts,
                    const DevnetParams& params) {
  State s;
  add_singleton_actors(s);
  std::uint64_t id = kFirstAccountId;
  for (const auto& [address, balance] : accounts) {
    s.actors[id] = Actor{ActorKind::kAccount, address, balance, 0};
    s.key_index[address] = id;
    ++id;
  }
  const auto proofs = *proofs_for_sector_size(2048);
  MinerState producer;
  producer.info.owner = producer.info.worker = producer.info.beneficiary =
      Address::from_id(kFirstAccountId);
  producer.info.window_post_proof_type = proofs.window_post_proof;
  producer.info.sector_size = proofs.sector_size;
  producer.info.window_post_partition_sectors = proofs.window_post_partition_sectors;
  producer.proving_period_offset =
      assign_proving_period_offset(Address::from_id(kProducerMinerId), 0, params.proving);
  producer.deadlines.resize(params.proving.period_deadlines);
  s.actors[kProducerMinerId] = Actor{ActorKind::kMiner, std::nullopt, TokenAmount(), 0};
  s.miners[kProducerMinerId] = std::move(producer);
  s.next_id = kProducerMinerId + 1;
  return s;
}

}  // namespace

Devnet::Devnet(DevnetOptions options) : params_(std::move(options.params)), repo_(options.repo) {
  std::filesystem::create_directories(repo_ / "keystore");
  std::filesystem::permissions(repo_ / "keystore", std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace);
  keystore_ = std::make_unique<repo::Keystore>(repo_ / "keystore");
  wallet_ = std::make_unique<Wallet>(*keystore_, options.wallet_keys);
  load_genesis();
  chain_log_ = std::make_unique<RecordLog>(repo_ / "chain.log");
  if (chain_log_->dropped_bytes() > 0)
    TLOG_WARN(devnet_log(), "chain.log ended in a torn record ({} bytes dropped)",
              chain_log_->dropped_bytes());
  for (const auto& record : chain_log_->initial_records()) replay(record);
  mpool_ = std::make_unique<MessagePool>(repo_ / "mpool.log", *states_.rbegin()->second);
  TLOG_INFO(devnet_log(), "devnet at {}: head height {}, {} pending messages", repo_.string(),
            blocks_.size() - 1, mpool_->size());
}

Devnet::~Devnet() {
  stop();
}

void Devnet::load_genesis() {
  const auto path = repo_ / "genesis.json";
  auto text = read_file_if_exists(path);
  if (!text) {
    json accounts = json::array();
    for (const auto& a : wallet_->addresses())
      accounts.push_back({{"Address", a.to_string(Network::kTestnet)},
                          {"Balance", params_.genesis_balance.to_string()}});
    json genesis{
        {"NetworkName", kDevnetNetworkName}, {"Timestamp", now_seconds()}, {"Accounts", accounts}};
    write_file_atomic(path, genesis.dump(2) + "\n", 0644);
    text = genesis.dump();
  }
  std::vector<std::pair<Address, TokenAmount>> accounts;
  std::uint64_t timestamp = 0;
  try {
    const json genesis = json::parse(*text);
    timestamp = genesis.at("Timestamp").get<std::uint64_t>();
    for (const auto& a : genesis.at("Accounts"))
      accounts.emplace_back(Address::parse(a.at("Address").get<std::string>()),
                            BigInt::parse(a.at("Balance").get<std::string>()));
  } catch (const json::exception& e) {
    throw InvalidInput(path.string() + ": " + e.what());
  }
  if (accounts.empty()) throw InvalidInput(path.string() + ": no genesis accounts");
  auto state = std::make_shared<State>(genesis_state(accounts, params_));
  Block genesis;
  genesis.header.miner = Address::from_id(kProducerMinerId);
  genesis.header.ticket =
      chain_hash(Bytes{'t', 'e', 's', 's', 'e', 'r', 'a'}, static_cast<std::int64_t>(timestamp));
  genesis.header.beacon_entries = {BeaconEntry{0, chain_hash(*genesis.header.ticket, 0)}};
  genesis.state_root = state->root();
  genesis.header.parent_state_root = genesis.state_root;
  genesis.header.parent_message_receipts = receipts_cid({});
  genesis.header.messages = genesis_messages_cid();
  genesis.header.timestamp = timestamp;
  genesis.header.parent_base_fee = params_.base_fee;
  genesis.cid = genesis.header.cid();
  blocks_.push_back(std::move(genesis));
  states_[0] = std::move(state);
}

ApplyContext Devnet::context(ChainEpoch epoch) const {
  ApplyContext ctx;
  ctx.epoch = epoch;
  ctx.params = &params_;
  // Called with mu_ held (or during construction): read blocks_ directly.
  ctx.ticket_randomness = [this](DomainSeparationTag tag, ChainEpoch e, const Bytes& entropy) {
    const auto d = draw_randomness(*block_at(e).header.ticket, tag, e, entropy);
    return Bytes(d.begin(), d.end());
  };
  ctx.beacon_randomness = [this](DomainSeparationTag tag, ChainEpoch e, const Bytes& entropy) {
    const auto d = draw_randomness(block_at(e).header.beacon_entries.back().data, tag, e, entropy);
    return Bytes(d.begin(), d.end());
  };
  return ctx;
}

const Devnet::Block& Devnet::block_at(ChainEpoch height) const {
  if (height < 0) return blocks_.front();
  if (static_cast<std::size_t>(height) >= blocks_.size())
    throw NotFound("epoch " + std::to_string(height) + " is above the head " +
                   std::to_string(blocks_.size() - 1));
  return blocks_[height];
}

std::shared_ptr<State> Devnet::execute(ChainEpoch height,
                                       const std::vector<SignedMessage>& candidates,
                                       std::vector<SignedMessage>& included,
                                       std::vector<MessageReceipt>& receipts) const {
  auto state = std::make_shared<State>(*states_.at(height - 1));
  const ApplyContext ctx = context(height);
  for (const auto& m : candidates) {
    if (precheck(*state, m.message, params_.base_fee)) continue;
    receipts.push_back(apply_message(*state, m.message, ctx));
    included.push_back(m);
  }
  end_of_epoch(*state, ctx);
  return state;
}

void Devnet::replay(const Bytes& record) {
  const ChainEpoch height = static_cast<ChainEpoch>(blocks_.size());
  const auto fail = [&](const std::string& why) {
    throw InvalidInput("chain.log: block at height " + std::to_string(height) + " " + why +
                       "; the devnet repo is corrupt");
  };
  Block block;
  std::vector<SignedMessage> candidates;
  try {
    const auto v = cbor::decode(record);
    if (!v.is_array() || v.as_array().size() != 2) fail("is not [header, messages]");
    block.header = BlockHeader::from_cbor(v.as_array()[0].as_bytes());
    for (const auto& m : v.as_array()[1].as_array())
      candidates.push_back(SignedMessage::from_cbor(m.as_bytes()));
  } catch (const InvalidInput& e) {
    fail(std::string("does not decode: ") + e.what());
  }
  if (block.header.height != height) fail("has height " + std::to_string(block.header.height));
  if (block.header.parents != std::vector<cid::Cid>{blocks_.back().cid})
    fail("does not follow the previous block");
  if (block.header.parent_state_root != blocks_.back().state_root)
    fail("names a parent state the replayed chain does not reach");
  // Blocks recorded before BLS messages went into the header's aggregate have none; they keep
  // their single-list Messages CID and replay as they were made.
  if (block.header.bls_aggregate) {
    if (!std::is_partitioned(candidates.begin(), candidates.end(), is_bls))
      fail("lists a secp256k1 message before a BLS one");
    if (block.header.messages != messages_cid(candidates))
      fail("has a Messages CID that does not match its messages");
    try {
      check_block_signatures(block.header, candidates, *states_.rbegin()->second);
    } catch (const InvalidInput& e) {
      fail(e.what());
    }
  }
  auto state = execute(height, candidates, block.messages, block.receipts);
  if (block.messages.size() != candidates.size()) fail("holds a message that cannot apply");
  block.cid = block.header.cid();
  append_block(std::move(block), std::move(state));
}

void Devnet::append_block(Block block, std::shared_ptr<State> state) {
  const ChainEpoch height = block.header.height;
  block.state_root = state->root();  // once per block: the next header and replay compare it
  for (std::size_t i = 0; i < block.messages.size(); ++i)
    message_index_[block.messages[i].cid()] = MessageLocation{height, i};
  blocks_.push_back(std::move(block));
  states_[height] = std::move(state);
  while (states_.size() > kKeptStates) states_.erase(states_.begin());
}

BeaconEntry Devnet::next_beacon() const {
  const Block& parent = blocks_.back();
  const ChainEpoch height = parent.header.height + 1;
  return BeaconEntry{static_cast<std::uint64_t>(height),
                     chain_hash(parent.header.beacon_entries.back().data, height)};
}

BlockHeader Devnet::next_header_base() const {
  const Block& parent = blocks_.back();
  BlockHeader h;
  h.height = parent.header.height + 1;
  h.beacon_entries = {next_beacon()};
  h.parents = {parent.cid};
  h.parent_weight = parent.header.parent_weight + BigInt::from_uint(1);
  h.parent_state_root = parent.state_root;
  h.parent_message_receipts = receipts_cid(parent.receipts);
  h.timestamp = std::max(now_seconds(), parent.header.timestamp);
  h.parent_base_fee = params_.base_fee;
  return h;
}

void Devnet::commit_block(Block block, std::shared_ptr<State> state) {
  chain_log_->append(block_record(block.header, block.messages));
  block.cid = block.header.cid();
  const std::size_t count = block.messages.size();
  const ChainEpoch height = block.header.height;
  const bool producer = block.header.miner == Address::from_id(kProducerMinerId);
  append_block(std::move(block), std::move(state));
  mpool_->prune(*states_.rbegin()->second);
  if (count > 0 || !producer)
    TLOG_INFO(devnet_log(), "block {} at height {} by {}: {} messages",
              blocks_.back().cid.to_string(), height,
              blocks_.back().header.miner.to_string(Network::kTestnet), count);
  std::erase_if(subscribers_, [](const auto& channel) { return channel.closed(); });
  const std::vector<HeadChange> change{{"apply", tipset_of(blocks_.back())}};
  for (const auto& channel : subscribers_) channel.send(change);
}

ChainEpoch Devnet::produce_block() {
  ChainEpoch height = 0;
  {
    std::lock_guard lock(mu_);
    const Block& parent = blocks_.back();
    Block block;
    BlockHeader& h = block.header;
    h = next_header_base();
    height = h.height;
    auto state = execute(height, bls_first(mpool_->pending()), block.messages, block.receipts);
    h.miner = Address::from_id(kProducerMinerId);
    h.ticket = chain_hash(*parent.header.ticket, height);
    h.election_proof = ElectionProof{1, chain_hash(*h.ticket, height)};
    h.messages = messages_cid(block.messages);
    h.bls_aggregate = bls_aggregate(block.messages);
    // The producer's owner key signs the header (lotus: the worker's BLS key; docs/devnet.md).
    h.block_sig = wallet_->sign(wallet_->default_address(), h.to_cbor());
    commit_block(std::move(block), std::move(state));
  }
  changed_.notify_all();
  return height;
}

void Devnet::start() {
  std::lock_guard lock(mu_);
  if (producer_.joinable()) return;
  producer_ = std::thread([this] { run_producer(); });
}

void Devnet::run_producer() {
  auto next = std::chrono::steady_clock::now() + params_.epoch_duration;
  while (true) {
    {
      std::unique_lock lock(mu_);
      if (changed_.wait_until(lock, next, [&] { return stopping_; })) return;
      // A winning miner's block took this epoch: the producer skips its turn, and a block held
      // for the next epoch (submit_block) goes in.
      if (std::exchange(submitted_since_tick_, false)) {
        changed_.notify_all();
        next += params_.epoch_duration;
        continue;
      }
      // Once a miner has power the producer is a fallback: it gives miners half an epoch more.
      // A block coming then takes this epoch and the next one's start: it stays counted, so the
      // miner's next block waits for the next tick.
      if (!states_.rbegin()->second->total_power.raw_byte_power.is_zero() &&
          changed_.wait_until(lock, next + params_.epoch_duration / 2,
                              [&] { return stopping_ || submitted_since_tick_; })) {
        if (stopping_) return;
        next += params_.epoch_duration;
        continue;
      }
    }
    try {
      produce_block();
    } catch (const std::exception& e) {
      TLOG_ERROR(devnet_log(), "producing a block failed: {}", e.what());
    }
    next += params_.epoch_duration;
    const auto now = std::chrono::steady_clock::now();
    if (next < now) next = now;
  }
}

void Devnet::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (producer_.joinable()) producer_.join();
  std::vector<api::ChannelWriter<std::vector<HeadChange>>> channels;
  {
    std::lock_guard lock(mu_);
    channels.swap(subscribers_);
  }
  for (const auto& channel : channels) channel.close();
}

TipSet Devnet::tipset_of(const Block& block) const {
  return TipSet{{block.header}};
}

TipSet Devnet::head() const {
  std::lock_guard lock(mu_);
  return tipset_of(blocks_.back());
}

TipSet Devnet::tipset_at(ChainEpoch height) const {
  std::lock_guard lock(mu_);
  return tipset_of(block_at(height));
}

ChainEpoch Devnet::height_of(const TipSetKey& key) const {
  if (key.cids.empty()) return blocks_.back().header.height;
  if (key.cids.size() == 1) {
    // Recent lookups are the common case: search from the head down.
    auto it = std::find_if(blocks_.rbegin(), blocks_.rend(),
                           [&](const Block& b) { return b.cid == key.cids.front(); });
    if (it != blocks_.rend()) return it->header.height;
  }
  throw NotFound("tipset " + key.to_string() + " not found");
}

TipSet Devnet::tipset(const TipSetKey& key) const {
  std::lock_guard lock(mu_);
  return tipset_of(block_at(height_of(key)));
}

std::shared_ptr<const State> Devnet::state_at(const TipSetKey& key, ChainEpoch* height) const {
  std::lock_guard lock(mu_);
  const ChainEpoch h = height_of(key);
  auto s = states_.find(h);
  if (s == states_.end())
    throw NotFound("state at height " + std::to_string(h) +
                   " is no longer kept (the devnet keeps " + std::to_string(kKeptStates) +
                   " epochs)");
  if (height) *height = h;
  return s->second;
}

Bytes Devnet::ticket_randomness(DomainSeparationTag tag, ChainEpoch epoch,
                                const Bytes& entropy) const {
  std::lock_guard lock(mu_);
  return context(epoch).ticket_randomness(tag, epoch, entropy);
}

Bytes Devnet::beacon_randomness(DomainSeparationTag tag, ChainEpoch epoch,
                                const Bytes& entropy) const {
  std::lock_guard lock(mu_);
  return context(epoch).beacon_randomness(tag, epoch, entropy);
}

BeaconEntry Devnet::beacon_entry(ChainEpoch epoch) const {
  std::lock_guard lock(mu_);
  return block_at(epoch).header.beacon_entries.back();
}

std::optional<MsgLookup> Devnet::lookup_locked(const cid::Cid& message) const {
  auto it = message_index_.find(message);
  if (it == message_index_.end()) return std::nullopt;
  const Block& b = blocks_[it->second.height];
  return MsgLookup{message, b.receipts[it->second.index], TipSetKey{{b.cid}}, b.header.height};
}

std::optional<MsgLookup> Devnet::search_message(const cid::Cid& message) const {
  std::lock_guard lock(mu_);
  return lookup_locked(message);
}

std::optional<MsgLookup> Devnet::wait_message(const cid::Cid& message, std::uint64_t confidence,
                                              const std::atomic<bool>& cancelled) const {
  std::unique_lock lock(mu_);
  std::optional<MsgLookup> found;
  while (!stopping_ && !cancelled) {
    found = lookup_locked(message);
    if (found &&
        blocks_.back().header.height >= found->height + static_cast<ChainEpoch>(confidence))
      return found;
    // Wake at least every 100 ms to notice a cancelled call.
    changed_.wait_for(lock, std::chrono::milliseconds(100));
  }
  return std::nullopt;
}

Address Devnet::account_key(const Address& address, const TipSetKey& at) const {
  if (address.protocol() == AddressProtocol::kSecp256k1 ||
      address.protocol() == AddressProtocol::kBls)
    return address;
  const auto state = state_at(at);
  const auto id = state->resolve(address);
  const Actor* actor = id ? state->actor(*id) : nullptr;
  if (!actor || !actor->key)
    throw NotFound("actor " + address.to_string(Network::kTestnet) + " is not an account");
  return *actor->key;
}

std::uint64_t Devnet::next_nonce(const Address& address) const {
  std::lock_guard lock(mu_);
  const State& state = *states_.rbegin()->second;
  const auto id = state.resolve(address);
  if (!id) throw NotFound("actor " + address.to_string(Network::kTestnet) + " not found");
  return mpool_->next_nonce(state, *id);
}

Message Devnet::estimate_gas(Message message) const {
  // Lotus adds 25% to the gas the message used in a trial run (GasLimitOverestimation).
  if (message.gas_limit == 0) message.gas_limit = gas_for(message) * 5 / 4;
  if (message.gas_premium == TokenAmount()) message.gas_premium = BigInt::from_uint(100);
  if (message.gas_fee_cap == TokenAmount())
    message.gas_fee_cap = params_.base_fee * BigInt::from_uint(2) + message.gas_premium;
  return message;
}

SignedMessage Devnet::push_message(Message message) {
  if (message.nonce != 0)
    throw InvalidInput("MpoolPushMessage expects message nonce to be 0, was " +
                       std::to_string(message.nonce));
  try {
    message.from = account_key(message.from, {});
  } catch (const NotFound& e) {
    throw InvalidInput(std::string("MpoolPushMessage: ") + e.what());
  }
  if (!wallet_->has(message.from))
    throw InvalidInput("the devnet wallet has no key for " +
                       message.from.to_string(Network::kTestnet));
  message = estimate_gas(std::move(message));
  std::lock_guard lock(mu_);
  const State& state = *states_.rbegin()->second;
  const std::uint64_t sender = *state.resolve(message.from);
  message.nonce = mpool_->next_nonce(state, sender);
  if (const auto shortfall = funds_shortfall(*state.actor(sender), message))
    throw InvalidInput(*shortfall);
  SignedMessage signed_message{message, wallet_->sign(message.from, message.cid().to_bytes())};
  mpool_->add(sender, signed_message);
  return signed_message;
}

cid::Cid Devnet::push_signed(const SignedMessage& message) {
  if (!verify_message_signature(message.message, message.signature))
    throw InvalidInput("message signature does not verify for " +
                       message.message.from.to_string(Network::kTestnet));
  std::lock_guard lock(mu_);
  const State& state = *states_.rbegin()->second;
  const auto sender = state.resolve(message.message.from);
  if (!sender)
    throw InvalidInput("sender " + message.message.from.to_string(Network::kTestnet) +
                       " not found");
  if (message.message.nonce < state.actor(*sender)->nonce)
    throw InvalidInput("nonce " + std::to_string(message.message.nonce) + " is too low");
  mpool_->add(*sender, message);
  return message.cid();
}

void Devnet::subscribe(api::ChannelWriter<std::vector<HeadChange>> channel) {
  std::lock_guard lock(mu_);
  channel.send({{"current", tipset_of(blocks_.back())}});
  subscribers_.push_back(std::move(channel));
}

}  // namespace tessera::chain::devnet
