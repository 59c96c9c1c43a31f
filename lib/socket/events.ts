// An EventEmitter typed by the events it emits: a misspelt event name or a listener of the wrong shape does not
// compile. At run time it is Node's own EventEmitter, nothing added.
import { EventEmitter } from 'events';

/**
 * Event names and the arguments their listeners receive, as an interface:
 * `{ change: [event: ChangeEvent]; close: [] }`.
 */
export type EventMap<T> = { [K in keyof T]: unknown[] };

/** A listener of event `K` of `Events`. */
export type EventListener<Events extends EventMap<Events>, K extends keyof Events> = (...args: Events[K]) => void;

/**
 * Node's EventEmitter, its methods typed by `Events`: `on('change', (e) => ...)` knows what `e` is, and an event
 * name `Events` does not have is a compile error. Classes of this package that emit events extend it.
 * @typeParam Events - the event names and their listeners' arguments (see {@link EventMap}).
 */
export interface TypedEventEmitter<Events extends EventMap<Events>> {
  /** Adds `listener` for `event` (as Node's `emitter.on`). */
  on<K extends keyof Events & string>(event: K, listener: EventListener<Events, K>): this;
  /** Alias of {@link TypedEventEmitter.on}. */
  addListener<K extends keyof Events & string>(event: K, listener: EventListener<Events, K>): this;
  /** Adds `listener` for the next `event` only. */
  once<K extends keyof Events & string>(event: K, listener: EventListener<Events, K>): this;
  /** Adds `listener` before the listeners `event` already has. */
  prependListener<K extends keyof Events & string>(event: K, listener: EventListener<Events, K>): this;
  /** Adds `listener` for the next `event` only, before the listeners it already has. */
  prependOnceListener<K extends keyof Events & string>(event: K, listener: EventListener<Events, K>): this;
  /** Removes `listener` from `event` (as Node's `emitter.off`). */
  off<K extends keyof Events & string>(event: K, listener: EventListener<Events, K>): this;
  /** Alias of {@link TypedEventEmitter.off}. */
  removeListener<K extends keyof Events & string>(event: K, listener: EventListener<Events, K>): this;
  /** Removes every listener of `event`, or of every event. */
  removeAllListeners(event?: keyof Events & string): this;
  /** Calls the listeners of `event` with `args`; true if it had any. */
  emit<K extends keyof Events & string>(event: K, ...args: Events[K]): boolean;
  /** How many listeners `event` has. */
  listenerCount(event: keyof Events & string): number;
  /** A copy of the listeners of `event`. */
  listeners<K extends keyof Events & string>(event: K): Array<EventListener<Events, K>>;
  /** A copy of the listeners of `event`, including the wrappers `once()` made. */
  rawListeners<K extends keyof Events & string>(event: K): Array<EventListener<Events, K>>;
  /** The events that have listeners. */
  eventNames(): Array<string | symbol>;
  /** Sets how many listeners an event may have before Node warns of a leak. */
  setMaxListeners(n: number): this;
  /** How many listeners an event may have before Node warns of a leak. */
  getMaxListeners(): number;
}

/** Node's EventEmitter, typed as {@link TypedEventEmitter} of `Events`: what event-emitting classes extend. */
export const TypedEventEmitter = EventEmitter as unknown as {
  /** An emitter with no listeners yet (Node's `new EventEmitter()`). */
  new <Events extends EventMap<Events>>(): TypedEventEmitter<Events>;
};
