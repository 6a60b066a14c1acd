/**
 * CSV bytes → text. Units save CSV from Excel/WPS in UTF-8 (often with a BOM) or in the system
 * code page, which on a Chinese Windows PC is GBK. We try UTF-8 strictly (fatal: a GBK file is
 * almost never valid UTF-8), then GB18030 (a superset of GBK and GB2312), also strictly, so a
 * binary file does not turn into text full of replacement characters.
 */
import type { TextEncoding } from './types';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/** null when the bytes are not text in any encoding we accept. */
export function decodeText(bytes: Uint8Array): DecodedText | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryDecode('utf-8', bytes.subarray(3));
    return text === null ? null : { text, encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = tryDecode('utf-16le', bytes.subarray(2));
    return text === null ? null : { text, encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = tryDecode('utf-16be', bytes.subarray(2));
    return text === null ? null : { text, encoding: 'utf-16be' };
  }
  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const gb = tryDecode('gb18030', bytes);
  if (gb !== null) return { text: gb, encoding: 'gb18030' };
  return null;
}

function tryDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    // ignoreBOM: the BOM was handled above; a second one inside is kept (and cleaned as text).
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Text that is really a table: no NULs or other C0 controls except tab, CR, LF (and the form
 * feed some exports leave). Checked on the first 64 KB; binary files fail within bytes.
 */
export function looksLikeText(text: string): boolean {
  const sample = text.length > 65_536 ? text.slice(0, 65_536) : text;
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffd]/.test(sample);
}
