// What the parts of NativeSocket (netlink_socket.cc, socket_receive.cc, socket_send.cc) share and JavaScript never
// sees: the socket's libuv handles.
#pragma once

#include <node_api.h>
#include <uv.h>

#include "netlink_socket.h"

namespace linux_netlink {

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

}  // namespace linux_netlink
