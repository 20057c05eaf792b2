// lotusmeta writes and reads a lotus-miner metadata datastore with goleveldb, the engine lotus
// uses (go-ds-leveldb: the datastore key is the raw LevelDB key; NoCompression, StrictAll,
// synced writes). It exists to check tessera's LevelDB code against goleveldb both ways.
//
//	lotusmeta write DIR   writes the records below (the committed fixture was made this way)
//	lotusmeta dump DIR    prints every record as "key<TAB>hex(value)", in key order
//
// Build offline with Debian's golang-go and golang-github-syndtr-goleveldb-dev:
//
//	GO111MODULE=off GOPATH=$PWD:/usr/share/gocode GOPROXY=off go build -o lotusmeta lotusmeta
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/opt"
)

// A minimal CBOR writer, enough for cbor-gen's map encoding of lotus records.
type cborBuf struct{ bytes.Buffer }

func (b *cborBuf) head(major byte, n uint64) {
	switch {
	case n < 24:
		b.WriteByte(major<<5 | byte(n))
	case n < 1<<8:
		b.WriteByte(major<<5 | 24)
		b.WriteByte(byte(n))
	case n < 1<<16:
		b.WriteByte(major<<5 | 25)
		binary.Write(b, binary.BigEndian, uint16(n))
	case n < 1<<32:
		b.WriteByte(major<<5 | 26)
		binary.Write(b, binary.BigEndian, uint32(n))
	default:
		b.WriteByte(major<<5 | 27)
		binary.Write(b, binary.BigEndian, n)
	}
}
func (b *cborBuf) uint(n uint64)   { b.head(0, n) }
func (b *cborBuf) text(s string)   { b.head(3, uint64(len(s))); b.WriteString(s) }
func (b *cborBuf) bytes(p []byte)  { b.head(2, uint64(len(p))); b.Write(p) }
func (b *cborBuf) null()           { b.WriteByte(0xf6) }
func (b *cborBuf) boolean(v bool) {
	if v {
		b.WriteByte(0xf5)
	} else {
		b.WriteByte(0xf4)
	}
}
func (b *cborBuf) int(n int64) {
	if n >= 0 {
		b.head(0, uint64(n))
	} else {
		b.head(1, uint64(-n-1))
	}
}

// cid writes a CIDv1 as DAG-CBOR tag 42 with the 0x00 multibase prefix.
func (b *cborBuf) cid(codec uint64, mh uint64, fill byte) {
	var c []byte
	c = binary.AppendUvarint(c, 1)
	c = binary.AppendUvarint(c, codec)
	c = binary.AppendUvarint(c, mh)
	c = binary.AppendUvarint(c, 32)
	c = append(c, bytes.Repeat([]byte{fill}, 32)...)
	b.WriteByte(0xd8)
	b.WriteByte(42)
	b.bytes(append([]byte{0}, c...))
}

const (
	codecUnsealed = 0xf101
	codecSealed   = 0xf102
	codecDagCbor  = 0x71
	mhSha256Trunc = 0x1012
	mhPoseidon    = 0xb401
	mhBlake2b256  = 0xb220
)

// sectorV123 is a Proving CC sector as lotus v1.23.x writes it: 38 keys in canonical order.
func sectorV123() []byte {
	var b cborBuf
	b.head(5, 38)
	b.text("Log")
	b.head(4, 1)
	b.head(5, 4)
	b.text("Kind")
	b.text("event;sealing.SectorStartCC")
	b.text("Trace")
	b.text("")
	b.text("Message")
	b.text(`{"ID":7,"SectorType":5}`)
	b.text("Timestamp")
	b.uint(1690000000)
	b.text("CommD")
	b.cid(codecUnsealed, mhSha256Trunc, 0x11)
	b.text("CommR")
	b.cid(codecSealed, mhPoseidon, 0x22)
	b.text("Proof")
	b.bytes(bytes.Repeat([]byte{0x02}, 192))
	b.text("State")
	b.text("Proving")
	b.text("Pieces")
	b.head(4, 1)
	b.head(5, 2)
	b.text("Piece")
	b.head(4, 2)
	b.uint(2048)
	b.cid(codecUnsealed, mhSha256Trunc, 0x11)
	b.text("DealInfo")
	b.null()
	b.text("Return")
	b.text("")
	b.text("LastErr")
	b.text("")
	b.text("CCPieces")
	b.head(4, 0)
	b.text("CCUpdate")
	b.boolean(false)
	b.text("SeedEpoch")
	b.int(250)
	b.text("SeedValue")
	b.bytes(bytes.Repeat([]byte{0x03}, 32))
	b.text("SectorType")
	b.int(5)
	b.text("TicketEpoch")
	b.int(100)
	b.text("TicketValue")
	b.bytes(bytes.Repeat([]byte{0x01}, 32))
	b.text("CreationTime")
	b.int(1690000000)
	b.text("SectorNumber")
	b.uint(7)
	b.text("TerminatedAt")
	b.int(0)
	b.text("UpdateSealed")
	b.null()
	b.text("CommitMessage")
	b.cid(codecDagCbor, mhBlake2b256, 0x44)
	b.text("InvalidProofs")
	b.uint(0)
	b.text("PreCommit1Out")
	b.bytes([]byte("{}"))
	b.text("FaultReportMsg")
	b.null()
	b.text("UpdateUnsealed")
	b.null()
	b.text("PreCommit2Fails")
	b.uint(0)
	b.text("PreCommitTipSet")
	b.bytes([]byte{})
	b.text("RemoteDataCache")
	b.null()
	b.text("PreCommitDeposit")
	b.bytes([]byte{0x00, 0x03, 0xe8}) // big.Int 1000: sign byte then big-endian magnitude
	b.text("PreCommitMessage")
	b.cid(codecDagCbor, mhBlake2b256, 0x33)
	b.text("RemoteDataSealed")
	b.null()
	b.text("TerminateMessage")
	b.null()
	b.text("RemoteDataUnsealed")
	b.null()
	b.text("ReplicaUpdateProof")
	b.bytes(nil)
	b.text("RemoteDataFinalized")
	b.boolean(false)
	b.text("ReplicaUpdateMessage")
	b.null()
	b.text("RemoteCommit1Endpoint")
	b.text("")
	b.text("RemoteCommit2Endpoint")
	b.text("")
	b.text("RemoteSealingDoneEndpoint")
	b.text("")
	return b.Bytes()
}

// sectorV113 is a PreCommit2 sector as lotus v1.13.x writes it: 26 keys in declaration order,
// including PreCommitInfo, which newer versions no longer have.
func sectorV113() []byte {
	var b cborBuf
	b.head(5, 26)
	b.text("State")
	b.text("PreCommit2")
	b.text("SectorNumber")
	b.uint(8)
	b.text("SectorType")
	b.int(5)
	b.text("CreationTime")
	b.int(1640000000)
	b.text("Pieces")
	b.head(4, 1)
	b.head(5, 2)
	b.text("Piece")
	b.head(4, 2)
	b.uint(2048)
	b.cid(codecUnsealed, mhSha256Trunc, 0x55)
	b.text("DealInfo")
	b.null()
	b.text("TicketValue")
	b.bytes(bytes.Repeat([]byte{0x06}, 32))
	b.text("TicketEpoch")
	b.int(-1)
	b.text("PreCommit1Out")
	b.bytes([]byte(`{"registered_proof":"StackedDrg2KiBV1_1"}`))
	b.text("CommD")
	b.null()
	b.text("CommR")
	b.null()
	b.text("Proof")
	b.bytes(nil)
	b.text("PreCommitInfo")
	b.head(4, 10) // miner.SectorPreCommitInfo tuple
	b.int(5)
	b.uint(8)
	b.cid(codecSealed, mhPoseidon, 0x66)
	b.int(90)
	b.head(4, 0)
	b.int(600000)
	b.boolean(false)
	b.uint(0)
	b.uint(0)
	b.uint(0)
	b.text("PreCommitDeposit")
	b.bytes(nil)
	b.text("PreCommitMessage")
	b.null()
	b.text("PreCommitTipSet")
	b.bytes(nil)
	b.text("PreCommit2Fails")
	b.uint(1)
	b.text("SeedValue")
	b.bytes(nil)
	b.text("SeedEpoch")
	b.int(0)
	b.text("CommitMessage")
	b.null()
	b.text("InvalidProofs")
	b.uint(0)
	b.text("FaultReportMsg")
	b.null()
	b.text("Return")
	b.text("")
	b.text("TerminateMessage")
	b.null()
	b.text("TerminatedAt")
	b.int(0)
	b.text("LastErr")
	b.text("seal pre commit(2) failed: example")
	b.text("Log")
	b.head(4, 0)
	return b.Bytes()
}

func records() map[string][]byte {
	// /storage/sectorsids/allocated: bits 0..8 set. RLE+: version 00, first run value 1, one
	// short run (prefix bits 0,1 then 4-bit length 9), bits packed LSB first: 0x34 0x01.
	var allocated cborBuf
	allocated.bytes([]byte{0x34, 0x01})
	return map[string][]byte{
		"/miner-address":                {0x00, 0xe8, 0x07}, // f01000
		"/storage/nextid":               binary.AppendUvarint(nil, 8),
		"/storage/sectorsids/allocated": allocated.Bytes(),
		"/sectors/7":                    sectorV123(),
		"/sectors/8":                    sectorV113(),
	}
}

func main() {
	if len(os.Args) != 3 || (os.Args[1] != "write" && os.Args[1] != "dump") {
		fmt.Fprintln(os.Stderr, "usage: lotusmeta write|dump DIR")
		os.Exit(2)
	}
	o := &opt.Options{Compression: opt.NoCompression, Strict: opt.StrictAll}
	if os.Args[1] == "dump" {
		o.ErrorIfMissing = true
	}
	db, err := leveldb.OpenFile(os.Args[2], o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(1)
	}
	defer db.Close()
	if os.Args[1] == "write" {
		for k, v := range records() {
			if err := db.Put([]byte(k), v, &opt.WriteOptions{Sync: true}); err != nil {
				fmt.Fprintln(os.Stderr, "put:", err)
				os.Exit(1)
			}
		}
		return
	}
	it := db.NewIterator(nil, nil)
	for it.Next() {
		fmt.Printf("%s\t%s\n", it.Key(), hex.EncodeToString(it.Value()))
	}
	it.Release()
	if err := it.Error(); err != nil {
		fmt.Fprintln(os.Stderr, "iterate:", err)
		os.Exit(1)
	}
}
