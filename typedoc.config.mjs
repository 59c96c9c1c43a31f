// The API reference (`npm run docs`, into docs/api/): TypeDoc over the package's entry, every warning an error.
// An exported symbol or public member without a TSDoc comment fails the build, named in the message
// ("X (Property), defined in lib/..., does not have any documentation"): add a /** ... */ comment above it.
// docs/undocumented.txt lists the members documented by no comment yet, one qualified name a line; it only
// shrinks: an entry that is documented (or gone) is an error too, so remove it when you add the comment.
import { readFileSync } from 'fs';

const undocumented = readFileSync(new URL('./docs/undocumented.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'linux-netlink',
  entryPoints: ['lib/index.ts'],
  tsconfig: 'tsconfig.typedoc.json',
  out: 'docs/api',
  readme: 'none',
  // Source links name the project's repository whatever the clone's remote (CI's clone has a local path there,
  // which TypeDoc cannot turn into a link and warns about).
  sourceLinkTemplate: 'https://github.com/linux-netlink/linux-netlink/blob/{gitRevision}/{path}#L{line}',
  plugin: ['./scripts/typedoc/collapse-descriptions.mjs'],
  excludePrivate: true,
  excludeProtected: true,
  excludeInternal: true,
  excludeExternals: true,
  sort: ['source-order'],
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  requiredToBeDocumented: [
    'Enum', 'EnumMember', 'Variable', 'Function', 'Class', 'Interface', 'Constructor', 'Property', 'Method',
    'Accessor', 'TypeAlias', 'Namespace',
  ],
  // The types a description is built from, named where the descriptions are written, not part of the API.
  intentionallyNotExported: [
    'LinkFields', 'StructSpec.members',
    // lib/diag's struct descriptions, which its exported interfaces are made from.
    'tcpInfoStruct', 'inetMeminfoStruct', 'skMeminfoStruct', 'vegasInfoStruct', 'dctcpInfoStruct', 'packetRingStruct',
  ],
  intentionallyNotDocumented: undocumented,
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
};
