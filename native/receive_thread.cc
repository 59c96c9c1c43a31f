#include "receive_thread.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <system_error>

namespace linux_netlink {

namespace {

size_t Align8(size_t n) { return (n + 7) & ~static_cast<size_t>(7); }

}  // namespace

ReceiveThread::~ReceiveThread() {
  Stop();
  if (eventFd_ >= 0) close(eventFd_);
}

int ReceiveThread::Start() {
  if (running()) return 0;
  if (eventFd_ < 0) {
    eventFd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (eventFd_ < 0) return errno;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = false;
  }
  try {
    thread_ = std::thread(&ReceiveThread::Run, this);
  } catch (const std::system_error& e) {
    return e.code().value() != 0 ? e.code().value() : EAGAIN;
  } catch (...) {
    return ENOMEM;
  }
  return 0;
}

void ReceiveThread::Stop() {
  if (!running()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  room_.notify_all();
  uint64_t one = 1;
  ssize_t ignored = write(eventFd_, &one, sizeof one);  // wakes poll(); the counter cannot overflow here
  (void)ignored;
  thread_.join();
}

void ReceiveThread::SetReading(bool reading) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (reading_ == reading) return;
    reading_ = reading;
  }
  room_.notify_all();
  // A reader already waiting in poll() must look again: a pause must stop it before its next read.
  if (eventFd_ >= 0) {
    uint64_t one = 1;
    ssize_t ignored = write(eventFd_, &one, sizeof one);
    (void)ignored;
  }
}

bool ReceiveThread::Pop(ReceivedItem* out) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.empty()) return false;
    *out = std::move(queue_.front());
    queue_.pop_front();
    queuedBytes_ -= out->blockBytes;
  }
  room_.notify_all();
  return true;
}

bool ReceiveThread::HasQueued() {
  std::lock_guard<std::mutex> lock(mutex_);
  return !queue_.empty();
}

void ReceiveThread::Clear() {
  std::deque<ReceivedItem> dropped;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    dropped.swap(queue_);
    queuedBytes_ = 0;
  }
  room_.notify_all();
}

void ReceiveThread::Push(ReceivedItem&& item) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queuedBytes_ += item.blockBytes;
    queue_.push_back(std::move(item));
  }
  uv_async_send(wake_);
}

void ReceiveThread::Run() noexcept {
  // Signals are for the loop thread; here they would only interrupt poll().
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  try {
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        room_.wait(lock, [this] { return stop_ || (reading_ && HasRoom()); });
        if (stop_) return;
      }
      pollfd fds[2] = {{fd_, POLLIN, 0}, {eventFd_, POLLIN, 0}};
      if (poll(fds, 2, -1) < 0) continue;  // EINTR
      if (fds[1].revents != 0) {
        // Woken by Stop() or SetReading(): look at the state again before reading anything.
        uint64_t count;
        ssize_t ignored = read(eventFd_, &count, sizeof count);
        (void)ignored;
        continue;
      }
      if (fds[0].revents == 0) continue;
      // POLLIN or POLLERR: a netlink socket's pending error (ENOBUFS) is reported, and cleared, by reading.
      while (ReceiveBatch()) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stop_ || !reading_ || !HasRoom()) break;
      }
    }
  } catch (...) {
    // Only memory exhaustion can get here; the loop thread learns of it through the error queued below, if any.
    ReceivedItem failure;
    failure.kind = ReceivedItem::Kind::kError;
    failure.error = ENOMEM;
    try {
      Push(std::move(failure));
    } catch (...) {
    }
  }
}

bool ReceiveThread::ReceiveBatch() {
  if (!arena_.Prepare()) {
    ReceivedItem failure;
    failure.kind = ReceivedItem::Kind::kError;
    failure.error = ENOMEM;
    Push(std::move(failure));
    // Give the system a moment rather than spinning on a readable socket we cannot read.
    std::unique_lock<std::mutex> lock(mutex_);
    room_.wait_for(lock, std::chrono::milliseconds(10), [this] { return stop_; });
    return false;
  }
  unsigned slots = std::min<unsigned>(arena_.slotCount(), slotsPerRead_);
  int n = recvmmsg(fd_, arena_.headers(), slots, MSG_DONTWAIT | MSG_TRUNC, nullptr);
  if (n < 0) {
    int error = errno;
    if (error == EINTR) return true;
    if (error == EAGAIN || error == EWOULDBLOCK) return false;
    ReceivedItem event;
    if (error == ENOBUFS) {
      // The kernel dropped datagrams for us; what is still queued is intact and we carry on reading.
      event.kind = ReceivedItem::Kind::kOverrun;
      Push(std::move(event));
      return true;
    }
    event.kind = ReceivedItem::Kind::kError;
    event.error = error;
    Push(std::move(event));
    return false;
  }
  if (n == 0) return false;

  size_t total = 0;
  for (int i = 0; i < n; i++) total += arena_.CopiedLength(i);
  size_t metaBytes = Align8(static_cast<size_t>(n) * kMetaStride * sizeof(int32_t));
  size_t blockBytes = metaBytes + std::max<size_t>(total, 1);
  ReceivedItem batch;
  batch.block.reset(static_cast<uint8_t*>(std::malloc(blockBytes)));
  if (!batch.block) {
    // The datagrams just read are lost: say so as an error rather than silently.
    batch.kind = ReceivedItem::Kind::kError;
    batch.error = ENOMEM;
    Push(std::move(batch));
    return false;
  }
  batch.kind = ReceivedItem::Kind::kBatch;
  batch.dataOffset = metaBytes;
  batch.dataBytes = total;
  batch.blockBytes = blockBytes;
  batch.count = n;
  arena_.CopyOut(n, reinterpret_cast<int32_t*>(batch.block.get()), batch.block.get() + metaBytes);
  Push(std::move(batch));
  size_t average = std::max<size_t>(total / static_cast<size_t>(n), 1);
  slotsPerRead_ = static_cast<unsigned>(
      std::clamp<size_t>(kBytesPerRead / average, kMinSlotsPerRead, kMaxSlotsPerRead));
  // recvmmsg stops early only when the socket's queue ran dry.
  return static_cast<unsigned>(n) == slots;
}

}  // namespace linux_netlink
