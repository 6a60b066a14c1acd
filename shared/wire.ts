/**
 * JSON on the wire, with bytes: a Uint8Array travels as { "$bytes": "<base64>" }. Used by the
 * HTTP door and the browser client (IPC carries Uint8Array natively; the CLI needs no wire).
 * Pure: btoa/atob exist in browsers and in Node.
 */
const CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function toWire(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, v: unknown) {
    const original = this[key];
    return original instanceof Uint8Array ? { $bytes: bytesToBase64(original) } : v;
  });
}

export function fromWire(text: string): unknown {
  // A reviver is called for every value: the grid's pages (thousands of values) carry no bytes,
  // and a text without the marker has none to revive.
  if (!text.includes('"$bytes"')) return JSON.parse(text);
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === '$bytes' && typeof (v as { $bytes: unknown }).$bytes === 'string') {
        return base64ToBytes((v as { $bytes: string }).$bytes);
      }
    }
    return v;
  });
}
