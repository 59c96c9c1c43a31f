// Per-environment state of the addon (main thread and each worker thread get their own): the JavaScript
// functions lib/socket registered, and the receive arena shared by this environment's sockets.
#pragma once

#include <napi.h>

#include "batch_memory.h"
#include "open_socket.h"
#include "receive_arena.h"

namespace linux_netlink {

class NetlinkAddon : public Napi::Addon<NetlinkAddon> {
 public:
  NetlinkAddon(Napi::Env env, Napi::Object exports);

  // Called with the native socket object as `this`. Registered once per environment by lib/socket.
  Napi::FunctionReference deliverBatch;    // (store, dataOffset, dataLength, metaOffset, count)
  Napi::FunctionReference deliverOverrun;  // ()
  Napi::FunctionReference deliverError;    // (errno, syscall, detail)
  Napi::FunctionReference makeError;       // (errno, syscall, detail) => Error
  ReceiveArena arena;
  BatchMemory batchMemory;

  // A Node-style error (code, errno, syscall) for a failed system call.
  Napi::Value SystemError(Napi::Env env, int error, const char* syscall, const std::string& detail);
  void ThrowSystemError(Napi::Env env, const SystemFailure& failure) {
    ThrowSystemError(env, failure.error, failure.syscall, failure.detail);
  }
  void ThrowSystemError(Napi::Env env, int error, const char* syscall, const std::string& detail);

 private:
  Napi::Value SetCallbacks(const Napi::CallbackInfo& info);
};

}  // namespace linux_netlink
