// NativeSocket, sending: at once, or queued behind EAGAIN and flushed from the loop; and sendReceive, which sends
// and then takes the answer the kernel queued inside the send.
#include <errno.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "arguments.h"
#include "loop_handles.h"
#include "netlink_socket.h"
#include "receive_arena.h"

namespace linux_netlink {

namespace {

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

}  // namespace

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
  // At most the one datagram already queued: an answer the kernel gave inside the send. Nothing there: the loop
  // delivers the answer when it comes.
  unsigned slots = 0;
  int delivered = 0;
  if (ReadIntoArena(env, self, false, 1, &slots) == 1) {
    ReceiveArena& arena = Addon()->arena;
    size_t copied = arena.CopiedLength(0);
    if (copied <= room) {
      auto* row = static_cast<int32_t*>(metaData);
      arena.DescribeDatagram(0, row);
      row[kMetaOffset] = 0;
      std::memcpy(into, arena.Payload(0), copied);
      if (row[kMetaFlags] & kFlagTruncated) arena.GrowFor(arena.headers()[0].msg_len);
      return Napi::Number::New(env, static_cast<double>(copied));
    }
    // Bigger than the caller's buffer: handed over as an ordinary batch instead.
    if (HandOverArena(env, self, false, 1) != HandOver::kLost) delivered = 1;
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

}  // namespace linux_netlink
