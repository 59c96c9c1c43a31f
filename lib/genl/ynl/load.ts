// loadSpec(): a spec file a user brings (the kernel's YAML format), read at run time. Only this path needs a YAML
// parser, and it is loaded here, on first use: the vendored specs are compiled at build time.
import { readFileSync } from 'fs';
import { describeFamily, FamilyDescription, SpecError } from './description';

/** Parses YAML text with the `yaml` package, which must be installed for this (it is not a dependency). */
export function parseYaml(text: string, where: string): unknown {
  let yaml: { parse(text: string): unknown };
  try {
    yaml = require('yaml');
  } catch {
    throw new SpecError(`${where}: reading a YAML spec at run time needs the 'yaml' package (npm install yaml)`);
  }
  try {
    return yaml.parse(text);
  } catch (err) {
    throw new SpecError(`${where}: not valid YAML: ${(err as Error).message}`);
  }
}

/** Reads and normalizes a spec file (YAML, or the JSON form lib/genl/ynl/generated holds). */
export function loadSpec(path: string): FamilyDescription {
  const text = readFileSync(path, 'utf8');
  const parsed = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text, path);
  return describeFamily(parsed as Record<string, unknown>);
}
