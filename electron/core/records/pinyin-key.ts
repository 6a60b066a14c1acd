/**
 * Sort keys that order Chinese text by pinyin, as Excel and WPS do (上海华腾 before 上海九亭),
 * where SQLite's binary order follows the character codes (九 U+4E5D before 华 U+534E).
 *
 * A key compares byte by byte the way the text should sort. Each character becomes one segment
 * that starts with its class, so digits and punctuation come before Latin letters, which come
 * before Chinese characters (as in Excel):
 *   '0' + the character                       digits, spaces, punctuation
 *   '1' + the letter in lower case            Latin letters (full-width ones folded to half-width)
 *   '2' + pinyin + tone digit + the character Chinese characters: 华 → '2hua2华'
 *   '3' + the character                       anything else
 * The tone digit ends the syllable (digits sort before letters: hua2 < huang2), and the
 * character itself orders homophones in a fixed way. Like Windows' pinyin collation (which Excel
 * uses), each character is read alone, with its most common reading: the key of a name does not
 * depend on its neighbours, so it is cheap to cache per character.
 *
 * KEY_VERSION names this scheme; a migration that changes it must recompute every stored key.
 */
import { createRequire } from 'node:module';

// Loaded on the first Chinese character, not at start: its dictionary costs every CLI command
// and worker ~0.1 s of start-up otherwise, and most never sort.
let pinyin: typeof import('pinyin-pro').pinyin | null = null;
const readingOf = (ch: string): string => {
  pinyin ??= (createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro')).pinyin;
  return pinyin(ch, { toneType: 'num', v: true });
};

export const KEY_VERSION = 1;

const segments = new Map<string, string>();

function segment(ch: string): string {
  let s = segments.get(ch);
  if (s !== undefined) return s;
  const code = ch.codePointAt(0)!;
  if (code >= 0xff01 && code <= 0xff5e) return segment(String.fromCodePoint(code - 0xfee0));
  if (/\p{Script=Han}/u.test(ch)) {
    const read = readingOf(ch);
    s = /^[a-z]+[0-5]?$/.test(read) ? `2${/\d$/.test(read) ? read : `${read}0`}${ch}` : `3${ch}`;
  } else if (/[A-Za-z]/.test(ch)) s = `1${ch.toLowerCase()}`;
  else if (code < 0x80 || /[\p{P}\p{Z}\p{N}]/u.test(ch)) s = `0${ch}`;
  else s = `3${ch}`;
  segments.set(ch, s);
  return s;
}

/** Names repeat (a purchaser on thousands of records): whole keys are kept too, up to a bound. */
const keys = new Map<string, string>();

/** The pinyin sort key of a text; null stays null (it sorts first, as an empty cell does). */
export function pinyinKey(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  let key = keys.get(text);
  if (key !== undefined) return key;
  key = '';
  for (const ch of text) key += segment(ch);
  if (keys.size >= 100_000) keys.clear();
  keys.set(text, key);
  return key;
}
