import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import {
  SAMPLE_HEADERS,
  SAMPLE_ROWS,
  writeBytes,
  writeXlsx,
} from '../../../../test/fixtures/intake/build-fixtures.ts';
import { type OpenedTable, openTable, type TableRow } from './table.ts';
import {
  builtinKind,
  classifyFormat,
  columnIndex,
  decodeXml,
  formatNumber,
  serialText,
  XmlScanner,
} from './xlsx.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xlsx-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let seq = 0;
const file = () => join(dir, `f${++seq}.xlsx`);

async function readAll(t: OpenedTable): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for await (const r of t.rows) rows.push(r);
  return rows;
}

/** A ZIP with the given entries (for hand-made, unusual workbooks). */
async function writeZip(path: string, entries: Record<string, string>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(entries)) zip.addBuffer(Buffer.from(text, 'utf8'), name);
  const out = createWriteStream(path);
  (zip.outputStream as Readable).pipe(out);
  zip.end();
  await finished(out);
}

describe('number formats', () => {
  it('classifies built-in formats, including the zh-CN date ids', () => {
    expect([14, 22, 31, 57, 20, 46, 0, 2, 49].map(builtinKind)).toEqual([
      'date',
      'datetime',
      'date',
      'date',
      'time',
      'duration',
      null,
      null,
      null,
    ]);
  });

  it('classifies custom format codes', () => {
    expect(classifyFormat('yyyy"年"m"月"d"日";@')).toBe('date');
    expect(classifyFormat('[$-804]yyyy/m/d')).toBe('date');
    expect(classifyFormat('yyyy-mm-dd hh:mm:ss')).toBe('datetime');
    expect(classifyFormat('h:mm AM/PM')).toBe('time');
    expect(classifyFormat('mm:ss')).toBe('time');
    expect(classifyFormat('[h]:mm')).toBe('duration');
    expect(classifyFormat('0.00_ ')).toBeNull();
    expect(classifyFormat('#,##0.00"元";[Red]-#,##0.00"元"')).toBeNull();
    expect(classifyFormat('0.00E+00')).toBeNull();
    expect(classifyFormat('General')).toBeNull();
    expect(classifyFormat('@')).toBeNull();
    expect(classifyFormat('"日期："@')).toBeNull();
  });

  it('formats numbers as plain decimal text without float noise', () => {
    expect(formatNumber('12.5')).toBe('12.5');
    expect(formatNumber('0.10000000000000001')).toBe('0.1');
    expect(formatNumber('0.30000000000000004')).toBe('0.3');
    expect(formatNumber('100')).toBe('100');
    expect(formatNumber('-0')).toBe('0');
    expect(formatNumber('1E-7')).toBe('0.0000001');
    expect(formatNumber('1.5e+21')).toBe('1500000000000000000000');
    expect(formatNumber('13800138000')).toBe('13800138000');
    expect(formatNumber('-1234.5600')).toBe('-1234.56');
  });

  it('formats serial dates in both date systems', () => {
    expect(serialText(45366, 'date')).toBe('2024-03-15');
    expect(serialText(45366.75, 'date')).toBe('2024-03-15');
    expect(serialText(45366.75, 'datetime')).toBe('2024-03-15 18:00:00');
    expect(serialText(45366, 'datetime')).toBe('2024-03-15');
    expect(serialText(0.5, 'time')).toBe('12:00:00');
    expect(serialText(1.5, 'duration')).toBe('36:00:00');
    expect(serialText(1, 'date')).toBe('1900-01-01');
    expect(serialText(59, 'date')).toBe('1900-02-28');
    expect(serialText(60, 'date')).toBe('1900-02-29');
    expect(serialText(61, 'date')).toBe('1900-03-01');
    expect(serialText(2958465, 'date')).toBe('9999-12-31');
    expect(serialText(43904, 'date', true)).toBe('2024-03-15');
    expect(serialText(-1, 'date')).toBe('-1');
  });

  it('reads column letters', () => {
    expect(['A1', 'Z9', 'AA10', 'XFD1048576', 'b2'].map(columnIndex)).toEqual([0, 25, 26, 16383, 1]);
  });
});

describe('XmlScanner', () => {
  const xml =
    '<?xml version="1.0"?><!-- c --><x:root xmlns:x="u"><x:a k="1" q=\'a>b\'>t&amp;&lt;&#x4E2D;&#25991;</x:a><b/><![CDATA[<raw>]]></x:root>';

  function events(step: number): string[] {
    const ev: string[] = [];
    const s: XmlScanner = new XmlScanner({
      open: (name, raw) => ev.push(`<${name}${raw}>`),
      close: (name) => ev.push(`</${name}>`),
      text: (t) => {
        // a text node may come in pieces when it straddles chunks
        const last = ev.length - 1;
        if (last >= 0 && ev[last].startsWith('"')) ev[last] = `${ev[last].slice(0, -1)}${t}"`;
        else ev.push(`"${t}"`);
      },
    });
    s.captureText = true;
    for (let i = 0; i < xml.length; i += step) s.write(xml.slice(i, i + step));
    s.end();
    return ev;
  }

  it('tokenizes tags, attributes (with > in values), entities, CDATA; skips PI and comments', () => {
    expect(events(xml.length)).toEqual([
      '<root xmlns:x="u">',
      '<a k="1" q=\'a>b\'>',
      '"t&<中文"',
      '</a>',
      '<b>',
      '</b>',
      '"<raw>"',
      '</root>',
    ]);
  });

  it('gives the same events whatever the chunk boundaries', () => {
    const whole = events(xml.length);
    for (const step of [1, 2, 3, 7]) expect(events(step)).toEqual(whole);
  });

  it('decodes entities', () => {
    expect(decodeXml('a&quot;b&apos;&#128512;&unknown;')).toBe('a"b\'😀&unknown;');
  });
});

describe('openTable on XLSX', () => {
  it('reads the sample rows back: shared, inline and rich text strings, numbers, dates', async () => {
    const p = file();
    await writeXlsx(p, SAMPLE_HEADERS, SAMPLE_ROWS, { dateColumns: [4] });
    const t = await openTable(p);
    expect(t.format).toBe('xlsx');
    expect(t.encoding).toBe('xlsx');
    expect(t.headers).toEqual(SAMPLE_HEADERS);
    const rows = await readAll(t);
    expect(rows.map((r) => r.cells)).toEqual(SAMPLE_ROWS);
    expect(rows.map((r) => r.rowNumber)).toEqual([1, 2, 3]);
    expect(rows[0].cells[3]).toBe('12.5');
    expect(rows[0].cells[4]).toBe('2024-03-15');
    expect(t.bytesRead()).toBe(t.totalBytes);
  });

  it('turns date cells (built-in and Chinese custom formats, date-times, 1904 system) into text', async () => {
    for (const date1904 of [false, true]) {
      const p = file();
      await writeXlsx(
        p,
        ['日期', '金额'],
        [
          ['2024-03-15', '12.5'],
          ['2023-12-31', '0.10000000000000001'],
          ['2024-02-29 08:30:00', '100'],
          ['1999-01-01', '-3.25'],
        ],
        { dateColumns: [0], date1904 },
      );
      const rows = await readAll(await openTable(p));
      expect(rows.map((r) => r.cells)).toEqual([
        ['2024-03-15', '12.5'],
        ['2023-12-31', '0.1'],
        ['2024-02-29 08:30:00', '100'],
        ['1999-01-01', '-3.25'],
      ]);
    }
  });

  it('takes the first visible sheet, skips empty rows keeping row numbers, pads ragged rows', async () => {
    const p = file();
    await writeXlsx(
      p,
      ['名称', '代码', '备注'],
      [['A', '1'], [], ['', '', ''], ['B'], ['C', '3', 'x', 'extra']],
      {
        hiddenSheetFirst: true,
      },
    );
    const t = await openTable(p);
    expect(t.headers).toEqual(['名称', '代码', '备注']);
    expect(await readAll(t)).toEqual([
      { rowNumber: 1, cells: ['A', '1', ''] },
      { rowNumber: 4, cells: ['B', '', ''] },
      { rowNumber: 5, cells: ['C', '3', 'x'], extraCells: ['extra'] },
    ]);
  });

  it('streams a larger sheet across many inflated blocks', async () => {
    const p = file();
    const rows = Array.from({ length: 20_000 }, (_, i) => [
      `长春市某某${i}有限公司`,
      String(i),
      `${i % 100}.5`,
      '2024-03-15',
      i % 3 === 0 ? '罚款；警告' : '',
    ]);
    await writeXlsx(p, ['名称', '序号', '金额', '日期', '类别'], rows, { dateColumns: [3] });
    const t = await openTable(p);
    let n = 0;
    let midProgress = 0;
    for await (const r of t.rows) {
      expect(r.cells).toEqual(rows[n]);
      n++;
      if (n === 10_000) midProgress = t.bytesRead();
    }
    expect(n).toBe(rows.length);
    expect(midProgress).toBeGreaterThan(0);
    expect(midProgress).toBeLessThan(t.totalBytes);
  });

  it('reads hand-made workbooks: prefixed tags, no r attributes, booleans, errors, str, t="d", _x escapes', async () => {
    const p = file();
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    await writeZip(p, {
      '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="/xl/book.xml"/></Relationships>`,
      'xl/book.xml': `<x:workbook xmlns:x="${main}" xmlns:rel="${rel}"><x:sheets><x:sheet name="S" sheetId="1" rel:id="s1"/></x:sheets></x:workbook>`,
      'xl/_rels/book.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s1" Type="${rel}/worksheet" Target="sheets/data.xml"/></Relationships>`,
      'xl/sheets/data.xml': `<x:worksheet xmlns:x="${main}"><x:sheetData>
        <x:row><x:c t="inlineStr"><x:is><x:t>名称</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>是</x:t></x:r><x:r><x:t>否</x:t></x:r></x:is></x:c><x:c t="inlineStr"><x:is><x:t>错误</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>公式</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>日期</x:t></x:is></x:c></x:row>
        <x:row><x:c t="inlineStr"><x:is><x:t>第一行_x000D_第二行</x:t></x:is></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c t="str"><x:f>A2&amp;"x"</x:f><x:v>AB &amp; C</x:v></x:c><x:c t="d"><x:v>2024-03-15T00:00:00</x:v></x:c></x:row>
        <x:row><x:c r="C3"><x:v>7</x:v></x:c></x:row>
      </x:sheetData></x:worksheet>`,
    });
    const t = await openTable(p);
    expect(t.headers).toEqual(['名称', '是否', '错误', '公式', '日期']);
    expect((await readAll(t)).map((r) => r.cells)).toEqual([
      ['第一行\r第二行', 'TRUE', '#N/A', 'AB & C', '2024-03-15'],
      ['', '', '7', '', ''],
    ]);
  });

  it('rejects a ZIP that is not a workbook and a truncated file with FILE_FORMAT', async () => {
    const p = file();
    await writeZip(p, { 'readme.txt': 'hello' });
    await expect(openTable(p)).rejects.toMatchObject({ code: 'FILE_FORMAT' });

    const q = file();
    await writeXlsx(q, SAMPLE_HEADERS, SAMPLE_ROWS);
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(q);
    const r = file();
    await writeBytes(r, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(openTable(r)).rejects.toMatchObject({ code: 'FILE_FORMAT' });
  });

  it('returns FILE_NO_HEADER for a workbook whose first sheet is empty', async () => {
    const p = file();
    await writeXlsx(p, [], []);
    await expect(openTable(p)).rejects.toMatchObject({ code: 'FILE_NO_HEADER' });
  });

  it('refuses content beyond the column limit', async () => {
    const p = file();
    const headers = Array.from({ length: 30 }, (_, i) => `h${i}`);
    await writeXlsx(p, headers, [headers]);
    await expect(openTable(p, 'xlsx', { maxColumns: 10 })).rejects.toMatchObject({
      code: 'FILE_TOO_MANY_COLUMNS',
    });
  });
});
