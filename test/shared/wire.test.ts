/** The JSON wire of the HTTP door: bytes travel as { $bytes }, everything else as plain JSON. */
import { describe, expect, it } from 'vitest';
import { fromWire, toWire } from '../../shared/wire';

describe('the wire', () => {
  it('carries bytes anywhere in a value, and text that merely mentions the marker as text', () => {
    const value = { ok: true, value: { file: new Uint8Array([0, 1, 254, 255]), rows: [{ remark: '{"$bytes":"AA=="}', note: '$bytes' }] } };
    const back = fromWire(toWire(value)) as typeof value;
    expect(back.value.file).toBeInstanceOf(Uint8Array);
    expect([...back.value.file]).toEqual([0, 1, 254, 255]);
    expect(back.value.rows).toEqual([{ remark: '{"$bytes":"AA=="}', note: '$bytes' }]);
  });

  it('reads a page without bytes as plain JSON', () => {
    const page = { ok: true, value: { rows: Array.from({ length: 3 }, (_, i) => ({ id: i + 1, amountFen: 100 * i, remark: null })), lastRow: null } };
    expect(fromWire(toWire(page))).toEqual(page);
  });
});
