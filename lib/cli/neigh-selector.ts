// Which neighbours `neigh show` and `neigh flush` mean: `[dev DEVICE] [nud STATE|all]`, read as ip reads them.
import { ArgReader, UsageError, pickKeyword } from './args';
import { NEIGHBOUR_STATES as IP_STATES } from './format/names';

/** The neighbours a `show` or `flush` selects. */
export interface NeighbourSelector {
  dev?: string;
  /** NUD_* bits to show; undefined means ip's default selection; 'all' everything. */
  states?: number | 'all';
}

/** Reads `[dev DEVICE] [nud STATE|all]` (ip's words and messages). */
export function parseNeighbourSelector(args: readonly string[]): NeighbourSelector {
  const selector: NeighbourSelector = {};
  const reader = new ArgReader(args);
  while (!reader.done) {
    const word = reader.next()!;
    switch (pickKeyword(word, ['dev', 'nud'] as const)) {
      case 'dev':
        selector.dev = reader.value('dev');
        break;
      case 'nud': {
        const state = reader.value('nud').toUpperCase();
        if (state === 'ALL') {
          selector.states = 'all';
          break;
        }
        const bit = state === 'NONE' ? 0x100 : IP_STATES.find(([, name]) => name === state)?.[0];
        if (bit === undefined) throw new UsageError(`nud state "${state.toLowerCase()}" is unknown`);
        selector.states = (selector.states === undefined || selector.states === 'all' ? 0 : selector.states) | bit;
        break;
      }
      default:
        if (selector.dev !== undefined) throw new UsageError(`Error: either "dev" is duplicate, or "${word}" is garbage.`);
        selector.dev = word;
    }
  }
  return selector;
}
