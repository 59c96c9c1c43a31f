#include "netlink_socket.h"

#include <errno.h>
#include <linux/filter.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <new>

#include "arguments.h"
#include "loop_handles.h"
#include "open_socket.h"

namespace linux_netlink {

namespace {

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
