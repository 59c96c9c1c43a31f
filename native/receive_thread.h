// Receiving on a dedicated native thread: while JavaScript decodes one batch, this thread is already inside
// recvmmsg, where the kernel builds the next datagrams of a dump. It never touches JavaScript or the
// environment's shared arena: it reads into its own arena, copies each batch into a block of its own, and hands
// the blocks to the loop thread through a bounded queue and a uv_async_t.
#pragma once

#include <uv.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "receive_arena.h"

namespace linux_netlink {

struct FreeDeleter {
  void operator()(uint8_t* p) const { std::free(p); }
};

// One thing the thread saw: a batch of datagrams, an overrun (ENOBUFS) or a receive error.
struct ReceivedItem {
  enum class Kind { kBatch, kOverrun, kError };
  Kind kind = Kind::kBatch;
  int error = 0;
  // kBatch: count meta rows (kMetaStride int32 each) at block[0], then dataBytes of datagrams at dataOffset.
  std::unique_ptr<uint8_t, FreeDeleter> block;
  size_t dataOffset = 0;
  size_t dataBytes = 0;
  size_t blockBytes = 0;
  int count = 0;
};

class ReceiveThread {
 public:
  // Datagrams per recvmmsg, chosen from the size of the datagrams read last. A dump datagram is up to 64 KiB and
  // the kernel builds each one inside the call, so a big batch would keep JavaScript waiting for all of it: dumps
  // are read kMinSlotsPerRead at a time, which keeps both sides busy. Multicast datagrams (uevents, notifications)
  // are small and already queued: reading up to kMaxSlotsPerRead at once spreads each hand-over over more of them.
  static constexpr unsigned kMinSlotsPerRead = 16;
  static constexpr unsigned kMaxSlotsPerRead = 64;
  static constexpr size_t kBytesPerRead = 64u << 10;
  // What may wait for the loop thread before the reader stops reading: enough to overlap receiving with decoding
  // and to ride out a garbage-collection pause of JavaScript, few enough that memory stays bounded. Four dump
  // batches already reach the byte bound; small multicast datagrams queue up to kMaxQueued batches.
  static constexpr size_t kMaxQueued = 64;
  static constexpr size_t kMaxQueuedBytes = 2u << 20;

  // wake: signalled (uv_async_send) whenever an item is queued; must outlive the thread (Stop() joins).
  ReceiveThread(int fd, uv_async_t* wake) : fd_(fd), wake_(wake) {}
  ~ReceiveThread();
  ReceiveThread(const ReceiveThread&) = delete;
  ReceiveThread& operator=(const ReceiveThread&) = delete;

  // Starts the thread (no-op if running). Returns 0 or an errno.
  int Start();
  // Wakes the thread and joins it; it is waiting in poll() or on the condition variable, or is in a
  // non-blocking recvmmsg, so this returns promptly. Queued items stay queued.
  void Stop();
  bool running() const { return thread_.joinable(); }

  // Whether the thread may read (false while JavaScript is paused or has no handler).
  void SetReading(bool reading);

  // Loop thread: takes the oldest queued item, if any, and lets the reader go on if it was waiting for room.
  bool Pop(ReceivedItem* out);
  bool HasQueued();
  void Clear();

 private:
  void Run() noexcept;
  // Waits until reading is allowed and the queue has room, then until the socket is readable. False: stop.
  bool WaitForWork();
  void Push(ReceivedItem&& item);
  bool ReceiveBatch();  // false: nothing more to read now
  bool HasRoom() const { return queue_.size() < kMaxQueued && queuedBytes_ < kMaxQueuedBytes; }  // under mutex_

  const int fd_;
  uv_async_t* const wake_;
  int eventFd_ = -1;
  std::thread thread_;
  ReceiveArena arena_;  // only the reader thread touches it
  unsigned slotsPerRead_ = kMinSlotsPerRead;  // likewise

  std::mutex mutex_;
  std::condition_variable room_;
  std::deque<ReceivedItem> queue_;
  size_t queuedBytes_ = 0;  // blockBytes of the queued batches
  bool stop_ = false;
  bool reading_ = false;
};

}  // namespace linux_netlink
