// A TypeDoc plugin: a constant whose type TypeScript inferred from an object literal (a message, attribute set or
// struct description such as route.linkAttributes, or a table such as route.LINK_TYPES) is documented by its own
// comment, its type shown as TypeScript prints it. Without this, TypeDoc turns every property of the inferred
// literal (`linkAttributes.fields.ifname.id`) into a member of its own, thousands in all, none a public member of
// the API: the fields of the objects they describe are documented on the interfaces (route.Link, ...).
import { Converter, ReflectionKind, ReflectionType, UnknownType } from 'typedoc';

/** The type literals (object types with members) inside a converted type. */
function literalsIn(type, found = []) {
  if (!type) return found;
  if (type instanceof ReflectionType) {
    if (type.declaration.children?.length) found.push(type.declaration);
    return found;
  }
  for (const key of ['typeArguments', 'types', 'elements']) for (const t of type[key] ?? []) literalsIn(t, found);
  for (const key of ['elementType', 'target', 'objectType', 'indexType', 'checkType', 'extendsType', 'trueType', 'falseType']) {
    if (type[key] && typeof type[key] === 'object' && 'type' in type[key]) literalsIn(type[key], found);
  }
  return found;
}

// ts.CheckFlags.Mapped: a property a mapped type made (the fields of a message interface such as route.Link,
// made from its description). TypeDoc converts such a property from its declaration, which is the description's
// entry ({ id: 4, type: 'u32' }), not the field's type (number): its type is printed by TypeScript instead.
const MAPPED = 1 << 18;

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    const variable = reflection.kindOf(ReflectionKind.Variable);
    if (!variable && !reflection.kindOf(ReflectionKind.Property)) return;
    const symbol = context.getSymbolFromReflection(reflection);
    if (!symbol) return;
    const mapped = ((symbol.links?.checkFlags ?? symbol.checkFlags ?? 0) & MAPPED) !== 0;
    if (!variable && !mapped) return;
    const literals = literalsIn(reflection.type);
    if (!mapped && literals.length === 0) return;
    const checker = context.checker;
    const type = mapped ? checker.getTypeOfSymbol(symbol) : checker.getTypeOfSymbolAtLocation(symbol, symbol.valueDeclaration);
    const text = checker.typeToString(type, undefined, mapped ? 1 : 0); // NoTruncation for fields
    for (const literal of literals) context.project.removeReflection(literal);
    reflection.type = new UnknownType(mapped ? text.replace(/ \| undefined$/, '') : text);
  });
}
