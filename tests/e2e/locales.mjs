// The app's messages in each language, read from ui/src/locales/*.ts with the UI's own
// TypeScript (transpiled, not type-checked), so that the tests can tell a text a language
// writes as English does (“Ether”) from an English text left untranslated.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './harness.mjs';

const LOCALES = join(ROOT, 'ui/src/locales');
const ts = createRequire(join(ROOT, 'ui/package.json'))('typescript');

let built;

/** Transpiles the locale modules once, into a scratch directory, and returns it. */
function build() {
  if (built) return built;
  built = mkdtempSync(join(tmpdir(), 'aopp-locales-'));
  for (const name of ['en', 'de', 'fr', 'it', 'shape']) {
    const source = readFileSync(join(LOCALES, `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    writeFileSync(join(built, `${name}.mjs`), outputText.replace(/from '\.\/(\w+)'/g, "from './$1.mjs'"));
  }
  return built;
}

function flatten(tree) {
  return Object.values(tree).flatMap((value) => (typeof value === 'string' ? [value] : flatten(value)));
}

/** Every text of `tag`'s messages (`en`, `de`, `de-CH`, `fr`, `it`). */
export async function texts(tag) {
  const dir = build();
  const load = async (name) => (await import(pathToFileURL(join(dir, `${name}.mjs`)).href)).default;
  if (tag === 'de-CH') {
    const { swissGerman } = await import(pathToFileURL(join(dir, 'shape.mjs')).href);
    return new Set(flatten(swissGerman(await load('de'))));
  }
  return new Set(flatten(await load(tag)));
}
