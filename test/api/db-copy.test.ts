import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byteaInput, copyRow, textArrayInput } from '../../src/db/copy.ts';
import { freshDatabase } from '../support/db.ts';

// Bulk loads write COPY text (db/copy.ts) through Queryable.copyFrom: every value must come back as
// a parameter of the same type would have stored it, on PGlite and on PostgreSQL, in and out of a
// transaction.

let f: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  f = await freshDatabase();
  await f.db.exec(`CREATE TABLE copy_probe (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, t text, a text[], b bytea, d date, n numeric(18, 4), v tsvector)`);
});
afterAll(() => f?.drop());

const awkward = [
  'plain',
  '制表\t符',
  'line\nbreak\r\nand carriage',
  'back\\slash \\N \\x41',
  'quotes \' and "',
  '',
  '吉林省长春市（分公司）',
];
const target = 'copy_probe (id, t, a, b, d, n, v)';
const row = (id: number, t: string | null) =>
  `${copyRow([String(id), t, textArrayInput(t === null ? [] : [t, 'x"y', 'a,b', '{}']), byteaInput(Buffer.from([0, 9, 10, 92, 255])), '2026-04-01', '12.5', "'长春' 'p:cc' 'a''b' 'c\\\\d'"])}\n`;

describe('COPY text', () => {
  it('stores awkward text, arrays, bytea, dates, numerics and tsvectors as their parameters would', async () => {
    const data = [...awkward, null].map((t, i) => row(i + 1, t)).join('');
    await f.db.transaction((tx) => tx.copyFrom(target, data));
    const rows = await f.db.query<{
      id: number;
      t: string | null;
      a: string[];
      b: Uint8Array;
      d: string;
      n: string;
    }>('SELECT id, t, a, b, d, n FROM copy_probe ORDER BY id');
    expect(rows.map((r) => r.t)).toEqual([...awkward, null]);
    expect(rows[1].a).toEqual(['制表\t符', 'x"y', 'a,b', '{}']);
    expect(rows.at(-1)!.a).toEqual([]);
    for (const r of rows) {
      expect([...r.b]).toEqual([0, 9, 10, 92, 255]);
      expect(r.d).toBe('2026-04-01');
      expect(r.n).toBe('12.5000');
    }
    const [{ same }] = await f.db.query<{ same: boolean }>(
      `SELECT bool_and(v = $1::tsvector) AS same FROM copy_probe`,
      ["'长春' 'p:cc' 'a''b' 'c\\\\d'"],
    );
    expect(same).toBe(true);
  });

  it('takes the ids it is given (identity columns included) and fails whole on a bad row', async () => {
    await f.db.copyFrom(target, row(100, 'outside a transaction'));
    expect((await f.db.query('SELECT t FROM copy_probe WHERE id = 100'))[0]).toEqual({
      t: 'outside a transaction',
    });
    const bad = row(101, 'good') + row(102, 'bad').replace('2026-04-01', '2026-02-30');
    await expect(f.db.transaction((tx) => tx.copyFrom(target, bad))).rejects.toThrow(/date/);
    expect(await f.db.query('SELECT id FROM copy_probe WHERE id > 100')).toEqual([]);
  });
});
