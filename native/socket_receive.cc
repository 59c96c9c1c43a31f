// NativeSocket, receiving: from the loop (poll handle), from JavaScript (receiveNow), or handed over by the
// receive thread; every read on the loop thread goes through ReadIntoArena.
#include <errno.h>
#include <sys/socket.h>

#include <cstdlib>
#include <cstring>

#include "arguments.h"
#include "loop_handles.h"
#include "netlink_socket.h"
#include "receive_arena.h"

namespace linux_netlink {

void NativeSocket::OnPoll(int status, int events) {
  Napi::Env env(env_);
  Napi::HandleScope scope(env);
  try {
    Napi::Object self = Value();
    if (self.IsEmpty()) {
      // Collected by the garbage collector; the finalizer that closes us has not run yet.
      reading_ = false;
      writeBlocked_ = false;
      UpdateInterest();
      return;
    }
    if (status == UV_EBADF && IsOpen()) {
      // libuv stops a poll handle on POLLERR. On a netlink socket that is the socket's pending error, most often
      // ENOBUFS after the kernel dropped datagrams: reading reports and clears it. So restart the handle and read
      // (Drain turns ENOBUFS into an overrun); without a reader, take the error with SO_ERROR instead, so a
      // pending error cannot make the handle fire in a loop.
      if (reading_) {
        UpdateInterest();
        Drain(env, self, true, kBatchesPerWakeup);
        return;
      }
      int pendingError = 0;
      socklen_t length = sizeof(pendingError);
      getsockopt(fd_, SOL_SOCKET, SO_ERROR, &pendingError, &length);
      UpdateInterest();
      if (pendingError == ENOBUFS) {
        Deliver(env, self, true, Addon()->deliverOverrun, {});
      } else if (pendingError != 0) {
        Deliver(env, self, true, Addon()->deliverError,
                {Napi::Number::New(env, pendingError), Napi::String::New(env, "recvmmsg"),
                 Napi::String::New(env, "netlink socket")});
      }
      return;
    }
    if (status < 0) {
      reading_ = false;
      writeBlocked_ = false;
      UpdateInterest();
      Deliver(env, self, true, Addon()->deliverError,
              {Napi::Number::New(env, -status), Napi::String::New(env, "uv_poll"),
               Napi::String::New(env, "netlink socket")});
      return;
    }
    if ((events & UV_WRITABLE) && writeBlocked_) {
      writeBlocked_ = false;
      if (Flush(env, self) != FlushResult::kDone && IsOpen()) {
        // Writable yet blocked: the destination's queue is full, not ours; poll would fire at once again.
        retryArmed_ = true;
        retryDelayMs_ = 1;
        uv_timer_start(&handles_->timer, LoopHandles::OnTimer, retryDelayMs_, 0);
      }
      UpdateInterest();
    }
    if ((events & UV_READABLE) && reading_ && IsOpen()) Drain(env, self, true, kBatchesPerWakeup);
  } catch (...) {
    // Nothing may leave a libuv callback; memory exhaustion here ends this wake-up only.
  }
}

int NativeSocket::Drain(Napi::Env env, Napi::Object self, bool fromLoop, int maxBatches, unsigned limit) {
  int delivered = 0;
  if (receiveThread_ && receiveThread_->HasQueued()) {
    // Whatever the thread read came first; the socket is read only once it has all been delivered.
    delivered = DeliverQueued(env, self, fromLoop, maxBatches);
    // A handler may have closed the socket, and the thread with it.
    if (!receiveThread_ || receiveThread_->HasQueued()) return delivered;
  }
  if (threaded_) return delivered;  // the thread reads; never compete with it for the socket
  // !threaded_: a handler may hand the socket to the receive thread; from then on only the thread reads it.
  for (int batch = 0; batch < maxBatches; batch++) {
    unsigned wanted = limit > 0 ? limit - static_cast<unsigned>(delivered) : 0;  // 0: every slot
    unsigned slots = 0;
    int n = ReadIntoArena(env, self, fromLoop, wanted, &slots);
    if (n == 0) break;
    HandOver handed = HandOverArena(env, self, fromLoop, n);
    if (handed == HandOver::kLost) return delivered;
    delivered += n;
    if (handed == HandOver::kStopped) break;
    bool queueEmptied = static_cast<unsigned>(n) < slots;
    bool limitReached = limit > 0 && static_cast<unsigned>(delivered) >= limit;
    // recvmmsg stops early only when the queue ran dry: another call would just say EAGAIN. (A dump is not cut
    // short by this: each read makes the kernel queue the dump's next datagram, so a dump fills every slot.)
    if (queueEmptied || limitReached) break;
  }
  return delivered;
}

int NativeSocket::ReadIntoArena(Napi::Env env, Napi::Object self, bool fromLoop, unsigned wanted, unsigned* asked) {
  NetlinkAddon* addon = Addon();
  ReceiveArena& arena = addon->arena;
  const char* syscall = wanted == 1 ? "recvmsg" : "recvmmsg";
  // Looked at again after every report: its handler may have closed or paused the socket, or handed it to the thread.
  while (IsOpen() && reading_ && !threaded_) {
    if (!arena.Prepare(wanted)) {
      Deliver(env, self, fromLoop, addon->deliverError,
              {Napi::Number::New(env, ENOMEM), Napi::String::New(env, syscall), Napi::String::New(env, "receive arena")});
      return 0;
    }
    // Counted after Prepare(), which allocates the arena on the first read and after it grew.
    unsigned slots = wanted == 0 || wanted > arena.slotCount() ? arena.slotCount() : wanted;
    int n;
    if (slots == 1) {
      mmsghdr& slot = arena.headers()[0];
      ssize_t r = recvmsg(fd_, &slot.msg_hdr, MSG_DONTWAIT | MSG_TRUNC);
      if (r >= 0) slot.msg_len = static_cast<unsigned>(r);
      n = r < 0 ? -1 : 1;
    } else {
      n = recvmmsg(fd_, arena.headers(), slots, MSG_DONTWAIT | MSG_TRUNC, nullptr);
    }
    if (n >= 0) {
      *asked = slots;
      return n;
    }
    int error = errno;
    if (error == EINTR) continue;
    if (IsWouldBlock(error)) return 0;
    if (error == ENOBUFS) {
      if (!Deliver(env, self, fromLoop, addon->deliverOverrun, {})) return 0;
      continue;
    }
    Deliver(env, self, fromLoop, addon->deliverError,
            {Napi::Number::New(env, error), Napi::String::New(env, syscall), Napi::String::New(env, "netlink socket")});
    return 0;
  }
  return 0;
}

NativeSocket::HandOver NativeSocket::HandOverArena(Napi::Env env, Napi::Object self, bool fromLoop, int n) {
  NetlinkAddon* addon = Addon();
  ReceiveArena& arena = addon->arena;
  size_t total = 0;
  for (int i = 0; i < n; i++) total += arena.CopiedLength(i);
  size_t metaBytes = static_cast<size_t>(n) * kMetaStride * sizeof(int32_t);
  BatchMemory::Block block = addon->batchMemory.Allocate(env, metaBytes, total);
  if (block.store.IsEmpty()) {
    // The datagrams just read cannot be handed over: never lose them silently.
    if (!env.IsExceptionPending()) {
      Deliver(env, self, fromLoop, addon->deliverError,
              {Napi::Number::New(env, ENOMEM), Napi::String::New(env, "recvmmsg"),
               Napi::String::New(env, std::to_string(n) + " datagrams dropped: no memory for the batch")});
    }
    return HandOver::kLost;
  }
  arena.CopyOut(n, reinterpret_cast<int32_t*>(block.base + block.metaOffset), block.base + block.dataOffset);
  bool ok = Deliver(env, self, fromLoop, addon->deliverBatch,
                    {block.store, Napi::Number::New(env, static_cast<double>(block.dataOffset)),
                     Napi::Number::New(env, static_cast<double>(total)),
                     Napi::Number::New(env, static_cast<double>(block.metaOffset)), Napi::Number::New(env, n)});
  return ok ? HandOver::kDelivered : HandOver::kStopped;
}

Napi::Value NativeSocket::SetReading(const Napi::CallbackInfo& info) {
  bool reading = false;
  if (!BooleanArgument(info.Env(), info[0], "reading", &reading)) return info.Env().Undefined();
  reading_ = IsOpen() && reading;
  UpdateInterest();
  // Batches the thread queued while we were paused: delivered from the loop, as they would have been.
  if (reading_ && receiveThread_ && receiveThread_->HasQueued() && handles_->asyncInitialized) {
    uv_async_send(&handles_->async);
  }
  return info.Env().Undefined();
}

Napi::Value NativeSocket::SetReceiveThread(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireOpen(env, "setReceiveThread")) return env.Undefined();
  bool on = false;
  if (!BooleanArgument(env, info[0], "on", &on) || on == threaded_) return env.Undefined();
  if (on) {
    if (!handles_->asyncInitialized) {
      uv_loop_t* loop = nullptr;
      napi_get_uv_event_loop(env, &loop);
      int r = loop == nullptr ? UV_EINVAL : uv_async_init(loop, &handles_->async, LoopHandles::OnAsync);
      if (r != 0) {
        Addon()->ThrowSystemError(env, -r, "uv_async_init", "netlink socket");
        return env.Undefined();
      }
      handles_->async.data = handles_;
      handles_->asyncInitialized = true;
      handles_->unclosed++;
      uv_unref(reinterpret_cast<uv_handle_t*>(&handles_->async));  // UpdateInterest decides
    }
    if (!receiveThread_) receiveThread_ = std::make_unique<ReceiveThread>(fd_, &handles_->async);
    // Stop the poll path first, so that no read happens on the loop thread once the reader exists.
    threaded_ = true;
    UpdateInterest();
    int error = receiveThread_->Start();
    if (error != 0) {
      threaded_ = false;
      UpdateInterest();
      Addon()->ThrowSystemError(env, error, "pthread_create", "netlink receive thread");
      return env.Undefined();
    }
  } else {
    // Joined at once: the thread is waiting or in a non-blocking read. What it queued is delivered first by
    // the next Drain or async callback, before the poll path reads anything newer.
    receiveThread_->Stop();
    threaded_ = false;
    UpdateInterest();
    if (reading_ && receiveThread_->HasQueued()) uv_async_send(&handles_->async);
  }
  return env.Undefined();
}

void NativeSocket::OnThreadItems() {
  Napi::Env env(env_);
  Napi::HandleScope scope(env);
  try {
    Napi::Object self = Value();
    if (self.IsEmpty() || !IsOpen() || !reading_ || !receiveThread_) return;
    DeliverQueued(env, self, true, kBatchesPerWakeup);
    // Left over (the budget ran out, or the thread queued more meanwhile): come back after the loop's other work.
    if (IsOpen() && reading_ && receiveThread_->HasQueued()) uv_async_send(&handles_->async);
  } catch (...) {
    // Nothing may leave a libuv callback.
  }
}

int NativeSocket::DeliverQueued(Napi::Env env, Napi::Object self, bool fromLoop, int maxItems) {
  int delivered = 0;
  ReceivedItem item;
  for (int i = 0; i < maxItems && IsOpen() && reading_ && receiveThread_ && receiveThread_->Pop(&item); i++) {
    int count = item.kind == ReceivedItem::Kind::kBatch ? item.count : 0;
    if (!DeliverItem(env, self, fromLoop, item)) break;
    delivered += count;
  }
  return delivered;
}

bool NativeSocket::DeliverItem(Napi::Env env, Napi::Object self, bool fromLoop, ReceivedItem& item) {
  NetlinkAddon* addon = Addon();
  if (item.kind == ReceivedItem::Kind::kOverrun) return Deliver(env, self, fromLoop, addon->deliverOverrun, {});
  if (item.kind == ReceivedItem::Kind::kError) {
    return Deliver(env, self, fromLoop, addon->deliverError,
                   {Napi::Number::New(env, item.error), Napi::String::New(env, "recvmmsg"),
                    Napi::String::New(env, item.error == ENOMEM ? "receive thread" : "netlink socket")});
  }
  // The thread's block becomes the ArrayBuffer itself (no second copy on this, the busier, thread); where
  // external buffers are not allowed it is copied like a poll-path batch.
  napi_value store = nullptr;
  size_t metaOffset = 0;
  size_t dataOffset = item.dataOffset;
  void* block = item.block.get();
  if (napi_create_external_arraybuffer(
          env, block, item.blockBytes, [](napi_env, void* data, void*) { std::free(data); }, nullptr, &store) ==
      napi_ok) {
    item.block.release();
  } else {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) {
      napi_value ignored;
      napi_get_and_clear_last_exception(env, &ignored);
    }
    size_t metaBytes = static_cast<size_t>(item.count) * kMetaStride * sizeof(int32_t);
    BatchMemory::Block copy = addon->batchMemory.Allocate(env, metaBytes, item.dataBytes);
    if (copy.store.IsEmpty()) return false;
    std::memcpy(copy.base + copy.metaOffset, item.block.get(), metaBytes);
    std::memcpy(copy.base + copy.dataOffset, item.block.get() + item.dataOffset, item.dataBytes);
    store = copy.store;
    metaOffset = copy.metaOffset;
    dataOffset = copy.dataOffset;
    item.block.reset();
  }
  return Deliver(env, self, fromLoop, addon->deliverBatch,
                 {store, Napi::Number::New(env, static_cast<double>(dataOffset)),
                  Napi::Number::New(env, static_cast<double>(item.dataBytes)),
                  Napi::Number::New(env, static_cast<double>(metaOffset)), Napi::Number::New(env, item.count)});
}

Napi::Value NativeSocket::ReceiveNow(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireOpen(env, "recvmmsg")) return env.Undefined();
  uint32_t limit = 0;
  if (!info[0].IsUndefined() && !Uint32Argument(env, info[0], "limit", &limit)) return env.Undefined();
  int n = Drain(env, info.This().As<Napi::Object>(), false, kBatchesPerWakeup, limit);
  if (env.IsExceptionPending()) return env.Undefined();
  return Napi::Number::New(env, n);
}

}  // namespace linux_netlink
