'use strict';
// Prints how long the published types of the public API are when an editor shows them in full: what each
// exported function and each public method returns, as TypeScript prints the type of a value it returned (the
// hover over `const route = await client.getRoute(...)`), read from dist/lib/index.d.ts (the file package.json's
// "types" names), with no truncation. An interface prints as its name; a type alias of a mapped or conditional
// type is lost on the value and prints expanded, field by field. Exits 1 when one is longer
// than the limit (--max N, default 400 characters), naming it.
const path = require('path');
const ts = require('typescript');

const root = path.join(__dirname, '..');
const max = Number(process.argv[process.argv.indexOf('--max') + 1]) || 400;
const entry = path.join(root, 'dist/lib/index.d.ts');
const program = ts.createProgram([entry], { strict: true, types: ['node'], skipLibCheck: true });
const checker = program.getTypeChecker();
const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;
const entryModule = checker.getSymbolAtLocation(program.getSourceFile(entry));

const rows = [];
// What an editor shows for `const x = await f()`: the return type as a value of it prints, its alias gone.
const signatures = (name, type, at) => {
  for (const sig of type.getCallSignatures()) {
    rows.push([name, checker.typeToString(checker.getReturnTypeOfSignature(sig), at, flags).length]);
  }
};
const visit = (prefix, symbol) => {
  for (const exported of checker.getExportsOfModule(symbol)) {
    const s = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const name = prefix + exported.name;
    const at = s.valueDeclaration ?? s.declarations?.[0];
    if (!at) continue;
    if (s.flags & ts.SymbolFlags.Module && s.flags & ts.SymbolFlags.ValueModule) {
      visit(`${name}.`, s);
      continue;
    }
    if (s.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable)) signatures(name, checker.getTypeOfSymbolAtLocation(s, at), at);
    if (s.flags & ts.SymbolFlags.Class) {
      const instance = checker.getDeclaredTypeOfSymbol(s);
      for (const member of checker.getPropertiesOfType(instance)) {
        const decl = member.valueDeclaration;
        if (!decl || ts.getCombinedModifierFlags(decl) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
        signatures(`${name}#${member.name}`, checker.getTypeOfSymbolAtLocation(member, decl), decl);
      }
      signatures(name, checker.getTypeOfSymbolAtLocation(s, at), at);
      for (const member of checker.getPropertiesOfType(checker.getTypeOfSymbolAtLocation(s, at))) {
        const decl = member.valueDeclaration;
        if (decl) signatures(`${name}.${member.name}`, checker.getTypeOfSymbolAtLocation(member, decl), decl);
      }
    }
  }
};
visit("", entryModule);
rows.sort((a, b) => b[1] - a[1]);
const long = rows.filter(([, n]) => n > max);
const show = process.argv.includes('--all') ? rows : rows.slice(0, 3);
for (const [name, n] of show) console.log(`${String(n).padStart(7)}  ${name}`);
console.log(`${rows.length} signatures; ${long.length} longer than ${max} characters`);
if (long.length > 0) {
  console.error(`type-lengths: these signatures print longer than ${max} characters: ${long.map(([n]) => n).join(', ')}` +
    '\n  (give the types they use a name: an interface, not a type alias of a mapped type)');
  process.exitCode = 1;
}
