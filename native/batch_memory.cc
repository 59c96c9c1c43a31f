#include "batch_memory.h"

namespace linux_netlink {

namespace {

size_t Align8(size_t n) { return (n + 7) & ~static_cast<size_t>(7); }

}  // namespace

BatchMemory::Block BatchMemory::Allocate(Napi::Env env, size_t metaBytes, size_t dataBytes) {
  size_t need = Align8(metaBytes) + Align8(dataBytes);
  if (need > kPooledMax) {
    Napi::ArrayBuffer own = Napi::ArrayBuffer::New(env, need);
    if (env.IsExceptionPending()) return Block{Napi::ArrayBuffer(), 0, 0, nullptr};
    return Block{own, 0, Align8(metaBytes), static_cast<uint8_t*>(own.Data())};
  }
  Napi::ArrayBuffer slab = slab_.IsEmpty() ? Napi::ArrayBuffer() : slab_.Value();
  // A slab JavaScript has detached (transferred to a worker, say) no longer has memory we may write.
  if (slab.IsEmpty() || slab.IsDetached() || used_ + need > kSlabSize) {
    slab = Napi::ArrayBuffer::New(env, kSlabSize);
    if (env.IsExceptionPending()) return Block{Napi::ArrayBuffer(), 0, 0, nullptr};
    slab_ = Napi::Persistent(slab);
    used_ = 0;
  }
  Block block{slab, used_, used_ + Align8(metaBytes), static_cast<uint8_t*>(slab.Data())};
  used_ += need;
  return block;
}

}  // namespace linux_netlink
