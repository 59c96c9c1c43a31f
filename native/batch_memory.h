// Where a receive batch is copied for JavaScript. Small batches (a request's answer, a few events) are carved
// out of a shared pooled ArrayBuffer, as Node's own Buffer pool does, so the fast request/response path does not
// pay for two allocations per answer; big batches get an ArrayBuffer of their own. Either way each byte is
// written once and then belongs to JavaScript: slices of a batch stay valid forever.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>

namespace linux_netlink {

class BatchMemory {
 public:
  struct Block {
    Napi::ArrayBuffer store;
    size_t metaOffset;  // 8-byte aligned, for the Int32Array of meta rows
    size_t dataOffset;
    uint8_t* base;      // store's bytes
  };

  // An empty Block (store.IsEmpty()) when JavaScript cannot allocate (out of memory, or the environment is stopping).
  Block Allocate(Napi::Env env, size_t metaBytes, size_t dataBytes);

 private:
  static constexpr size_t kSlabSize = 64u << 10;
  static constexpr size_t kPooledMax = 8u << 10;

  Napi::Reference<Napi::ArrayBuffer> slab_;
  size_t used_ = 0;
};

}  // namespace linux_netlink
