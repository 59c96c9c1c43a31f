// What a connection, a request and a dump can be asked for, and the shapes of what they deliver.
import { Message } from '../header';

/** How a connection opens its socket and what it asks the kernel for. */
export interface ConnectionOptions {
  /** The netlink protocol (Protocol.Route, Protocol.Generic, ...). */
  protocol: number;
  /** Open the socket inside another network namespace: a name under /run/netns, a path, or an fd. */
  netns?: string | number;
  /** Ask for strict checking of requests (NETLINK_GET_STRICT_CHK), so dump filters are honoured. Default true. */
  strict?: boolean;
  /** Ask for extended ACKs (the kernel's error text). Default true. */
  extAck?: boolean;
  /** Receive buffer size in bytes (SO_RCVBUFFORCE, falling back to SO_RCVBUF). */
  receiveBufferSize?: number;
  /** Deliver messages whose sender is not the kernel (port id ≠ 0). Default false: they are dropped. */
  acceptNonKernel?: boolean;
  /** Readable names for message types, used in errors and debug output. */
  typeName?: (type: number) => string | undefined;
  /**
   * Once a dump has proven big (a few datagrams in), read the rest of it on a native thread
   * (NetlinkSocket.setReceiveThread), so the kernel builds the next datagrams while JavaScript decodes the last
   * ones. Small dumps and requests stay on the synchronous path. Default false.
   */
  receiveThread?: boolean;
}

/** Per request: flags, ACK, limits. */
export interface RequestOptions {
  /** Flags added to NLM_F_REQUEST (and NLM_F_ACK unless `ack` is false). */
  flags?: number;
  /**
   * Ask for an ACK. Default true. A GET that returns exactly one message can pass false: it completes on the
   * reply, saving a message (and is how fast lookups are done).
   */
  ack?: boolean;
  /** Milliseconds before the request rejects with ETIMEDOUT. Default: none. */
  timeout?: number;
  /** Aborts the request: it rejects with an AbortError (code 'ABORT_ERR'). */
  signal?: AbortSignal;
  /**
   * The kernel acknowledges the request first and answers later, in a message of its own with the request's
   * sequence number (generic netlink's NC-SI commands do): the request completes on that reply rather than on the
   * ACK. Implies `ack`. Give it a timeout: a reply that never comes is waited for.
   */
  lateReply?: boolean;
}

/**
 * Decodes the one reply of requestOne(): its nlmsg_type and its payload, buf[start, end) (NLMSG_ERROR and nothing
 * when the kernel only acknowledged). The bytes stay valid and are never rewritten, so the result may keep views
 * of them. A throw rejects the request.
 */
export type OneReplyDecoder<T> = (messageType: number, buf: Buffer, start: number, end: number) => T;

/** Per dump: flags, limits, retries. */
export interface DumpOptions {
  /** Flags added to NLM_F_REQUEST|NLM_F_DUMP. */
  flags?: number;
  /** Milliseconds before the dump rejects with ETIMEDOUT. Default: none. */
  timeout?: number;
  /** Aborts the dump: it rejects with an AbortError (code 'ABORT_ERR'). */
  signal?: AbortSignal;
  /** Re-run an interrupted dump (NLM_F_DUMP_INTR) up to this many times before returning it flagged. Default 0. */
  retryOnInterrupt?: number;
}

/** A whole dump's replies and how the kernel flagged them. */
export interface DumpResult {
  /** Every reply message of the dump, in order (NLMSG_DONE not included). */
  messages: Message[];
  /** The kernel's data changed during the dump (NLM_F_DUMP_INTR): the result may be inconsistent. */
  interrupted: boolean;
  /** The kernel applied the request's filter (NLM_F_DUMP_FILTERED). */
  filtered: boolean;
}

/**
 * The messages of one datagram of a dump, without an object per message: for message i, its payload is
 * `buffer[index[3i], index[3i + 1])` and its nlmsg_type is `index[3i + 2]`. Decoders that take (buffer, start,
 * end) read them straight from the received bytes, which keeps a large dump cheap for the garbage collector.
 */
export interface MessageChunk {
  /** The received bytes the messages are in. */
  buffer: Buffer;
  /** Three numbers per message: payload start, payload end, nlmsg_type. */
  index: number[];
}

/** A multicast message, with the group it was sent to (when the kernel says; see NETLINK_PKTINFO). */
export interface Notification extends Message {
  /** The multicast group it was sent to (0 when the kernel did not say). */
  group: number;
  /** The sender's network namespace id, with NETLINK_LISTEN_ALL_NSID. */
  nsid?: number;
}

