#include "netlink_socket.h"

#include <errno.h>
#include <linux/filter.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <new>

#include "arguments.h"
#include "open_socket.h"
#include "receive_arena.h"

namespace linux_netlink {

namespace {

// recvmmsg calls per readable event. uv_poll is level-triggered: whatever is left wakes us again after the
// loop has served everything else, so a flood cannot starve timers and other sockets.
constexpr int kBatchesPerWakeup = 8;
constexpr uint64_t kMaxRetryDelayMs = 100;

std::string PortDescription(const sockaddr_nl& to) {
  std::string d = "to port " + std::to_string(to.nl_pid);
  if (to.nl_groups != 0) d += " groups " + std::to_string(to.nl_groups);
  return d;
}

// sendto rather than sendmsg: one buffer needs no msghdr, and the kernel then copies and checks none (perf, per
// route lookup: about 5% of the kernel's time went to sendmsg's msghdr and iovec handling).
ssize_t SendDatagram(int fd, const uint8_t* data, size_t length, const sockaddr_nl& to) {
  return sendto(fd, data, length, MSG_DONTWAIT | MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&to), sizeof to);
}

bool IsWouldBlock(int error) { return error == EAGAIN || error == EWOULDBLOCK; }

// What an option is called in an error message: a string, or nothing (undefined).
bool LabelArgument(napi_env env, const Napi::Value& value, std::string* out) {
  if (value.IsUndefined()) return true;
  if (!value.IsString()) {
    ThrowInvalidArgType(env, "label", "of type string", value);
    return false;
  }
  *out = value.As<Napi::String>().Utf8Value();
  return true;
}

}  // namespace

// The libuv handles live in their own allocation: uv_close completes on a later loop iteration, possibly
// after the JavaScript object (and this NativeSocket) has been finalized.
//
// Until their close callbacks have run, they also hold up the teardown of their environment through an
// asynchronous cleanup hook. Node unloads the addon of a worker thread right after that worker's environment
// is torn down, and the worker's loop runs once more after that: a close callback still pending then would jump
// into unmapped memory. With the hook, the environment waits until every close callback has run, whether the
// socket was closed by the hook itself (the worker ended with it open) or just before.
struct LoopHandles {
  uv_poll_t poll;
  uv_timer_t timer;
  uv_async_t async;             // the receive thread's wake-up; initialized on first use
  bool asyncInitialized = false;
  NativeSocket* owner = nullptr;
  int unclosed = 0;
  napi_async_cleanup_hook_handle teardown = nullptr;

  static void OnEnvironmentTeardown(napi_async_cleanup_hook_handle, void* arg) {
    auto* self = static_cast<LoopHandles*>(arg);
    // Still open: close it now. Otherwise its close callbacks are already on their way.
    if (self->owner != nullptr) self->owner->CloseNow();
  }
  static void OnClosed(uv_handle_t* handle) {
    auto* self = static_cast<LoopHandles*>(handle->data);
    if (--self->unclosed > 0) return;
    // Removing the hook tells a waiting teardown that this socket is done; before teardown it only unregisters.
    if (self->teardown != nullptr) napi_remove_async_cleanup_hook(self->teardown);
    delete self;
  }
  static void OnPoll(uv_poll_t* handle, int status, int events) {
    auto* self = static_cast<LoopHandles*>(handle->data);
    if (self->owner != nullptr) self->owner->OnPoll(status, events);
  }
  static void OnTimer(uv_timer_t* handle) {
    auto* self = static_cast<LoopHandles*>(handle->data);
    if (self->owner != nullptr) self->owner->OnRetryTimer();
  }
  static void OnAsync(uv_async_t* handle) {
    auto* self = static_cast<LoopHandles*>(handle->data);
    if (self->owner != nullptr) self->owner->OnThreadItems();
  }
};

Napi::Function NativeSocket::DefineClass(Napi::Env env) {
  return ObjectWrap<NativeSocket>::DefineClass(
      env, "NativeSocket",
      {
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::Bind>>("bind"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::Address>>("address"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::Send>>("send"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::SendReceive>>("sendReceive"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::SetReading>>("setReading"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::SetReceiveThread>>("setReceiveThread"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::ReceiveNow>>("receiveNow"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::SetIntOption>>("setIntOption"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::GetIntOption>>("getIntOption"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::Memberships>>("memberships"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::SetBufferSize>>("setBufferSize"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::AttachFilter>>("attachFilter"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::DetachFilter>>("detachFilter"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::SetRef>>("setRef"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::Close>>("close"),
          InstanceMethod<&NativeSocket::Guard<&NativeSocket::GetFd>>("fd"),
      });
}

template <Napi::Value (NativeSocket::*Method)(const Napi::CallbackInfo&)>
Napi::Value NativeSocket::Guard(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  try {
    return (this->*Method)(info);
  } catch (...) {
    ReportFailure(env, Addon(), std::current_exception());
  }
  return env.Undefined();
}

void NativeSocket::ReportFailure(Napi::Env env, NetlinkAddon* addon, std::exception_ptr failure) {
  if (env.IsExceptionPending()) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::bad_alloc&) {
    addon->ThrowSystemError(env, ENOMEM, "malloc", "netlink socket");
  } catch (const std::exception& e) {
    Napi::Error::New(env, e.what()).ThrowAsJavaScriptException();
  } catch (...) {
    Napi::Error::New(env, "unexpected native failure").ThrowAsJavaScriptException();
  }
}

napi_value NativeSocket::SendReceiveKernel(napi_env rawEnv, napi_callback_info info) {
  Napi::Env env(rawEnv);
  size_t argc = 4;
  napi_value argv[4];
  void* data = nullptr;
  if (napi_get_cb_info(rawEnv, info, &argc, argv, nullptr, &data) != napi_ok) return nullptr;
  NativeSocket* socket = static_cast<Cell*>(data)->socket;
  if (socket == nullptr) {
    // Only reachable through the socket object, so not while that exists; refused rather than trusted.
    Napi::Error::New(env, "sendReceiveKernel: the socket object is gone").ThrowAsJavaScriptException();
    return nullptr;
  }
  // Arguments not given are undefined (napi_get_cb_info fills argv up): refused by SendReceiveWith's checks.
  try {
    return socket->SendReceiveWith(env, argv[0], 0, 0, argv[1], argv[2], argv[3]);
  } catch (...) {
    ReportFailure(env, socket->Addon(), std::current_exception());
  }
  return nullptr;
}

NativeSocket::NativeSocket(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeSocket>(info), env_(info.Env()) {
  Napi::Env env = info.Env();
  try {
    NamespaceTarget target;
    if (!Int32Argument(env, info[0], "protocol", 0, INT32_MAX, &protocol_) ||
        !Int32Argument(env, info[2], "netnsFd", -1, INT32_MAX, &target.fd)) {
      return;
    }
    if (info[1].IsString()) {
      target.path = info[1].As<Napi::String>().Utf8Value();
      // c_str() would end the path at the first NUL: another path than the one given.
      if (target.path.empty() || target.path.find('\0') != std::string::npos || target.fd != -1) {
        ThrowInvalidArgValue(env, "netnsPath", "must be a non-empty path without NUL bytes, given without netnsFd");
        return;
      }
    } else if (!info[1].IsNull()) {
      ThrowInvalidArgType(env, "netnsPath", "of type string or null", info[1]);
      return;
    }

    SystemFailure failure;
    int fd = OpenNetlinkSocket(protocol_, target, &failure);
    if (fd < 0) {
      Addon()->ThrowSystemError(env, failure);
      return;
    }
    uv_loop_t* loop = nullptr;
    if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr) {
      close(fd);
      Napi::Error::New(env, "no event loop for this environment").ThrowAsJavaScriptException();
      return;
    }
    auto* handles = new LoopHandles();
    int r = uv_poll_init(loop, &handles->poll, fd);
    if (r != 0) {
      delete handles;
      close(fd);
      Addon()->ThrowSystemError(env, -r, "uv_poll_init", "netlink socket");
      return;
    }
    uv_timer_init(loop, &handles->timer);
    handles->poll.data = handles;
    handles->timer.data = handles;
    handles->owner = this;
    handles->unclosed = 2;
    handles_ = handles;
    fd_ = fd;
    if (napi_add_async_cleanup_hook(env, LoopHandles::OnEnvironmentTeardown, handles, &handles->teardown) != napi_ok) {
      handles->teardown = nullptr;
      CloseNow();
      if (!env.IsExceptionPending()) Napi::Error::New(env, "cannot register the environment cleanup").ThrowAsJavaScriptException();
      return;
    }
    // This socket's own sendReceiveKernel; the function keeps the cell alive until it is collected itself.
    cell_ = std::make_shared<Cell>(Cell{this});
    auto holder = std::make_unique<std::shared_ptr<Cell>>(cell_);
    napi_value function;
    if (napi_create_function(env, "sendReceiveKernel", NAPI_AUTO_LENGTH, SendReceiveKernel, holder->get(), &function) !=
            napi_ok ||
        napi_add_finalizer(
            env, function, holder.get(),
            [](napi_env, void* data, void*) { delete static_cast<std::shared_ptr<Cell>*>(data); }, nullptr,
            nullptr) != napi_ok) {
      CloseNow();
      if (!env.IsExceptionPending()) Napi::Error::New(env, "cannot make sendReceiveKernel").ThrowAsJavaScriptException();
      return;
    }
    holder.release();
    info.This().As<Napi::Object>().Set("sendReceiveKernel", Napi::Value(env, function));
  } catch (...) {
    CloseNow();
    if (!env.IsExceptionPending()) Addon()->ThrowSystemError(env, ENOMEM, "malloc", "netlink socket");
  }
}

NativeSocket::~NativeSocket() {
  if (cell_) cell_->socket = nullptr;
  CloseNow();
}

NetlinkAddon* NativeSocket::Addon() const { return Napi::Env(env_).GetInstanceData<NetlinkAddon>(); }

bool NativeSocket::RequireOpen(Napi::Env env, const char* syscall) {
  if (IsOpen()) return true;
  Addon()->ThrowSystemError(env, EBADF, syscall, "closed netlink socket");
  return false;
}

void NativeSocket::CloseNow() {
  // The reader thread goes first: it uses the fd and signals the async handle until it is joined. Destroyed, not
  // just stopped: its eventfd is released now, not when the garbage collector gets to this object.
  receiveThread_.reset();
  threaded_ = false;
  if (handles_ != nullptr) {
    handles_->owner = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(&handles_->poll), LoopHandles::OnClosed);
    uv_close(reinterpret_cast<uv_handle_t*>(&handles_->timer), LoopHandles::OnClosed);
    if (handles_->asyncInitialized) uv_close(reinterpret_cast<uv_handle_t*>(&handles_->async), LoopHandles::OnClosed);
    handles_ = nullptr;
  }
  // uv_close has already removed the fd from the loop's epoll set, so it can be closed at once.
  if (fd_ >= 0) {
    close(fd_);
    fd_ = -1;
  }
  reading_ = false;
  writeBlocked_ = false;
  retryArmed_ = false;
  queue_.clear();
}

void NativeSocket::UpdateInterest() {
  if (!IsOpen()) {
    if (keptAlive_) {
      Unref();
      keptAlive_ = false;
    }
    return;
  }
  bool pollReading = reading_ && !threaded_;
  int events = (pollReading ? UV_READABLE : 0) | (writeBlocked_ ? UV_WRITABLE : 0);
  if (events != 0) {
    uv_poll_start(&handles_->poll, events, LoopHandles::OnPoll);
  } else {
    uv_poll_stop(&handles_->poll);
  }
  if (!retryArmed_) uv_timer_stop(&handles_->timer);
  bool threadReading = reading_ && threaded_;
  if (receiveThread_) receiveThread_->SetReading(threadReading);
  // An async handle is always active: its ref alone decides whether it keeps the loop alive.
  if (handles_->asyncInitialized) {
    auto* async = reinterpret_cast<uv_handle_t*>(&handles_->async);
    if (refed_ && threadReading) uv_ref(async);
    else uv_unref(async);
  }

  // Like a ref'ed dgram socket, an open socket that is waiting for something keeps the process alive, and
  // so it must keep its JavaScript object alive too; otherwise the object may be collected (and closed).
  bool keep = refed_ && (events != 0 || retryArmed_ || threadReading);
  if (keep && !keptAlive_) {
    Ref();
    keptAlive_ = true;
  } else if (!keep && keptAlive_) {
    Unref();
    keptAlive_ = false;
  }
}

bool NativeSocket::Deliver(Napi::Env env, Napi::Object self, bool fromLoop, Napi::FunctionReference& fn,
                           const std::initializer_list<napi_value>& args) {
  // Raw N-API here, not node-addon-api's wrappers: while a worker is being terminated calls into JavaScript
  // fail, and the wrappers would then try to build an Error object, which fails too and aborts the process.
  if (fn.IsEmpty()) return false;
  napi_value function = fn.Value();
  if (function == nullptr) return false;
  napi_value result;
  napi_status status = fromLoop ? napi_make_callback(env, nullptr, self, function, args.size(), args.begin(), &result)
                                : napi_call_function(env, self, function, args.size(), args.begin(), &result);
  if (status == napi_ok) return true;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending && fromLoop) {
    // An exception thrown by a JavaScript handler called from the loop is an uncaught exception, exactly as
    // for Node's own callbacks. (When the environment is stopping this does nothing, which is what we want.)
    napi_value exception;
    if (napi_get_and_clear_last_exception(env, &exception) == napi_ok) napi_fatal_exception(env, exception);
  }
  return false;  // called from JavaScript: a pending exception propagates to the caller
}

// ---- receiving ----

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
  NetlinkAddon* addon = Addon();
  ReceiveArena& arena = addon->arena;
  int delivered = 0;
  if (receiveThread_ && receiveThread_->HasQueued()) {
    // Whatever the thread read came first; the socket is read only once it has all been delivered.
    delivered = DeliverQueued(env, self, fromLoop, maxBatches);
    // A handler may have closed the socket, and the thread with it.
    if (!receiveThread_ || receiveThread_->HasQueued()) return delivered;
  }
  if (threaded_) return delivered;  // the thread reads; never compete with it for the socket
  // !threaded_: a handler may hand the socket to the receive thread; from then on only the thread reads it.
  for (int batch = 0; batch < maxBatches && IsOpen() && reading_ && !threaded_; batch++) {
    unsigned wanted = limit > 0 ? limit - static_cast<unsigned>(delivered) : 0;  // 0: every slot
    if (!arena.Prepare(wanted)) {
      Deliver(env, self, fromLoop, addon->deliverError,
              {Napi::Number::New(env, ENOMEM), Napi::String::New(env, "recvmmsg"),
               Napi::String::New(env, "receive arena")});
      break;
    }
    // Counted after Prepare(), which allocates the arena on the first read and after it grew.
    unsigned slots = wanted == 0 || wanted > arena.slotCount() ? arena.slotCount() : wanted;
    int n = recvmmsg(fd_, arena.headers(), slots, MSG_DONTWAIT | MSG_TRUNC, nullptr);
    if (n < 0) {
      int error = errno;
      if (error == EINTR) continue;
      if (IsWouldBlock(error)) break;
      if (error == ENOBUFS) {
        // The kernel dropped datagrams for us; what is still queued is intact and we carry on reading.
        if (!Deliver(env, self, fromLoop, addon->deliverOverrun, {})) break;
        continue;
      }
      Deliver(env, self, fromLoop, addon->deliverError,
              {Napi::Number::New(env, error), Napi::String::New(env, "recvmmsg"),
               Napi::String::New(env, "netlink socket")});
      break;
    }
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

// ---- sending ----

Napi::Value NativeSocket::Send(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireOpen(env, "sendto")) return env.Undefined();
  uint8_t* data = nullptr;
  size_t length = 0;
  sockaddr_nl to{};
  to.nl_family = AF_NETLINK;
  if (!BytesArgument(env, info[0], "data", &data, &length) || !Uint32Argument(env, info[1], "portId", &to.nl_pid) ||
      !Uint32Argument(env, info[2], "groups", &to.nl_groups)) {
    return env.Undefined();
  }
  SendResult sent = SendOrQueue(env, data, length, to);
  if (sent == SendResult::kFailed) return env.Undefined();
  return Napi::Boolean::New(env, sent == SendResult::kSent);
}

NativeSocket::SendResult NativeSocket::SendOrQueue(Napi::Env env, const uint8_t* data, size_t length,
                                                   const sockaddr_nl& to) {
  if (queue_.empty()) {
    for (;;) {
      if (SendDatagram(fd_, data, length, to) >= 0) return SendResult::kSent;
      int error = errno;
      if (error == EINTR) continue;
      if (IsWouldBlock(error)) break;
      Addon()->ThrowSystemError(env, error, "sendto", PortDescription(to));
      return SendResult::kFailed;
    }
  }
  // Kept in order behind whatever is already waiting; flushed from the loop, never by blocking it.
  queue_.push_back(PendingSend{std::vector<uint8_t>(data, data + length), to});
  if (!retryArmed_) writeBlocked_ = true;
  UpdateInterest();
  return SendResult::kQueued;
}

Napi::Value NativeSocket::SendReceive(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t portId = 0;
  uint32_t groups = 0;
  if (!Uint32Argument(env, info[1], "portId", &portId) || !Uint32Argument(env, info[2], "groups", &groups)) {
    return env.Undefined();
  }
  return SendReceiveWith(env, info[0], portId, groups, info[3], info[4], info[5]);
}

Napi::Value NativeSocket::SendReceiveWith(Napi::Env env, napi_value dataValue, uint32_t portId, uint32_t groups,
                                          napi_value intoValue, napi_value atValue, napi_value metaValue) {
  if (!RequireOpen(env, "sendto")) return env.Undefined();
  void* data = nullptr;
  size_t length = 0;
  void* into = nullptr;
  size_t intoLength = 0;
  void* metaData = nullptr;
  size_t metaLength = 0;
  double at = 0;
  const char* bytes = "a Buffer or Uint8Array";
  if (!TypedArrayArgument(env, dataValue, "data", napi_uint8_array, bytes, &data, &length) ||
      !TypedArrayArgument(env, intoValue, "into", napi_uint8_array, bytes, &into, &intoLength) ||
      !IntegerArgument(env, atValue, "at", 0, static_cast<double>(intoLength), &at) ||
      !TypedArrayArgument(env, metaValue, "meta", napi_int32_array, "an Int32Array", &metaData, &metaLength)) {
    return env.Undefined();
  }
  if (metaLength < static_cast<size_t>(kMetaStride)) {
    ThrowInvalidArgValue(env, "meta", ("must hold a meta row (" + std::to_string(kMetaStride) + " elements)").c_str());
    return env.Undefined();
  }
  // The datagram goes to `into` from `at` on, if it fits; one that does not goes through the ordinary batch path.
  into = static_cast<uint8_t*>(into) + static_cast<size_t>(at);
  size_t room = intoLength - static_cast<size_t>(at);
  sockaddr_nl to{};
  to.nl_family = AF_NETLINK;
  to.nl_pid = portId;
  to.nl_groups = groups;
  SendResult sent = SendOrQueue(env, static_cast<const uint8_t*>(data), length, to);
  if (sent == SendResult::kFailed) return env.Undefined();
  // Queued behind EAGAIN: there is no answer yet, and the loop reads it when it comes.
  if (sent == SendResult::kQueued || !reading_ || threaded_) return Napi::Number::New(env, -1);
  Napi::Object self = Value();
  if (receiveThread_ && receiveThread_->HasQueued()) {
    // What the thread read comes first, through the ordinary path.
    int n = Drain(env, self, false, kBatchesPerWakeup, 1);
    if (env.IsExceptionPending()) return env.Undefined();
    return Napi::Number::New(env, -1 - n);
  }
  NetlinkAddon* addon = Addon();
  ReceiveArena& arena = addon->arena;
  int delivered = 0;
  while (IsOpen() && reading_ && !threaded_) {
    if (!arena.Prepare(1)) {
      Deliver(env, self, false, addon->deliverError,
              {Napi::Number::New(env, ENOMEM), Napi::String::New(env, "recvmsg"), Napi::String::New(env, "receive arena")});
      break;
    }
    mmsghdr& slot = arena.headers()[0];
    ssize_t r = recvmsg(fd_, &slot.msg_hdr, MSG_DONTWAIT | MSG_TRUNC);
    if (r < 0) {
      int error = errno;
      if (error == EINTR) continue;
      if (IsWouldBlock(error)) break;  // not answered inside sendmsg: the loop delivers the answer when it comes
      if (error == ENOBUFS) {
        if (!Deliver(env, self, false, addon->deliverOverrun, {})) break;
        continue;
      }
      Deliver(env, self, false, addon->deliverError,
              {Napi::Number::New(env, error), Napi::String::New(env, "recvmsg"), Napi::String::New(env, "netlink socket")});
      break;
    }
    slot.msg_len = static_cast<unsigned>(r);
    size_t copied = arena.CopiedLength(0);
    if (copied <= room) {
      auto* row = static_cast<int32_t*>(metaData);
      arena.DescribeDatagram(0, row);
      row[kMetaOffset] = 0;
      std::memcpy(into, arena.Payload(0), copied);
      if (row[kMetaFlags] & kFlagTruncated) arena.GrowFor(static_cast<size_t>(r));
      return Napi::Number::New(env, static_cast<double>(copied));
    }
    // Bigger than the caller's buffer: handed over as an ordinary batch instead.
    if (HandOverArena(env, self, false, 1) != HandOver::kLost) delivered = 1;
    break;
  }
  if (env.IsExceptionPending()) return env.Undefined();
  return Napi::Number::New(env, -1 - delivered);
}

NativeSocket::FlushResult NativeSocket::Flush(Napi::Env env, Napi::Object self) {
  bool progressed = false;
  while (!queue_.empty() && IsOpen()) {
    PendingSend& next = queue_.front();
    if (SendDatagram(fd_, next.bytes.data(), next.bytes.size(), next.to) >= 0) {
      queue_.pop_front();
      progressed = true;
      continue;
    }
    int error = errno;
    if (error == EINTR) continue;
    if (IsWouldBlock(error)) {
      // The retry delay backs off only while the destination takes nothing at all.
      if (progressed) retryDelayMs_ = 0;
      return FlushResult::kBlocked;
    }
    std::string detail = PortDescription(next.to);
    queue_.pop_front();
    if (!Deliver(env, self, true, Addon()->deliverError,
                 {Napi::Number::New(env, error), Napi::String::New(env, "sendto"), Napi::String::New(env, detail)})) {
      // The exception is on its way to the process; the datagrams behind must not wait for another send.
      retryDelayMs_ = 0;
      return queue_.empty() ? FlushResult::kDone : FlushResult::kInterrupted;
    }
  }
  retryDelayMs_ = 0;
  return FlushResult::kDone;
}

void NativeSocket::OnRetryTimer() {
  Napi::Env env(env_);
  Napi::HandleScope scope(env);
  try {
    retryArmed_ = false;
    Napi::Object self = Value();
    if (self.IsEmpty() || !IsOpen()) {
      UpdateInterest();
      return;
    }
    if (Flush(env, self) != FlushResult::kDone && IsOpen()) {
      retryArmed_ = true;
      retryDelayMs_ = retryDelayMs_ == 0 ? 1 : std::min<uint64_t>(retryDelayMs_ * 2, kMaxRetryDelayMs);
      uv_timer_start(&handles_->timer, LoopHandles::OnTimer, retryDelayMs_, 0);
    }
    UpdateInterest();
  } catch (...) {
  }
}

// ---- addressing and options ----

Napi::Value NativeSocket::Bind(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireOpen(env, "bind")) return env.Undefined();
  sockaddr_nl address{};
  address.nl_family = AF_NETLINK;
  if (!Uint32Argument(env, info[0], "portId", &address.nl_pid) ||
      !Uint32Argument(env, info[1], "groups", &address.nl_groups)) {
    return env.Undefined();
  }
  if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    Addon()->ThrowSystemError(env, errno, "bind", "port " + std::to_string(address.nl_pid));
    return env.Undefined();
  }
  return Address(info);
}

Napi::Value NativeSocket::Address(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireOpen(env, "getsockname")) return env.Undefined();
  sockaddr_nl address{};
  socklen_t length = sizeof address;
  if (getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    Addon()->ThrowSystemError(env, errno, "getsockname", "");
    return env.Undefined();
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("portId", Napi::Number::New(env, address.nl_pid));
  result.Set("groups", Napi::Number::New(env, address.nl_groups));
  return result;
}

Napi::Value NativeSocket::SetIntOption(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireOpen(env, "setsockopt")) return env.Undefined();
  int32_t level = 0, name = 0, value = 0;
  std::string label;
  if (!Int32Argument(env, info[0], "level", INT32_MIN, INT32_MAX, &level) ||
      !Int32Argument(env, info[1], "name", INT32_MIN, INT32_MAX, &name) ||
      !Int32Argument(env, info[2], "value", INT32_MIN, INT32_MAX, &value) || !LabelArgument(env, info[3], &label)) {
    return env.Undefined();
  }
  if (setsockopt(fd_, level, name, &value, sizeof value) != 0) Addon()->ThrowSystemError(env, errno, "setsockopt", label);
  return env.Undefined();
}

Napi::Value NativeSocket::GetIntOption(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireOpen(env, "getsockopt")) return env.Undefined();
  int32_t level = 0, name = 0;
  std::string label;
  if (!Int32Argument(env, info[0], "level", INT32_MIN, INT32_MAX, &level) ||
      !Int32Argument(env, info[1], "name", INT32_MIN, INT32_MAX, &name) || !LabelArgument(env, info[2], &label)) {
    return env.Undefined();
  }
  int value = 0;
  socklen_t length = sizeof value;
  if (getsockopt(fd_, level, name, &value, &length) != 0) {
    Addon()->ThrowSystemError(env, errno, "getsockopt", label);
    return env.Undefined();
  }
  return Napi::Number::New(env, value);
}

Napi::Value NativeSocket::Memberships(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireOpen(env, "getsockopt")) return env.Undefined();
  std::vector<uint32_t> words(4);
  for (;;) {
    socklen_t length = static_cast<socklen_t>(words.size() * sizeof(uint32_t));
    if (getsockopt(fd_, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, words.data(), &length) != 0) {
      Addon()->ThrowSystemError(env, errno, "getsockopt", "NETLINK_LIST_MEMBERSHIPS");
      return env.Undefined();
    }
    size_t needed = (length + sizeof(uint32_t) - 1) / sizeof(uint32_t);
    if (needed <= words.size()) {
      words.resize(needed);
      break;
    }
    words.assign(needed, 0);  // the kernel reports the size it needs; ask again with that much room
  }
  Napi::Array groups = Napi::Array::New(env);
  uint32_t count = 0;
  for (size_t w = 0; w < words.size(); w++) {
    for (unsigned bit = 0; bit < 32; bit++) {
      if (words[w] & (1u << bit)) groups.Set(count++, Napi::Number::New(env, w * 32 + bit + 1));
    }
  }
  return groups;
}

Napi::Value NativeSocket::SetBufferSize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireOpen(env, "setsockopt")) return env.Undefined();
  bool receive = false;
  int32_t requested = 0;
  if (!BooleanArgument(env, info[0], "receive", &receive) ||
      !Int32Argument(env, info[1], "bytes", 1, INT32_MAX, &requested)) {
    return env.Undefined();
  }
  int forced = receive ? SO_RCVBUFFORCE : SO_SNDBUFFORCE;
  int plain = receive ? SO_RCVBUF : SO_SNDBUF;
  const char* plainName = receive ? "SO_RCVBUF" : "SO_SNDBUF";
  // The FORCE variants pass the rmem_max/wmem_max limits but need CAP_NET_ADMIN; without it the plain
  // option still gives as much as the system allows.
  if (setsockopt(fd_, SOL_SOCKET, forced, &requested, sizeof requested) != 0) {
    int error = errno;
    if (error != EPERM || setsockopt(fd_, SOL_SOCKET, plain, &requested, sizeof requested) != 0) {
      if (error == EPERM) error = errno;
      Addon()->ThrowSystemError(env, error, "setsockopt", plainName);
      return env.Undefined();
    }
  }
  int inForce = 0;
  socklen_t length = sizeof inForce;
  if (getsockopt(fd_, SOL_SOCKET, plain, &inForce, &length) != 0) {
    Addon()->ThrowSystemError(env, errno, "getsockopt", plainName);
    return env.Undefined();
  }
  return Napi::Number::New(env, inForce);
}

Napi::Value NativeSocket::AttachFilter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireOpen(env, "setsockopt")) return env.Undefined();
  uint8_t* program = nullptr;
  size_t length = 0;
  if (!BytesArgument(env, info[0], "program", &program, &length)) return env.Undefined();
  // sock_fprog counts instructions in 16 bits: a longer program would be cut short, not refused by the kernel.
  if (length % sizeof(sock_filter) != 0) {
    ThrowInvalidArgValue(env, "program", "must be whole struct sock_filter instructions (8 bytes each)");
    return env.Undefined();
  }
  if (length == 0 || length / sizeof(sock_filter) > BPF_MAXINSNS) {
    std::string range = "1 to " + std::to_string(BPF_MAXINSNS) + " instructions";
    ThrowOutOfRange(env, "program", range.c_str(), Napi::Number::New(env, static_cast<double>(length / sizeof(sock_filter))));
    return env.Undefined();
  }
  // Copied so the instructions are aligned for the kernel's copy_from_user of struct sock_filter.
  std::vector<sock_filter> instructions(length / sizeof(sock_filter));
  std::memcpy(instructions.data(), program, length);
  sock_fprog fprog{static_cast<unsigned short>(instructions.size()), instructions.data()};
  if (setsockopt(fd_, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof fprog) != 0) {
    Addon()->ThrowSystemError(env, errno, "setsockopt", "SO_ATTACH_FILTER");
  }
  return env.Undefined();
}

Napi::Value NativeSocket::DetachFilter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!RequireOpen(env, "setsockopt")) return env.Undefined();
  int unused = 0;
  if (setsockopt(fd_, SOL_SOCKET, SO_DETACH_FILTER, &unused, sizeof unused) != 0) {
    Addon()->ThrowSystemError(env, errno, "setsockopt", "SO_DETACH_FILTER");
  }
  return env.Undefined();
}

// ---- lifetime ----

Napi::Value NativeSocket::SetRef(const Napi::CallbackInfo& info) {
  bool ref = true;
  if (!BooleanArgument(info.Env(), info[0], "ref", &ref)) return info.Env().Undefined();
  refed_ = ref;
  if (handles_ != nullptr) {
    auto* poll = reinterpret_cast<uv_handle_t*>(&handles_->poll);
    auto* timer = reinterpret_cast<uv_handle_t*>(&handles_->timer);
    if (refed_) {
      uv_ref(poll);
      uv_ref(timer);
    } else {
      uv_unref(poll);
      uv_unref(timer);
    }
  }
  UpdateInterest();
  return info.Env().Undefined();
}

Napi::Value NativeSocket::Close(const Napi::CallbackInfo& info) {
  CloseNow();
  UpdateInterest();  // drops the strong reference, if any
  return info.Env().Undefined();
}

Napi::Value NativeSocket::GetFd(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), fd_); }

}  // namespace linux_netlink
