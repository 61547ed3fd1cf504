import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SAMPLE_HEADERS,
  SAMPLE_ROWS,
  writeBytes,
  writeCsv,
  writeXlsx,
} from '../../../../test/fixtures/intake/build-fixtures.ts';
import { detectTableFormat, openTable, TableFileError, type TableRow, toHeaders, toRow } from './table.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'table-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let seq = 0;
const file = (ext: string) => join(dir, `f${++seq}.${ext}`);

describe('detectTableFormat', () => {
  it('recognises XLSX by its ZIP signature whatever the name, and anything else as CSV', async () => {
    const x = file('csv');
    await writeXlsx(x, SAMPLE_HEADERS, SAMPLE_ROWS);
    expect(await detectTableFormat(x, '处罚信息.csv')).toBe('xlsx');
    const c = file('xlsx');
    await writeCsv(c, SAMPLE_HEADERS, SAMPLE_ROWS, 'gb18030');
    expect(await detectTableFormat(c)).toBe('csv');
  });

  it('refuses legacy .xls (OLE2), HTML "Excel exports" and an empty file; reads CSV under any name', async () => {
    const xls = file('xls');
    await writeBytes(xls, new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    await expect(detectTableFormat(xls, '数据.xls')).rejects.toMatchObject({ code: 'FILE_FORMAT' });
    await expect(detectTableFormat(xls, '数据.xlsx')).rejects.toThrow(/密码/);
    const html = file('xls');
    await writeBytes(html, '\uFEFF  <html><body><table><tr><td>名称</td></tr></table></body></html>');
    await expect(detectTableFormat(html, '导出.xls')).rejects.toMatchObject({ code: 'FILE_FORMAT' });
    const csvNamedXls = file('xls');
    await writeBytes(csvNamedXls, '名称,代码\n某某公司,1\n');
    expect(await detectTableFormat(csvNamedXls, '导出.xls')).toBe('csv');
    const empty = file('csv');
    await writeBytes(empty, '');
    await expect(detectTableFormat(empty)).rejects.toBeInstanceOf(TableFileError);
    await expect(openTable(empty)).rejects.toMatchObject({ code: 'FILE_EMPTY' });
  });
});

describe('openTable', () => {
  it('gives the same headers and rows for every format and encoding', async () => {
    const results: { encoding: string; rows: TableRow[] }[] = [];
    for (const encoding of ['utf-8', 'utf-8-bom', 'gb18030'] as const) {
      const p = file('csv');
      await writeCsv(p, SAMPLE_HEADERS, SAMPLE_ROWS, encoding);
      const t = await openTable(p);
      const rows: TableRow[] = [];
      for await (const r of t.rows) rows.push(r);
      expect(t.headers).toEqual(SAMPLE_HEADERS);
      results.push({ encoding: t.encoding, rows });
    }
    const x = file('xlsx');
    await writeXlsx(x, SAMPLE_HEADERS, SAMPLE_ROWS, { dateColumns: [4] });
    const t = await openTable(x, 'xlsx');
    const rows: TableRow[] = [];
    for await (const r of t.rows) rows.push(r);
    results.push({ encoding: t.encoding, rows });

    expect(results.map((r) => r.encoding)).toEqual(['utf-8', 'utf-8-bom', 'gb18030', 'xlsx']);
    for (const r of results) expect(r.rows).toEqual(results[0].rows);
    expect(results[0].rows.map((r) => r.cells)).toEqual(SAMPLE_ROWS);
  });

  it('can be closed without reading the rows', async () => {
    for (const ext of ['csv', 'xlsx']) {
      const p = file(ext);
      if (ext === 'csv') await writeCsv(p, SAMPLE_HEADERS, SAMPLE_ROWS, 'utf-8');
      else await writeXlsx(p, SAMPLE_HEADERS, SAMPLE_ROWS);
      const t = await openTable(p);
      await t.close();
      await t.close();
    }
  });
});

describe('row helpers', () => {
  const options = { maxColumns: 3, maxCellChars: 100 };

  it('drops trailing empty headers and a BOM, and limits the column count', () => {
    expect(toHeaders(['\uFEFF名称', ' 代码 ', '', ''], options)).toEqual(['名称', '代码']);
    expect(() => toHeaders(['a', 'b', 'c', 'd'], options)).toThrow(/超过上限/);
  });

  it('aligns cells with the headers', () => {
    expect(toRow(1, ['a'], 3)).toEqual({ rowNumber: 1, cells: ['a', '', ''] });
    expect(toRow(2, ['a', 'b', 'c', '', ''], 3)).toEqual({ rowNumber: 2, cells: ['a', 'b', 'c'] });
    expect(toRow(3, ['a', 'b', 'c', 'd', ''], 3)).toEqual({
      rowNumber: 3,
      cells: ['a', 'b', 'c'],
      extraCells: ['d'],
    });
  });
});
