// The shape every language's messages have: the keys of English, each a text. Plural keys
// (`…_one`, `…_other`) come in the forms each language needs (Intl.PluralRules): French and
// Italian also have `…_many`.
import type en from './en';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> } & { [many: `${string}_many`]: string };

export type Translation = Shape<typeof en>;

/**
 * German as written in Switzerland: ss for ß, and the quotation marks «…» for „…“; otherwise
 * the same words.
 */
export function swissGerman(german: Translation): Translation {
  const convert = (value: unknown): unknown =>
    typeof value === 'string'
      ? value.replaceAll('ß', 'ss').replaceAll('„', '«').replaceAll('“', '»')
      : Object.fromEntries(Object.entries(value as object).map(([key, inner]) => [key, convert(inner)]));
  return convert(german) as Translation;
}
