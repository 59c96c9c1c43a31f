#include "batch_memory.h"

namespace linux_netlink {

namespace {

size_t Align8(size_t n) { return (n + 7) & ~static_cast<size_t>(7); }

// Raw N-API: this runs from libuv callbacks, where node-addon-api's error path could abort a terminating worker.
Napi::ArrayBuffer NewArrayBuffer(Napi::Env env, size_t length) {
  napi_value value;
  void* data;
  if (napi_create_arraybuffer(env, length, &data, &value) != napi_ok) return Napi::ArrayBuffer();
  return Napi::ArrayBuffer(env, value);
}

}  // namespace

BatchMemory::Block BatchMemory::Allocate(Napi::Env env, size_t metaBytes, size_t dataBytes) {
  size_t need = Align8(metaBytes) + Align8(dataBytes);
  if (need > kPooledMax) {
    Napi::ArrayBuffer own = NewArrayBuffer(env, need);
    if (own.IsEmpty()) return Block{Napi::ArrayBuffer(), 0, 0, nullptr};
    return Block{own, 0, Align8(metaBytes), static_cast<uint8_t*>(own.Data())};
  }
  Napi::ArrayBuffer slab = slab_.IsEmpty() ? Napi::ArrayBuffer() : slab_.Value();
  // A slab JavaScript has detached (transferred to a worker, say) no longer has memory we may write.
  if (slab.IsEmpty() || slab.IsDetached() || used_ + need > kSlabSize) {
    slab = NewArrayBuffer(env, kSlabSize);
    if (slab.IsEmpty()) return Block{Napi::ArrayBuffer(), 0, 0, nullptr};
    slab_ = Napi::Persistent(slab);
    used_ = 0;
  }
  Block block{slab, used_, used_ + Align8(metaBytes), static_cast<uint8_t*>(slab.Data())};
  used_ += need;
  return block;
}

}  // namespace linux_netlink
