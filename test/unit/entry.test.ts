// The package's entry points: the runtime entry (main.js, derived from index.js at build) offers exactly the typed
// surface of index.js and loads a family only when one of its names is first read; the package's entry (main.js
// bundled, dist/bundle) offers the same names, and the ES-module entry shares its instances.
import { expect } from 'chai';
import { SLOWDOWN } from '../helpers/netns';
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

const root = join(__dirname, '../../..');
const mainPath = join(root, 'dist/lib/main.js');
const indexPath = join(root, 'dist/lib/index.js');

interface Family {
  name: string;
  entry: string;
  names: string[];
}
const { familiesOf, writeRuntimeEntry } = require(join(root, 'scripts/runtime-entry.js')) as {
  familiesOf(libDir: string): Family[];
  writeRuntimeEntry(libDir: string): Family[];
};

/** Runs `code` in a fresh Node process (a clean module cache) and returns what it printed, parsed as JSON. */
function inFreshProcess(code: string, args: string[] = []): any {
  return JSON.parse(execFileSync(process.execPath, [...args, '-e', code], { cwd: root, encoding: 'utf8' }));
}

// The family folders (anything under dist/lib but the core, the socket and the CLI) whose modules are loaded.
const loadedFamilies = `Object.keys(require.cache)
  .map((f) => f.replace(/\\\\/g, '/').match(/dist\\/lib\\/(?!core\\/|socket\\/|cli\\/)([^/]+)\\//)?.[1]).filter(Boolean)
  .filter((f, i, all) => all.indexOf(f) === i).sort()`;

describe('package entry points', () => {
  it('main.js exports the same names and the same values as index.js', () => {
    const main = require(mainPath);
    const index = require(indexPath);
    expect(Object.keys(main).sort()).to.deep.equal(Object.keys(index).sort());
    const families = familiesOf(join(root, 'dist/lib')).map((f) => f.name);
    expect(families).to.include.members(['route', 'uevent']);
    for (const name of Object.keys(index)) {
      if (families.includes(name)) {
        expect(Object.keys(main[name]).sort(), name).to.deep.equal(Object.keys(index[name]).sort());
        for (const inner of Object.keys(index[name])) expect(main[name][inner], `${name}.${inner}`).to.equal(index[name][inner]);
      } else {
        expect(main[name], name).to.equal(index[name]);
      }
    }
  });

  it('loads no family until one of its names is read, then only that family', () => {
    const seen = inFreshProcess(`
      const lib = require(${JSON.stringify(mainPath)});
      const atStart = ${loadedFamilies};
      lib.Connection; lib.NetlinkSocket;
      const afterCore = ${loadedFamilies};
      lib.RouteClient;
      const afterRoute = ${loadedFamilies};
      lib.uevent.UeventMonitor;
      console.log(JSON.stringify({ atStart, afterCore, afterRoute, afterUevent: ${loadedFamilies} }));`);
    expect(seen).to.deep.equal({ atStart: [], afterCore: [], afterRoute: ['route'], afterUevent: ['route', 'uevent'] });
  });

  it('each family loads alone (with the family it builds on, if any), by its namespace or by a name it exports at the top level', function () {
    // two fresh processes a family: about 10 s each in the QEMU guest
    this.timeout(30000 * SLOWDOWN);
    // A family over a spec'd generic netlink family builds on lib/genl (docs/adding-a-family.md): it loads with it.
    const buildsOn: Record<string, string[]> = { ncsi: ['genl'] };
    for (const family of familiesOf(join(root, 'dist/lib'))) {
      for (const name of [family.name, ...family.names.slice(0, 1)]) {
        const seen = inFreshProcess(`
          const lib = require(${JSON.stringify(mainPath)});
          lib[${JSON.stringify(name)}];
          console.log(JSON.stringify(${loadedFamilies}));`);
        expect(seen, name).to.deep.equal([family.name, ...(buildsOn[family.name] ?? [])].sort());
      }
    }
  });

  it('rtnetlink loads its message kinds other than routes only when one of their names is read', () => {
    const kinds = `Object.keys(require.cache).map((f) => f.replace(/\\\\/g, '/').match(/dist\\/lib\\/route\\/messages\\/(\\w+)\\.js$/)?.[1]).filter(Boolean).sort()`;
    const seen = inFreshProcess(`
      const lib = require(${JSON.stringify(mainPath)});
      lib.RouteClient.open; lib.route.decodeRoute; lib.route.RouteAttribute;
      const routesOnly = ${kinds};
      lib.route.LinkAttribute;
      console.log(JSON.stringify({ routesOnly, afterLinks: ${kinds} }));`);
    expect(seen).to.deep.equal({ routesOnly: ['route'], afterLinks: ['link', 'route'] });
  });

  it("require('linux-netlink') is the bundle of main.js, with the same names, and works", () => {
    const seen = inFreshProcess(`
      const lib = require('linux-netlink');
      const route = lib.route.decodeRoute(lib.route.encodeRoute({ family: 'inet', dst: '10.1.2.3', dstLen: 32, table: 300 }));
      console.log(JSON.stringify({ file: require.resolve('linux-netlink'), names: Object.keys(lib).sort(),
        route: [route.dst, route.table], fromBundle: Object.keys(require.cache).filter((f) => f.includes('dist/lib/')) }));`);
    expect(seen.file).to.equal(join(root, 'dist/bundle/linux-netlink.js'));
    expect(seen.names).to.deep.equal(Object.keys(require(indexPath)).sort());
    expect(seen.route).to.deep.equal(['10.1.2.3', 300]);
    // Everything came out of the bundle: no module file of dist/lib was loaded on the side.
    expect(seen.fromBundle).to.deep.equal([]);
  });

  it("the ES-module entry is the same instance as require('linux-netlink')", () => {
    const same = inFreshProcess(
      `import * as esm from 'linux-netlink';
       import { createRequire } from 'module';
       const cjs = createRequire(${JSON.stringify(join(root, 'package.json'))})('linux-netlink');
       console.log(JSON.stringify([esm.RouteClient === cjs.RouteClient, esm.route.decodeRoute === cjs.route.decodeRoute,
         esm.UeventMonitor === cjs.UeventMonitor, esm.Connection === cjs.Connection, typeof esm.RouteClient.open]));`,
      ['--input-type=module'],
    );
    expect(same).to.deep.equal([true, true, true, true, 'function']);
  });
});

// A small compiled library, as tsc writes one: a core, a family with a runtime entry of its own (main.js), one
// without, and a family's class also exported at the top level.
const FIXTURE: Record<string, string> = {
  'core/index.js': `'use strict'; Object.defineProperty(exports, '__esModule', { value: true }); exports.Connection = class Connection {};`,
  'alpha/index.js': `'use strict'; Object.defineProperty(exports, '__esModule', { value: true });
    exports.AlphaClient = class AlphaClient {}; exports.decodeAlpha = () => 'alpha';`,
  'alpha/main.js': `'use strict'; globalThis.loaded?.push('alpha/main'); Object.assign(exports, require('./index'));`,
  'beta/index.js': `'use strict'; Object.defineProperty(exports, '__esModule', { value: true }); globalThis.loaded?.push('beta');
    exports.BETA_GROUP = 1;`,
  'index.js': `'use strict'; Object.defineProperty(exports, '__esModule', { value: true });
    Object.assign(exports, require('./core'));
    exports.alpha = require('./alpha'); exports.beta = require('./beta');
    exports.AlphaClient = exports.alpha.AlphaClient;`,
};

describe('the runtime entry derived from index.js (scripts/runtime-entry.js)', () => {
  let lib: string;
  beforeEach(() => {
    lib = mkdtempSync(join(tmpdir(), 'lnl-entry-'));
    for (const [file, text] of Object.entries({ ...FIXTURE, 'core/family/lazy.js': readFileSync(join(root, 'dist/lib/core/family/lazy.js'), 'utf8') })) {
      mkdirSync(dirname(join(lib, file)), { recursive: true });
      writeFileSync(join(lib, file), text);
    }
  });
  afterEach(() => rmSync(lib, { recursive: true, force: true }));

  it("finds each family by its namespace, its runtime entry, and the top-level names that are a family's", () => {
    expect(writeRuntimeEntry(lib)).to.deep.equal([
      { name: 'alpha', entry: './alpha/main', names: ['AlphaClient'] },
      { name: 'beta', entry: './beta', names: [] },
    ]);
    const seen = inFreshProcess(`
      globalThis.loaded = [];
      const main = require(${JSON.stringify(join(lib, 'main.js'))});
      const names = Object.keys(main).sort();
      const atStart = [...globalThis.loaded];
      const client = main.AlphaClient.name;
      console.log(JSON.stringify({ names, atStart, client, decoded: main.alpha.decodeAlpha(), group: main.beta.BETA_GROUP, loaded: globalThis.loaded }));`);
    expect(seen).to.deep.equal({
      names: ['AlphaClient', 'Connection', 'alpha', 'beta'],
      atStart: [],
      client: 'AlphaClient',
      decoded: 'alpha',
      group: 1,
      loaded: ['alpha/main', 'beta'],
    });
  });

  it("refuses a top-level name that is neither the core's nor a family's", () => {
    writeFileSync(join(lib, 'index.js'), `${FIXTURE['index.js']}\nexports.stray = 1;`);
    expect(() => familiesOf(lib)).to.throw(/'stray', which is neither the core's nor a name of a family's namespace/);
  });
});
