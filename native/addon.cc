#include "addon.h"

#include <linux/filter.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include <cstring>

#include "arguments.h"
#include "netlink_socket.h"

namespace linux_netlink {

namespace {

// The option numbers come from this platform's headers rather than being transcribed into JavaScript:
// SOL_SOCKET and the SO_* values differ between architectures.
Napi::Object SocketConstants(Napi::Env env) {
  Napi::Object c = Napi::Object::New(env);
  c.Set("SOL_SOCKET", SOL_SOCKET);
  c.Set("SOL_NETLINK", SOL_NETLINK);
  c.Set("SO_PASSCRED", SO_PASSCRED);
  c.Set("SO_RCVBUF", SO_RCVBUF);
  c.Set("SO_SNDBUF", SO_SNDBUF);
  c.Set("NETLINK_ADD_MEMBERSHIP", NETLINK_ADD_MEMBERSHIP);
  c.Set("NETLINK_DROP_MEMBERSHIP", NETLINK_DROP_MEMBERSHIP);
  c.Set("NETLINK_PKTINFO", NETLINK_PKTINFO);
  c.Set("NETLINK_BROADCAST_ERROR", NETLINK_BROADCAST_ERROR);
  c.Set("NETLINK_NO_ENOBUFS", NETLINK_NO_ENOBUFS);
  c.Set("NETLINK_LISTEN_ALL_NSID", NETLINK_LISTEN_ALL_NSID);
  c.Set("NETLINK_LIST_MEMBERSHIPS", NETLINK_LIST_MEMBERSHIPS);
  c.Set("NETLINK_CAP_ACK", NETLINK_CAP_ACK);
  c.Set("NETLINK_EXT_ACK", NETLINK_EXT_ACK);
  c.Set("NETLINK_GET_STRICT_CHK", NETLINK_GET_STRICT_CHK);
  c.Set("BPF_MAXINSNS", BPF_MAXINSNS);
  c.Set("SOCK_FILTER_SIZE", static_cast<uint32_t>(sizeof(sock_filter)));
  return c;
}

}  // namespace

NetlinkAddon::NetlinkAddon(Napi::Env env, Napi::Object exports) {
  DefineAddon(exports, {
                           InstanceMethod<&NetlinkAddon::SetCallbacks>("setCallbacks"),
                       });
  exports.Set("Socket", NativeSocket::DefineClass(env));
  exports.Set("constants", SocketConstants(env));
}

Napi::Value NetlinkAddon::SetCallbacks(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject()) {
    ThrowInvalidArgType(env, "callbacks", "an object of functions", info[0]);
    return env.Undefined();
  }
  Napi::Object callbacks = info[0].As<Napi::Object>();
  const char* names[] = {"batch", "overrun", "error", "makeError"};
  Napi::FunctionReference* targets[] = {&deliverBatch, &deliverOverrun, &deliverError, &makeError};
  Napi::Value given[4];
  for (int i = 0; i < 4; i++) {
    given[i] = callbacks.Get(names[i]);
    if (env.IsExceptionPending()) return env.Undefined();
    if (!given[i].IsFunction()) {
      ThrowInvalidArgType(env, (std::string("callbacks.") + names[i]).c_str(), "a function", given[i]);
      return env.Undefined();
    }
  }
  // All or nothing: a bad set leaves the callbacks in force as they were.
  for (int i = 0; i < 4; i++) *targets[i] = Napi::Persistent(given[i].As<Napi::Function>());
  return env.Undefined();
}

Napi::Value NetlinkAddon::SystemError(Napi::Env env, int error, const char* syscall, const std::string& detail) {
  if (!makeError.IsEmpty()) {
    Napi::Value made = makeError.Call({Napi::Number::New(env, error), Napi::String::New(env, syscall),
                                       Napi::String::New(env, detail)});
    if (!env.IsExceptionPending()) return made;
    env.GetAndClearPendingException();
  }
  // Without lib/socket's factory (the addon used on its own) the error is still Node-shaped.
  std::string message = std::string(syscall) + (detail.empty() ? "" : " " + detail) + ": " + strerror(error);
  Napi::Error e = Napi::Error::New(env, message);
  e.Set("errno", Napi::Number::New(env, error));
  e.Set("syscall", Napi::String::New(env, syscall));
  return e.Value();
}

void NetlinkAddon::ThrowSystemError(Napi::Env env, int error, const char* syscall, const std::string& detail) {
  Napi::Value e = SystemError(env, error, syscall, detail);
  if (!env.IsExceptionPending()) Napi::Error(env, e).ThrowAsJavaScriptException();
}

}  // namespace linux_netlink

using LinuxNetlinkAddon = linux_netlink::NetlinkAddon;
NODE_API_ADDON(LinuxNetlinkAddon)
