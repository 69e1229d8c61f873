import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dateTime, LANGUAGES, number, setLanguage, t } from './i18n.svelte';
import { hasSentence } from './messages';
import en from '../locales/en';
import de from '../locales/de';
import fr from '../locales/fr';
import italian from '../locales/it';
import { swissGerman } from '../locales/shape';

const TRANSLATIONS = { en, de, 'de-CH': swissGerman(de), fr, it: italian };

type Tree = { [key: string]: string | Tree };

/** Every key of `tree` as `a.b.c`, with its text. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(path, value);
    else for (const [inner, text] of flatten(value, path)) flat.set(inner, text);
  }
  return flat;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** The keys as the code names them: a plural's forms under their base key. */
function baseKeys(flat: Map<string, string>): Set<string> {
  return new Set([...flat.keys()].map((key) => key.replace(PLURAL, '')));
}

/** The values put into a text, as `{{name}}` (the format after a comma left out). */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((match) => match[1] ?? '').sort();
}

const english = flatten(en);

describe('translations', () => {
  for (const { tag } of LANGUAGES) {
    const flat = flatten(TRANSLATIONS[tag] as unknown as Tree);

    it(`${tag}: has every key of English and no other`, () => {
      const mine = baseKeys(flat);
      const theirs = baseKeys(english);
      expect([...theirs].filter((key) => !mine.has(key)), 'missing').toEqual([]);
      expect([...mine].filter((key) => !theirs.has(key)), 'unknown').toEqual([]);
    });

    it(`${tag}: has each plural in exactly the forms the language has`, () => {
      const categories = new Intl.PluralRules(tag).resolvedOptions().pluralCategories;
      const plurals = new Set([...english.keys()].filter((key) => PLURAL.test(key)).map((key) => key.replace(PLURAL, '')));
      for (const base of plurals) {
        const forms = [...flat.keys()].filter((key) => key.replace(PLURAL, '') === base && PLURAL.test(key));
        expect(forms.map((key) => key.slice(base.length + 1)).sort(), base).toEqual([...categories].sort());
      }
    });

    it(`${tag}: puts in the same values as English`, () => {
      for (const [key, text] of flat) {
        const englishText = english.get(key) ?? english.get(key.replace(PLURAL, '_other')) ?? '';
        expect(placeholders(text), key).toEqual(placeholders(englishText));
      }
    });
  }

  it('writes Swiss German without ß and with Swiss quotation marks', () => {
    const swiss = [...flatten(TRANSLATIONS['de-CH'] as unknown as Tree).values()].join('\n');
    expect(swiss).not.toMatch(/[ß„“]/);
    expect(swiss).toContain('ausschliesslich');
    expect(swiss).toContain('«Erneut versuchen»');
    // Standard German keeps its own.
    expect([...flatten(TRANSLATIONS.de as unknown as Tree).values()].join('\n')).toContain('ausschließlich');
  });

  it('names no key like a plural form unless it is one', () => {
    // `…_other` is a plural to i18next: an error code such as `handler_owned_by_other` must not
    // be a key as it is (the error keys are the codes in camelCase).
    const plurals = [...english.keys()].filter((key) => PLURAL.test(key));
    for (const key of plurals) expect(english.has(key.replace(PLURAL, '_other')), key).toBe(true);
    expect(hasSentence('handler_owned_by_other')).toBe(true);
  });
});

/** Every file under `dir` whose name ends in one of `endings`, tests left out. */
function sources(dir: string, endings: string[]): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'locales' ? [] : sources(path, endings);
    return endings.some((ending) => name.endsWith(ending)) && !name.includes('.test.') ? [path] : [];
  });
}

describe('keys in the code', () => {
  // An error sentence is used when its code is written somewhere, as Rust or the UI send it.
  const rust = ['../wallet-core/src', '../src-tauri/src', '../walletconnect/src']
    .flatMap((dir) => sources(resolve(process.cwd(), dir), ['.rs']))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  // Vitest runs from ui/.
  const code = sources(resolve(process.cwd(), 'src'), ['.svelte', '.ts'])
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  // Keys appear in the code as string literals: `t('home.title')`, `key="…"`, or as the two
  // branches of a choice (`t(flag ? 'a.b' : 'a.c')`).
  const codes = new Set([...`${rust}\n${code}`.matchAll(/["']([a-z][a-z0-9]*(?:_[a-z0-9]+)*)["']/g)].map((match) => match[1]));
  const named = new Set([...code.matchAll(/['"`]([a-zA-Z]+(?:\.[a-zA-Z0-9]+)+)['"`]/g)].map((match) => match[1] ?? ''));

  it('uses every key of English (error sentences through the codes Rust sends)', () => {
    const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    const unused = [...baseKeys(english)].filter(
      (key) => !named.has(key) && !(key.startsWith('errors.') && codes.has(snake(key.slice(7)))),
    );
    expect(unused).toEqual([]);
  });

  it('names no key that English does not have', () => {
    const keys = baseKeys(english);
    const sections = new Set([...keys].map((key) => key.split('.')[0]));
    const unknown = [...named].filter((key) => sections.has(key.split('.')[0] ?? '') && !keys.has(key));
    expect(unknown).toEqual([]);
  });
});

describe('switching the language', () => {
  afterEach(() => setLanguage('en'));

  it('changes every text at once, plurals and numbers included', async () => {
    expect(t('welcome.waiting', { count: 1 })).toBe('A request is waiting. Set up your wallet first; nothing will be signed without you.');
    await setLanguage('de-CH');
    expect(t('keyring.retry')).toBe('Erneut versuchen');
    // Swiss grouping (an apostrophe, as the ICU at hand writes it), not English's comma.
    const swiss = new Intl.NumberFormat('de-CH').format(1200);
    expect(swiss).toMatch(/^1['’]200$/);
    expect(t('welcome.waiting', { count: 1200 })).toBe(`${swiss} Anfragen warten. Richten Sie zuerst Ihre Wallet ein; ohne Sie wird nichts signiert.`);
    expect(number(1234567)).toMatch(/^1['’]234['’]567$/);
    await setLanguage('fr');
    expect(t('sign.size', { count: 1 })).toBe('1 octet.');
    expect(t('sign.size', { count: 70000 })).toBe('70\u202f000 octets.');
    await setLanguage('it');
    expect(t('import.words', { count: 12 })).toBe('12 parole');
    expect(document.documentElement.lang).toBe('it');
  });

  it('writes dates as the language does', async () => {
    const moment = Date.UTC(2026, 11, 4, 10, 5) / 1000;
    await setLanguage('de');
    expect(dateTime(moment)).toMatch(/^04\.12\.2026, \d\d:05$/);
    await setLanguage('en');
    expect(dateTime(moment)).toMatch(/^Dec 4, 2026, \d{1,2}:05\s?[AP]M$/);
  });

  it('keeps a value put in exactly as it came, never translated or escaped', async () => {
    await setLanguage('fr');
    expect(t('delivery.accepted', { host: 'vasp.example & <b>' })).toBe('vasp.example & <b> a vérifié l’adresse. C’est terminé.');
  });
});
