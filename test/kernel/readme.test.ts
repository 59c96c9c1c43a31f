// The README's TypeScript examples: each type-checks under --strict against the package's own declarations,
// and runs for real (as root; examples that change anything do it inside the namespace they name, which this
// test creates and deletes).
import { expect } from 'chai';
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ip, skipUnlessRoot, skipWithReason } from '../helpers/netns';

const root = join(__dirname, '../../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** ```ts blocks; a block whose first line is `// not run` is only type-checked. */
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
/** The namespace the README's examples name, and the unique one this run gives them instead. */
const README_NETNS = 'lnl-demo';
const DEMO_NETNS = `lnl-demo-${process.pid}`;

let typescript: typeof import('typescript') | undefined;
try {
  typescript = require('typescript');
} catch {
  typescript = undefined; // e.g. inside the QEMU guest, which carries no compiler
}

describe('README examples', function () {
  this.timeout(120000);
  let dir: string;

  before(function () {
    if (!typescript) skipWithReason(this, 'typescript is not installed here');
    // Inside the package, `import 'linux-netlink'` resolves to this checkout by the package's self-reference.
    mkdirSync(join(root, 'dist'), { recursive: true });
    dir = mkdtempSync(join(root, 'dist', 'readme-'));
    examples.forEach((code, i) => writeFileSync(join(dir, `example${i}.mts`), code));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('has examples', () => {
    expect(examples.length).to.be.at.least(5);
  });

  it('every example type-checks under tsc --strict', () => {
    const ts = typescript!;
    const files = examples.map((_, i) => join(dir, `example${i}.mts`));
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
      skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${d.file.fileName.replace(dir + '/', '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).to.deep.equal([]);
  });

  describe('every example runs', function () {
    before(function () {
      skipUnlessRoot(this, 'the examples need root');
      ip(['netns', 'add', DEMO_NETNS]);
      created = true;
      ip(['-n', DEMO_NETNS, 'link', 'set', 'lo', 'up']);
    });
    let created = false;
    after(() => {
      if (created) ip(['netns', 'del', DEMO_NETNS]);
    });

    examples.forEach((code, i) => {
      const title = code.split('\n')[0];
      if (title.startsWith('// not run')) return;
      it(`example ${i + 1}: ${title.replace(/^\/\/\s*/, '')}`, () => {
        const js = typescript!.transpileModule(code.split(README_NETNS).join(DEMO_NETNS), { compilerOptions: { module: typescript!.ModuleKind.ES2022, target: typescript!.ScriptTarget.ES2022 } }).outputText;
        const file = join(dir, `run${i}.mjs`);
        writeFileSync(file, js);
        execFileSync(process.execPath, [file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20000 });
      });
    });
  });
});
