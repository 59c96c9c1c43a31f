// The package's entry points: the runtime entry (main.js) offers exactly the typed surface of index.js and loads a
// family only when one of its names is first read; the package's entry (main.js bundled, dist/bundle) offers the
// same names, and the ES-module entry shares its instances.
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { join } from 'path';

const root = join(__dirname, '../../..');
const mainPath = join(root, 'dist/lib/main.js');
const indexPath = join(root, 'dist/lib/index.js');

/** Runs `code` in a fresh Node process (a clean module cache) and returns what it printed, parsed as JSON. */
function inFreshProcess(code: string, args: string[] = []): any {
  return JSON.parse(execFileSync(process.execPath, [...args, '-e', code], { cwd: root, encoding: 'utf8' }));
}

const loadedFamilies = `Object.keys(require.cache)
  .map((f) => f.replace(/\\\\/g, '/').match(/dist\\/lib\\/(route|uevent)\\//)?.[1]).filter(Boolean)
  .filter((f, i, all) => all.indexOf(f) === i).sort()`;

describe('package entry points', () => {
  it('main.js exports the same names and the same values as index.js', () => {
    const main = require(mainPath);
    const index = require(indexPath);
    expect(Object.keys(main).sort()).to.deep.equal(Object.keys(index).sort());
    for (const name of Object.keys(index)) {
      if (name === 'route' || name === 'uevent') {
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
