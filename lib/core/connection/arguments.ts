// What the Connection checks of its callers' arguments before anything is registered or sent (Node-style
// errors from ../validate): its options, a request's type, payload and options, subscription groups.
import {
  checkBoolean,
  checkBytes,
  checkFunction,
  checkInteger,
  checkObject,
  checkOptionalInteger,
  checkRequestOptions,
  checkU16,
  invalidType,
} from '../validate';
import { ConnectionOptions } from './options';

/** A request's or dump's type (16 bits), payload (bytes), options and, for request(), its decode function. */
export function checkRequest(type: unknown, payload: unknown, options: unknown, decode?: unknown): void {
  checkU16(type, 'type');
  checkBytes(payload, 'payload');
  checkRequestOptions(options);
  checkBoolean((options as { lateReply?: unknown } | undefined)?.lateReply, 'options.lateReply');
  checkFunction(decode, 'decode');
}

/** The Connection's own options. */
export function checkConnectionOptions(options: ConnectionOptions): void {
  checkObject(options, 'options', false);
  checkBoolean(options.strict, 'options.strict');
  checkBoolean(options.extAck, 'options.extAck');
  checkBoolean(options.acceptNonKernel, 'options.acceptNonKernel');
  checkBoolean(options.receiveThread, 'options.receiveThread');
  checkOptionalInteger(options.receiveBufferSize, 'options.receiveBufferSize', 0, 0x7fffffff);
  checkFunction(options.typeName, 'options.typeName');
}

/** Multicast group numbers: an array of integers 1 and up. */
export function checkGroups(groups: unknown): void {
  if (!Array.isArray(groups)) throw invalidType('groups', 'an array of group numbers', groups);
  groups.forEach((g, i) => checkInteger(g, `groups[${i}]`, 1, 0xffffffff));
}
