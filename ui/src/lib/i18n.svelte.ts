// The screens' words in the user's language, through i18next: every text is a key of
// `src/locales/en.ts`. The other languages are parts of the app of their own, each loaded from
// the app's own files when first used (nothing is fetched from anywhere else), so an English
// start parses none of them. The language is the one Rust reports (`api.language`): the one
// picked in Settings, else the system's locale.
import i18next from 'i18next';
import type { Language } from './api';
import en from '../locales/en';
import { swissGerman, type Translation } from '../locales/shape';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
    returnNull: false;
  }
}

/** Every language, each by its own name (as a language menu shows them). */
export const LANGUAGES: { tag: Language; name: string }[] = [
  { tag: 'en', name: 'English' },
  { tag: 'de', name: 'Deutsch' },
  { tag: 'de-CH', name: 'Deutsch (Schweiz)' },
  { tag: 'fr', name: 'Français' },
  { tag: 'it', name: 'Italiano' },
];

/** The messages of each language but English, loaded when first used. */
const LOADERS: Record<Exclude<Language, 'en'>, () => Promise<Translation>> = {
  de: () => import('../locales/de').then((module) => module.default),
  'de-CH': () => import('../locales/de').then((module) => swissGerman(module.default)),
  fr: () => import('../locales/fr').then((module) => module.default),
  it: () => import('../locales/it').then((module) => module.default),
};

const i18n = i18next.createInstance();
void i18n.init({
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: LANGUAGES.map((language) => language.tag),
  // `de-CH` has all its messages: no lookup in `de` first.
  load: 'currentOnly',
  initAsync: false,
  // Svelte escapes what it inserts; escaping here too would show `&amp;`.
  interpolation: { escapeValue: false },
  resources: { en: { translation: en } },
});

let current = $state<Language>('en');

/** Switches every screen to `tag`, at once, once its messages are loaded. */
export async function setLanguage(tag: Language): Promise<void> {
  if (tag !== 'en' && !i18n.hasResourceBundle(tag, 'translation')) {
    i18n.addResourceBundle(tag, 'translation', await LOADERS[tag]());
  }
  await i18n.changeLanguage(tag);
  current = tag;
  document.documentElement.lang = tag;
}

/**
 * The text of `key` in the current language. Reading `current` makes every template that calls
 * it depend on the language, so a change in Settings redraws them.
 */
const untyped = i18n.t as unknown as (...args: unknown[]) => string;
export const t = ((...args: unknown[]) => {
  void current;
  return untyped(...args);
}) as unknown as typeof i18n.t;

/** A key of the messages. */
export type MessageKey = Parameters<typeof t>[0];

/** A piece of a sentence: words of the language, or data put into them (never translated). */
export interface Piece {
  text: string;
  data: boolean;
}

/**
 * The text of `key` cut where its values go, so a template can set them apart (a domain in
 * monospace, an address with `translate="no"`) without HTML in the messages.
 */
export function pieces(key: MessageKey, values: Record<string, string | number>): Piece[] {
  const marked = Object.fromEntries(Object.keys(values).map((name) => [name, `\u{E000}${name}\u{E001}`]));
  void current;
  const text = untyped(key, marked);
  return text
    .split(/\u{E000}(\w+)\u{E001}/u)
    .map((part, index) => (index % 2 === 1 ? { text: String(values[part] ?? ''), data: true } : { text: part, data: false }))
    .filter((piece) => piece.text !== '');
}

/** A date and time as people of the current language write them. */
export function dateTime(seconds: number): string {
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(seconds * 1000);
}

/** A time of day as people of the current language write it. */
export function time(seconds: number): string {
  return new Intl.DateTimeFormat(current, { timeStyle: 'short' }).format(seconds * 1000);
}

/** A number as people of the current language write it (`1’000` in Switzerland). */
export function number(value: number): string {
  return new Intl.NumberFormat(current).format(value);
}
