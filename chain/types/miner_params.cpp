#include "chain/types/miner_params.hpp"

#include "common/cbor/cbor.hpp"
#include "common/error.hpp"

namespace tessera::chain {
namespace {

using cbor::Value;
using cbor::Writer;

// The elements of a CBOR array of exactly n elements (a cbor-gen tuple).
const cbor::Array& tuple(const Value& v, std::size_t n, const char* what) {
  const auto& a = v.as_array();
  if (a.size() != n) {
    throw InvalidInput(std::string(what) + ": expected " + std::to_string(n) + " fields, got " +
                       std::to_string(a.size()));
  }
  return a;
}

template <typename T, typename Read>
std::vector<T> read_list(const Value& v, Read read) {
  std::vector<T> out;
  for (const auto& item : v.as_array()) out.push_back(read(item));
  return out;
}

template <typename T, typename WriteItem>
void write_list(Writer& w, const std::vector<T>& items, WriteItem write_item) {
  w.write_array_header(items.size());
  for (const auto& item : items) write_item(item);
}

void write_bytes_list(Writer& w, const std::vector<Bytes>& items) {
  write_list(w, items, [&](const Bytes& b) { w.write_bytes(b); });
}

std::vector<Bytes> read_bytes_list(const Value& v) {
  return read_list<Bytes>(v, [](const Value& item) { return item.as_bytes(); });
}

Address read_address(const Value& v) {
  return Address::from_bytes(v.as_bytes());
}
BitField read_bitfield(const Value& v) {
  return BitField::from_rle(v.as_bytes());
}

template <typename Body>
Bytes write_with(Body body) {
  Writer w;
  body(w);
  return w.take();
}

}  // namespace

Bytes encode(const CreateMinerParams& p) {
  return write_with([&](Writer& w) {
    w.write_array_header(5);
    w.write_bytes(p.owner.to_bytes());
    w.write_bytes(p.worker.to_bytes());
    w.write_int(p.window_post_proof_type);
    w.write_bytes(p.peer);
    write_bytes_list(w, p.multiaddrs);
  });
}

CreateMinerParams decode_create_miner(const Bytes& cbor) {
  const auto v = cbor::decode(cbor);
  const auto& a = tuple(v, 5, "CreateMinerParams");
  return {read_address(a[0]), read_address(a[1]), a[2].as_int(), a[3].as_bytes(),
          read_bytes_list(a[4])};
}

Bytes encode(const ChangeWorkerAddressParams& p) {
  return write_with([&](Writer& w) {
    w.write_array_header(2);
    w.write_bytes(p.new_worker.to_bytes());
    write_list(w, p.new_control_addrs, [&](const Address& a) { w.write_bytes(a.to_bytes()); });
  });
}

ChangeWorkerAddressParams decode_change_worker_address(const Bytes& cbor) {
  const auto v = cbor::decode(cbor);
  const auto& a = tuple(v, 2, "ChangeWorkerAddressParams");
  return {read_address(a[0]), read_list<Address>(a[1], read_address)};
}

Bytes encode(const ChangePeerIDParams& p) {
  return write_with([&](Writer& w) {
    w.write_array_header(1);
    w.write_bytes(p.new_id);
  });
}

ChangePeerIDParams decode_change_peer_id(const Bytes& cbor) {
  const auto v = cbor::decode(cbor);
  return {tuple(v, 1, "ChangePeerIDParams")[0].as_bytes()};
}

Bytes encode(const ChangeMultiaddrsParams& p) {
  return write_with([&](Writer& w) {
    w.write_array_header(1);
    write_bytes_list(w, p.new_multiaddrs);
  });
}

ChangeMultiaddrsParams decode_change_multiaddrs(const Bytes& cbor) {
  const auto v = cbor::decode(cbor);
  return {read_bytes_list(tuple(v, 1, "ChangeMultiaddrsParams")[0])};
}

Bytes encode(const WithdrawBalanceParams& p) {
  return write_with([&](Writer& w) {
    w.write_array_header(1);
    w.write_bytes(p.amount_requested.to_bytes());
  });
}

WithdrawBalanceParams decode_withdraw_balance(const Bytes& cbor) {
  const auto v = cbor::decode(cbor);
  return {BigInt::from_bytes(tuple(v, 1, "WithdrawBalanceParams")[0].as_bytes())};
}

Bytes encode(const DeclarationsParams& p) {
  return write_with([&](Writer& w) {
    w.write_array_header(1);
    write_list(w, p.declarations, [&](const SectorDeclaration& d) {
      w.write_array_header(3);
      w.write_uint(d.deadline);
      w.write_uint(d.partition);
      w.write_bytes(d.sectors.to_rle());
    });
  });
}

DeclarationsParams decode_declarations(const Bytes& cbor) {
  const auto v = cbor::decode(cbor);
  return {
      read_list<SectorDeclaration>(tuple(v, 1, "DeclareFaultsParams")[0], [](const Value& item) {
        const auto& d = tuple(item, 3, "FaultDeclaration");
        return SectorDeclaration{d[0].as_uint(), d[1].as_uint(), read_bitfield(d[2])};
      })};
}

Bytes encode(const SubmitWindowedPoStParams& p) {
  return write_with([&](Writer& w) {
    w.write_array_header(5);
    w.write_uint(p.deadline);
    write_list(w, p.partitions, [&](const PoStPartition& part) {
      w.write_array_header(2);
      w.write_uint(part.index);
      w.write_bytes(part.skipped.to_rle());
    });
    write_list(w, p.proofs, [&](const PoStProof& proof) {
      w.write_array_header(2);
      w.write_int(proof.post_proof);
      w.write_bytes(proof.proof_bytes);
    });
    w.write_int(p.chain_commit_epoch);
    w.write_bytes(p.chain_commit_rand);
  });
}

SubmitWindowedPoStParams decode_submit_windowed_post(const Bytes& cbor) {
  const auto v = cbor::decode(cbor);
  const auto& a = tuple(v, 5, "SubmitWindowedPoStParams");
  SubmitWindowedPoStParams p;
  p.deadline = a[0].as_uint();
  p.partitions = read_list<PoStPartition>(a[1], [](const Value& item) {
    const auto& t = tuple(item, 2, "PoStPartition");
    return PoStPartition{t[0].as_uint(), read_bitfield(t[1])};
  });
  p.proofs = read_list<PoStProof>(a[2], [](const Value& item) {
    const auto& t = tuple(item, 2, "PoStProof");
    return PoStProof{t[0].as_int(), t[1].as_bytes()};
  });
  p.chain_commit_epoch = a[3].as_int();
  p.chain_commit_rand = a[4].as_bytes();
  return p;
}

namespace {

// The six fields PreCommitSectorParams and SectorPreCommitInfo start with.
void write_precommit_head(Writer& w, const SectorPreCommitInfo& s) {
  w.write_int(s.seal_proof);
  w.write_uint(s.sector_number);
  w.write_cid(s.sealed_cid);
  w.write_int(s.seal_rand_epoch);
  write_list(w, s.deal_ids, [&](std::uint64_t id) { w.write_uint(id); });
  w.write_int(s.expiration);
}

SectorPreCommitInfo read_precommit_head(const cbor::Array& t) {
  SectorPreCommitInfo s;
  s.seal_proof = t[0].as_int();
  s.sector_number = t[1].as_uint();
  s.sealed_cid = t[2].as_cid();
  s.seal_rand_epoch = t[3].as_int();
  s.deal_ids = read_list<std::uint64_t>(t[4], [](const Value& id) { return id.as_uint(); });
  s.expiration = t[5].as_int();
  return s;
}

}  // namespace

Bytes encode(const PreCommitSectorParams& p) {
  return write_with([&](Writer& w) {
    w.write_array_header(10);
    write_precommit_head(w, p.info);
    w.write_bool(p.replace_capacity);
    w.write_uint(p.replace_sector_deadline);
    w.write_uint(p.replace_sector_partition);
    w.write_uint(p.replace_sector_number);
  });
}

PreCommitSectorParams decode_precommit_sector(const Bytes& cbor) {
  const auto v = cbor::decode(cbor);
  const auto& t = tuple(v, 10, "PreCommitSectorParams");
  PreCommitSectorParams p;
  p.info = read_precommit_head(t);
  p.replace_capacity = t[6].as_bool();
  p.replace_sector_deadline = t[7].as_uint();
  p.replace_sector_partition = t[8].as_uint();
  p.replace_sector_number = t[9].as_uint();
  return p;
}

Bytes encode(const PreCommitSectorBatchParams2& p) {
  return write_with([&](Writer& w) {
    w.write_array_header(1);
    write_list(w, p.sectors, [&](const SectorPreCommitInfo& s) {
      w.write_array_header(7);
      write_precommit_head(w, s);
      if (s.unsealed_cid) {
        w.write_cid(*s.unsealed_cid);
      } else {
        w.write_null();
      }
    });
  });
}

PreCommitSectorBatchParams2 decode_precommit_sector_batch2(const Bytes& cbor) {
  const auto v = cbor::decode(cbor);
  return {read_list<SectorPreCommitInfo>(
      tuple(v, 1, "PreCommitSectorBatchParams2")[0], [](const Value& item) {
        const auto& t = tuple(item, 7, "SectorPreCommitInfo");
        SectorPreCommitInfo s = read_precommit_head(t);
        if (!t[6].is_null()) s.unsealed_cid = t[6].as_cid();
        return s;
      })};
}

Bytes encode(const ProveCommitSectorParams& p) {
  return write_with([&](Writer& w) {
    w.write_array_header(2);
    w.write_uint(p.sector_number);
    w.write_bytes(p.proof);
  });
}

ProveCommitSectorParams decode_prove_commit_sector(const Bytes& cbor) {
  const auto v = cbor::decode(cbor);
  const auto& a = tuple(v, 2, "ProveCommitSectorParams");
  return {a[0].as_uint(), a[1].as_bytes()};
}

Bytes encode(const ProveCommitSectors3Params& p) {
  return write_with([&](Writer& w) {
    w.write_array_header(6);
    write_list(w, p.sector_activations, [&](const SectorActivationManifest& s) {
      w.write_array_header(2);
      w.write_uint(s.sector_number);
      write_list(w, s.pieces, [&](const PieceActivationManifest& piece) {
        w.write_array_header(4);
        w.write_cid(piece.cid);
        w.write_uint(piece.size);
        if (piece.verified_allocation_key) {
          w.write_array_header(2);
          w.write_uint(piece.verified_allocation_key->client);
          w.write_uint(piece.verified_allocation_key->id);
        } else {
          w.write_null();
        }
        write_list(w, piece.notify, [&](const DataActivationNotification& n) {
          w.write_array_header(2);
          w.write_bytes(n.address.to_bytes());
          w.write_bytes(n.payload);
        });
      });
    });
    write_bytes_list(w, p.sector_proofs);
    w.write_bytes(p.aggregate_proof);
    if (p.aggregate_proof_type) {
      w.write_int(*p.aggregate_proof_type);
    } else {
      w.write_null();
    }
    w.write_bool(p.require_activation_success);
    w.write_bool(p.require_notification_success);
  });
}

ProveCommitSectors3Params decode_prove_commit_sectors3(const Bytes& cbor) {
  const auto v = cbor::decode(cbor);
  const auto& a = tuple(v, 6, "ProveCommitSectors3Params");
  ProveCommitSectors3Params p;
  p.sector_activations = read_list<SectorActivationManifest>(a[0], [](const Value& item) {
    const auto& s = tuple(item, 2, "SectorActivationManifest");
    return SectorActivationManifest{
        s[0].as_uint(), read_list<PieceActivationManifest>(s[1], [](const Value& piece_value) {
          const auto& t = tuple(piece_value, 4, "PieceActivationManifest");
          PieceActivationManifest piece;
          piece.cid = t[0].as_cid();
          piece.size = t[1].as_uint();
          if (!t[2].is_null()) {
            const auto& key = tuple(t[2], 2, "VerifiedAllocationKey");
            piece.verified_allocation_key =
                VerifiedAllocationKey{key[0].as_uint(), key[1].as_uint()};
          }
          piece.notify = read_list<DataActivationNotification>(t[3], [](const Value& n) {
            const auto& f = tuple(n, 2, "DataActivationNotification");
            return DataActivationNotification{read_address(f[0]), f[1].as_bytes()};
          });
          return piece;
        })};
  });
  p.sector_proofs = read_bytes_list(a[1]);
  p.aggregate_proof = a[2].as_bytes();
  if (!a[3].is_null()) p.aggregate_proof_type = a[3].as_int();
  p.require_activation_success = a[4].as_bool();
  p.require_notification_success = a[5].as_bool();
  return p;
}

std::int64_t window_post_proof_for_sector_size(std::uint64_t sector_size) {
  switch (sector_size) {
    case 2048:
      return 10;
    case 8u << 20:
      return 11;
    case 512u << 20:
      return 12;
    case 32ull << 30:
      return 13;
    case 64ull << 30:
      return 14;
  }
  throw InvalidInput("no WindowPoSt proof for sector size " + std::to_string(sector_size));
}

std::int64_t winning_post_proof_for_sector_size(std::uint64_t sector_size) {
  return window_post_proof_for_sector_size(sector_size) - 10;
}

}  // namespace tessera::chain
