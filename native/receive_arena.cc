#include "receive_arena.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace linux_netlink {

namespace {

size_t NextPowerOfTwo(size_t n) {
  size_t p = 1;
  while (p < n && p < ReceiveArena::kMaxSlotSize) p <<= 1;
  return p;
}

}  // namespace

bool ReceiveArena::Prepare(size_t wanted) {
  if (slotCount_ == 0) {
    size_t count = kArenaBytes / slotSize_;
    if (count < 1) count = 1;
    if (count > kMaxSlots) count = kMaxSlots;
    payload_.reset(new (std::nothrow) uint8_t[count * slotSize_]);
    if (!payload_) return false;
    headers_.resize(count);
    iovecs_.resize(count);
    names_.resize(count);
    control_.resize(count * kControlSize);
    slotCount_ = count;
  }
  size_t count = wanted == 0 || wanted > slotCount_ ? slotCount_ : wanted;
  for (size_t i = 0; i < count; i++) {
    iovecs_[i].iov_base = payload_.get() + i * slotSize_;
    iovecs_[i].iov_len = slotSize_;
    msghdr& h = headers_[i].msg_hdr;
    h.msg_name = &names_[i];
    h.msg_namelen = sizeof(sockaddr_nl);
    h.msg_iov = &iovecs_[i];
    h.msg_iovlen = 1;
    h.msg_control = control_.data() + i * kControlSize;
    h.msg_controllen = kControlSize;
    h.msg_flags = 0;
    headers_[i].msg_len = 0;
  }
  return true;
}

size_t ReceiveArena::CopiedLength(unsigned i) const {
  size_t reported = headers_[i].msg_len;
  return reported < slotSize_ ? reported : slotSize_;
}

void ReceiveArena::DescribeDatagram(unsigned i, int32_t* row) const {
  const msghdr& h = headers_[i].msg_hdr;
  int32_t flags = 0;
  row[kMetaLength] = static_cast<int32_t>(CopiedLength(i));
  row[kMetaPortId] = 0;
  row[kMetaGroups] = 0;
  if (h.msg_namelen >= sizeof(sockaddr_nl)) {
    row[kMetaPortId] = static_cast<int32_t>(names_[i].nl_pid);
    row[kMetaGroups] = static_cast<int32_t>(names_[i].nl_groups);
  }
  row[kMetaGroup] = 0;
  row[kMetaNsid] = 0;
  row[kMetaPid] = 0;
  row[kMetaUid] = 0;
  row[kMetaGid] = 0;
  if (h.msg_flags & MSG_TRUNC) flags |= kFlagTruncated;

  msghdr walk = h;  // CMSG_NXTHDR needs a non-const msghdr
  for (cmsghdr* c = CMSG_FIRSTHDR(&walk); c != nullptr; c = CMSG_NXTHDR(&walk, c)) {
    size_t dataLength = c->cmsg_len - CMSG_LEN(0);
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS && dataLength >= sizeof(ucred)) {
      ucred creds;
      std::memcpy(&creds, CMSG_DATA(c), sizeof creds);
      row[kMetaPid] = static_cast<int32_t>(creds.pid);
      row[kMetaUid] = static_cast<int32_t>(creds.uid);
      row[kMetaGid] = static_cast<int32_t>(creds.gid);
      flags |= kFlagHasCreds;
    } else if (c->cmsg_level == SOL_NETLINK && c->cmsg_type == NETLINK_PKTINFO &&
               dataLength >= sizeof(nl_pktinfo)) {
      nl_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      row[kMetaGroup] = static_cast<int32_t>(info.group);
      flags |= kFlagHasGroup;
    } else if (c->cmsg_level == SOL_NETLINK && c->cmsg_type == NETLINK_LISTEN_ALL_NSID &&
               dataLength >= sizeof(int)) {
      int nsid;
      std::memcpy(&nsid, CMSG_DATA(c), sizeof nsid);
      row[kMetaNsid] = nsid;
      flags |= kFlagHasNsid;
    }
  }
  row[kMetaFlags] = flags;
}

void ReceiveArena::GrowFor(size_t realLength) {
  size_t wanted = NextPowerOfTwo(realLength);
  if (wanted <= slotSize_) return;
  slotSize_ = wanted;
  slotCount_ = 0;  // reallocated by the next Prepare()
  payload_.reset();
}

void ReceiveArena::CopyOut(int count, int32_t* meta, uint8_t* data) {
  size_t offset = 0;
  size_t largestTruncated = 0;
  for (int i = 0; i < count; i++) {
    int32_t* row = meta + i * kMetaStride;
    DescribeDatagram(i, row);
    size_t length = CopiedLength(i);
    row[kMetaOffset] = static_cast<int32_t>(offset);
    std::memcpy(data + offset, Payload(i), length);
    offset += length;
    if (row[kMetaFlags] & kFlagTruncated) largestTruncated = std::max<size_t>(largestTruncated, headers_[i].msg_len);
  }
  if (largestTruncated > 0) GrowFor(largestTruncated);
}

}  // namespace linux_netlink
