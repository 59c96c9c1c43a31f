// The reusable memory that recvmmsg writes into: one slot per datagram (payload, sender address, control
// messages), shared by every socket of one JavaScript environment because the environment's loop receives
// on one socket at a time. Datagrams are copied out of it into a fresh JavaScript Buffer before JavaScript
// runs, so nothing in here is ever visible to (or kept by) JavaScript.
#pragma once

#include <linux/netlink.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace linux_netlink {

// Layout of one datagram's row in the meta table handed to JavaScript (lib/socket: META_STRIDE, Meta).
enum MetaField : int {
  kMetaOffset = 0,
  kMetaLength = 1,
  kMetaPortId = 2,
  kMetaGroups = 3,
  kMetaGroup = 4,
  kMetaNsid = 5,
  kMetaPid = 6,
  kMetaUid = 7,
  kMetaGid = 8,
  kMetaFlags = 9,
  kMetaStride = 10,
};

enum DatagramFlag : int32_t {
  kFlagTruncated = 1,
  kFlagHasCreds = 2,
  kFlagHasGroup = 4,
  kFlagHasNsid = 8,
};

class ReceiveArena {
 public:
  // The arena never holds more than this many payload bytes, whatever the slot size; a bigger slot means
  // fewer slots. 64 slots of 64 KiB to start.
  static constexpr size_t kArenaBytes = 4u << 20;
  static constexpr size_t kInitialSlotSize = 64u << 10;
  static constexpr size_t kMaxSlotSize = 64u << 20;
  static constexpr size_t kMaxSlots = 64;
  static constexpr size_t kControlSize = 256;  // SCM_CREDENTIALS + NETLINK_PKTINFO + NETLINK_LISTEN_ALL_NSID fit

  // Resets every slot's header for the next recvmmsg (the kernel overwrites lengths and flags).
  // Returns false when memory for the arena cannot be had.
  /** Readies the first `count` slots (0: all) for recvmmsg. */
  bool Prepare(size_t count = 0);

  mmsghdr* headers() { return headers_.data(); }
  unsigned slotCount() const { return static_cast<unsigned>(slotCount_); }
  size_t slotSize() const { return slotSize_; }

  // Bytes of datagram i that are actually in the slot (msg_len may be the real, larger, length under MSG_TRUNC).
  size_t CopiedLength(unsigned i) const;
  const uint8_t* Payload(unsigned i) const { return payload_.get() + i * slotSize_; }

  // Fills one meta row (everything but Offset) from slot i's address, flags and control messages.
  void DescribeDatagram(unsigned i, int32_t* row) const;

  // After a truncated datagram of realLength bytes: the next receive uses slots big enough for it.
  void GrowFor(size_t realLength);

  // Copies the first `count` received datagrams back to back into `data` and describes each in its row of
  // `meta` (kMetaStride ints per datagram, Offset counted from `data`). A truncated datagram is lost beyond its
  // first slotSize bytes (and flagged); the arena then grows so that the next one fits.
  void CopyOut(int count, int32_t* meta, uint8_t* data);

 private:
  size_t slotSize_ = kInitialSlotSize;
  size_t slotCount_ = 0;  // 0 until the first Prepare() allocates
  std::unique_ptr<uint8_t[]> payload_;
  std::vector<mmsghdr> headers_;
  std::vector<iovec> iovecs_;
  std::vector<sockaddr_nl> names_;
  std::vector<uint8_t> control_;
};

}  // namespace linux_netlink
