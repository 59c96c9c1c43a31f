// The request as it goes out: header and payload in one buffer the connection reuses (the socket copies the bytes
// before send returns).
import { NLMSG_HDRLEN } from '../constants';
import { align4, checkTypeAndFlags } from '../header';
import { alignedWords } from './datagram';

/** Writes each request of a connection into the same memory. */
export class RequestWriter {
  private buf = Buffer.alloc(4096);
  /** buf as words: the header is four host-order words (this package assumes a little-endian host). */
  private words: Int32Array = alignedWords(this.buf);
  /** The last request's view of buf, kept while requests keep the same size (a loop of lookups does). */
  private view = this.buf.subarray(0, 0);

  constructor(private readonly portId: number) {}

  /** The request: its header and payload, padded to 4 bytes; valid until the next write. */
  write(type: number, flags: number, seq: number, payload: Buffer): Buffer {
    const length = NLMSG_HDRLEN + payload.length;
    const size = align4(length);
    if (size > this.buf.length) {
      this.buf = Buffer.alloc(Math.max(size, this.buf.length * 2));
      this.words = alignedWords(this.buf);
      this.view = this.buf.subarray(0, 0);
    }
    if (this.view.length !== size) this.view = this.buf.subarray(0, size);
    const buf = this.view;
    checkTypeAndFlags(type, flags);
    // Every request's header is written here, as words.
    const words = this.words;
    words[0] = length;
    words[1] = type | (flags << 16);
    words[2] = seq;
    words[3] = this.portId;
    buf.set(payload, NLMSG_HDRLEN);
    for (let i = length; i < size; i++) buf[i] = 0;
    return buf;
  }
}
