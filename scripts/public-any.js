'use strict';
// Finds `any` in the public API: every `any` written in the declaration of a symbol the package exports
// (dist/lib/index.d.ts, the file package.json's "types" names, and the namespaces it exports, followed down),
// members of exported classes and interfaces included, and what a class inherits from Node's own classes. A user's code gets no type checking where one appears.
// Prints each with its place; exits 1 when there is one beyond the few the spec model still needs (below).
const path = require('path');
const ts = require('typescript');

const root = path.join(__dirname, '..');
const entry = path.join(root, 'dist/lib/index.d.ts');
const program = ts.createProgram([entry], { strict: true, types: ['node'], skipLibCheck: true });
const checker = program.getTypeChecker();

// The spec model's own `any`, each count a most: the value types a description may hold (ValueType, StructMembers'
// codecs, nested()'s set) and ValueOf's guard against it. Tightened, TypeScript can no longer infer the
// descriptions that refer to themselves (a veth's peer is a whole link message): route/messages/link.ts fails.
const ALLOWED = { 'spec.ValueType': 6, 'spec.ValueOf': 1, 'spec.StructMembers': 1, 'spec.nested': 1 };

const found = new Map(); // "file:line:column" → the declaration's name
const seen = new Set();
const walk = (name, node) => {
  if (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Private) return;
  if (node.kind === ts.SyntaxKind.AnyKeyword) {
    const file = node.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    found.set(`${path.relative(root, file.fileName)}:${line + 1}:${node.getStart() - file.getLineStarts()[line] + 1}`, name);
    return;
  }
  ts.forEachChild(node, (child) => walk(name, child));
};
const visit = (prefix, moduleSymbol) => {
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const s = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (seen.has(s)) continue;
    seen.add(s);
    const name = prefix + exported.name;
    if (s.flags & ts.SymbolFlags.ValueModule) {
      visit(`${name}.`, s);
      continue;
    }
    for (const d of s.declarations ?? []) {
      if (d.getSourceFile().fileName.includes('/node_modules/')) continue;
      walk(name, d);
    }
    // What a class inherits is its API too (a class extending Node's EventEmitter has its `any` listeners).
    if (s.flags & ts.SymbolFlags.Class) {
      // Node's declarations reach `any` through aliases: the member's type as the class has it is printed instead.
      const at = s.valueDeclaration;
      for (const member of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(s))) {
        const d = member.declarations?.[0];
        if (!d || !d.getSourceFile().fileName.includes('/node_modules/')) continue;
        const text = checker.typeToString(checker.getTypeOfSymbolAtLocation(member, at), at, ts.TypeFormatFlags.NoTruncation);
        if (/\bany\b/.test(text)) found.set(`${path.relative(root, at.getSourceFile().fileName)} ${name}#${member.name}`, text);
      }
    }
  }
};
visit('', checker.getSymbolAtLocation(program.getSourceFile(entry)));
const counts = {};
for (const name of found.values()) counts[name] = (counts[name] ?? 0) + 1;
const over = Object.keys(counts).filter((name) => counts[name] > (ALLOWED[name] ?? 0));
for (const [where, name] of found) if (over.includes(name) || process.argv.includes('--all')) console.log(`${where}  ${name}`);
console.log(`public-any: ${found.size} \`any\` in the declarations of the public API (${Object.values(ALLOWED).reduce((a, b) => a + b)} allowed)`);
if (over.length > 0) {
  console.error(`public-any: \`any\` in ${over.join(', ')}: give it a type (unknown, a named interface, a generic)`);
  process.exitCode = 1;
}
