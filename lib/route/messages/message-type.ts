// The one check every rtnetlink decoder makes on the nlmsg_type it was handed.
import { DecodeError } from '../../core/errors';

/**
 * Flags (in `decodeErrors`) a message decoded as `what` although its nlmsg_type is not one of that kind's; the
 * object itself is kept, as for every other decoding problem.
 */
export function checkMessageType<T extends { decodeErrors?: DecodeError[] }>(
  value: T,
  messageType: number | undefined,
  accepted: ReadonlySet<number>,
  what: string,
): T {
  if (messageType !== undefined && !accepted.has(messageType)) {
    (value.decodeErrors ??= []).push(new DecodeError(`message type ${messageType} is not ${what} message`, 0));
  }
  return value;
}
