// One AF_NETLINK file descriptor exposed to JavaScript: open (optionally in another network namespace),
// bind, socket options, send with a queue for EAGAIN, and batched receive through the environment's libuv
// loop. No protocol knowledge: bytes in, bytes out. Defined in three parts: netlink_socket.cc (open, options,
// lifetime), socket_receive.cc, socket_send.cc.
#pragma once

#include <errno.h>

#include <napi.h>
#include <uv.h>

#include <linux/netlink.h>

#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "addon.h"
#include "receive_thread.h"

namespace linux_netlink {

struct LoopHandles;

class NativeSocket : public Napi::ObjectWrap<NativeSocket> {
 public:
  static Napi::Function DefineClass(Napi::Env env);

  // new Socket(protocol, netnsPath: string | null, netnsFd: number)
  explicit NativeSocket(const Napi::CallbackInfo& info);
  ~NativeSocket() override;

  // libuv entry points (through LoopHandles, which may outlive this object).
  void OnPoll(int status, int events);
  void OnRetryTimer();
  void OnThreadItems();
  // Releases the fd, the receive thread and the loop handles; no JavaScript involved. Also what the environment's
  // teardown calls for a socket still open.
  void CloseNow();

 private:
  struct PendingSend {
    std::vector<uint8_t> bytes;
    sockaddr_nl to;
  };
  // recvmmsg calls per readable event. uv_poll is level-triggered: whatever is left wakes us again after the
  // loop has served everything else, so a flood cannot starve timers and other sockets.
  static constexpr int kBatchesPerWakeup = 8;
  static bool IsWouldBlock(int error) { return error == EAGAIN || error == EWOULDBLOCK; }

  // kInterrupted: a JavaScript error handler threw; what is still queued goes out on the next turn.
  enum class FlushResult { kDone, kBlocked, kInterrupted };
  enum class SendResult { kSent, kQueued, kFailed };  // kFailed: a JavaScript exception is pending
  enum class HandOver { kDelivered, kStopped, kLost };

  // Every JavaScript-facing method goes through Guard so no C++ exception can leave the addon.
  template <Napi::Value (NativeSocket::*Method)(const Napi::CallbackInfo&)>
  Napi::Value Guard(const Napi::CallbackInfo& info);

  Napi::Value Bind(const Napi::CallbackInfo& info);
  Napi::Value Address(const Napi::CallbackInfo& info);
  Napi::Value Send(const Napi::CallbackInfo& info);
  // sendReceive(data, portId, groups, into, at, meta): sends, then reads at most one datagram that is already
  // queued (a request the kernel answers inside sendmsg) into `into` at offset `at` and its meta row into `meta`,
  // with no call back into JavaScript. Returns the datagram's length, or -1 - n when nothing was put in `into`
  // (n datagrams were delivered through the batch callback instead: one too big for the room left in `into`, or
  // batches the thread read first).
  Napi::Value SendReceive(const Napi::CallbackInfo& info);
  // sendReceiveKernel(data, into, at, meta): sendReceive() to the kernel (port 0, no groups). Each socket object
  // has its own copy of this function, made with the socket as its data: a call finds the socket without looking
  // up the object's wrapped pointer, a private property lookup that costs as much as the rest of the call's
  // argument handling (a route lookup makes one call per query).
  static napi_value SendReceiveKernel(napi_env env, napi_callback_info info);
  Napi::Value SendReceiveWith(Napi::Env env, napi_value data, uint32_t portId, uint32_t groups, napi_value into,
                              napi_value at, napi_value meta);
  // What Guard does for a C++ exception, for the methods that do not go through it.
  static void ReportFailure(Napi::Env env, NetlinkAddon* addon, std::exception_ptr failure);
  Napi::Value SetReading(const Napi::CallbackInfo& info);
  Napi::Value SetReceiveThread(const Napi::CallbackInfo& info);
  Napi::Value ReceiveNow(const Napi::CallbackInfo& info);
  Napi::Value SetIntOption(const Napi::CallbackInfo& info);
  Napi::Value GetIntOption(const Napi::CallbackInfo& info);
  Napi::Value Memberships(const Napi::CallbackInfo& info);
  Napi::Value SetBufferSize(const Napi::CallbackInfo& info);
  Napi::Value AttachFilter(const Napi::CallbackInfo& info);
  Napi::Value DetachFilter(const Napi::CallbackInfo& info);
  Napi::Value SetRef(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value GetFd(const Napi::CallbackInfo& info);

  bool IsOpen() const { return fd_ >= 0; }
  bool RequireOpen(Napi::Env env, const char* syscall);
  NetlinkAddon* Addon() const;

  // Receives until EAGAIN or maxBatches recvmmsg calls, handing each batch to JavaScript. fromLoop: called
  // by libuv (JavaScript exceptions become uncaught exceptions) rather than by JavaScript (they propagate).
  // limit > 0: read at most that many datagrams (a caller that expects exactly one reply saves the kernel a
  // second, empty attempt); 0: drain until the queue runs dry or maxBatches batches were delivered.
  int Drain(Napi::Env env, Napi::Object self, bool fromLoop, int maxBatches, unsigned limit = 0);
  // One read of up to `wanted` datagrams into the environment's arena (0: as many as it has slots for; one is read
  // with recvmsg, which costs the kernel less than a recvmmsg of one). Every read on the loop thread comes here,
  // for one set of rules on failure: EINTR is retried; EAGAIN means nothing is queued; ENOBUFS (the kernel dropped
  // datagrams for us, and what is still queued is intact) is reported as an overrun and the read retried; any
  // other failure, and an arena that cannot be had, is reported as an error. Returns the datagrams read, or 0:
  // nothing to hand over, stop reading. *asked: the slots offered, so a short read shows the queue ran dry.
  int ReadIntoArena(Napi::Env env, Napi::Object self, bool fromLoop, unsigned wanted, unsigned* asked);
  // Hands what the receive thread queued to JavaScript, oldest first, at most maxItems items; returns the
  // datagrams delivered. Runs before any read of the socket on the loop thread, so order is kept when the
  // thread is switched off with batches still queued.
  int DeliverQueued(Napi::Env env, Napi::Object self, bool fromLoop, int maxItems);
  bool DeliverItem(Napi::Env env, Napi::Object self, bool fromLoop, ReceivedItem& item);
  bool Deliver(Napi::Env env, Napi::Object self, bool fromLoop, Napi::FunctionReference& fn,
               const std::initializer_list<napi_value>& args);

  // Copies the first n datagrams of the arena into one batch for JavaScript and delivers it. kStopped: the
  // handler threw (or JavaScript cannot be called); kLost: no memory for the batch (reported as an error).
  HandOver HandOverArena(Napi::Env env, Napi::Object self, bool fromLoop, int n);
  // Sends now, or queues behind EAGAIN (or behind what is already queued) to be flushed from the loop.
  SendResult SendOrQueue(Napi::Env env, const uint8_t* data, size_t length, const sockaddr_nl& to);
  FlushResult Flush(Napi::Env env, Napi::Object self);
  void UpdateInterest();   // poll events, retry timer, and whether this object must be kept alive

  napi_env env_;
  int fd_ = -1;
  int protocol_ = 0;
  LoopHandles* handles_ = nullptr;
  bool reading_ = false;
  bool threaded_ = false;       // readable data is read by receiveThread_, not by the poll handle
  std::unique_ptr<ReceiveThread> receiveThread_;  // created on first use, kept (stopped) until destruction
  bool refed_ = true;
  bool writeBlocked_ = false;   // the queue waits for a writable poll event
  bool retryArmed_ = false;     // the queue waits for the retry timer (peer's queue full)
  uint64_t retryDelayMs_ = 0;
  bool keptAlive_ = false;      // holding a strong reference to the JavaScript object
  std::deque<PendingSend> queue_;
  // The socket sendReceiveKernel was made for, shared with that function: null once this object is destroyed,
  // so the function (which may be collected later, or earlier) never reaches a destroyed socket.
  struct Cell {
    NativeSocket* socket;
  };
  std::shared_ptr<Cell> cell_;
};

}  // namespace linux_netlink
