// The values of names the installed uapi headers declare, printed by a C program: the independent check of every
// number this library writes down or derives.
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** The C compiler on PATH, if there is one. */
export const cCompiler = ['cc', 'gcc'].find((cc) => {
  try {
    execFileSync(cc, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

/** The value of each C expression of `names` (as a long) after `includes`; `prelude` lines go before main(). */
export function uapiValues(includes: string[], names: string[], prelude: string[] = []): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'lnl-uapi-'));
  try {
    const src = [
      '#include <stdio.h>',
      '#include <sys/socket.h>',
      ...includes.map((h) => `#include <${h}>`),
      ...prelude,
      'int main(void) {',
      ...names.map((name) => `  printf("%ld\\n", (long)(${name}));`),
      '  return 0;',
      '}',
    ].join('\n');
    writeFileSync(join(dir, 'c.c'), src);
    execFileSync(cCompiler!, ['-o', join(dir, 'c'), join(dir, 'c.c')]);
    return execFileSync(join(dir, 'c'), { encoding: 'utf8' }).trim().split('\n').map(Number);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
