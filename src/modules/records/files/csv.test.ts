import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SAMPLE_HEADERS,
  SAMPLE_ROWS,
  writeBytes,
  writeCsv,
} from '../../../../test/fixtures/intake/build-fixtures.ts';
import { CsvParser, CsvSyntaxError, sniffEncoding } from './csv.ts';
import { type OpenedTable, openTable, TableFileError, type TableRow } from './table.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csv-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let seq = 0;
const file = (ext = 'csv') => join(dir, `f${++seq}.${ext}`);

async function readAll(t: OpenedTable): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for await (const r of t.rows) rows.push(r);
  return rows;
}

async function openBytes(bytes: Uint8Array | string): Promise<OpenedTable> {
  const p = file();
  await writeBytes(p, bytes);
  return openTable(p);
}

/** Parses text fed in pieces of `step` characters. */
function parse(text: string, step = text.length || 1): string[][] {
  const p = new CsvParser(1000, 1_000_000);
  const out: string[][] = [];
  for (let i = 0; i < text.length; i += step) {
    p.push(text.slice(i, i + step));
    out.push(...p.out.splice(0).map((r) => r.cells));
  }
  p.end();
  out.push(...p.out.splice(0).map((r) => r.cells));
  return out;
}

describe('CsvParser', () => {
  const text =
    'a,b,c\r\n"x, y","he said ""hi""","line1\r\nline2"\n  spaced  ,"  quoted  " ,\r\n\r\n,,\nlast,"",end';
  const expected = [
    ['a', 'b', 'c'],
    ['x, y', 'he said "hi"', 'line1\r\nline2'],
    ['spaced', 'quoted', ''],
    ['last', '', 'end'],
  ];

  it('handles quotes, embedded commas and line breaks, "" escapes, CRLF/LF, and skips empty rows', () => {
    expect(parse(text)).toEqual(expected);
  });

  it('gives the same result whatever the chunk boundaries', () => {
    for (const step of [1, 2, 3, 5, 7, 13]) expect(parse(text, step)).toEqual(expected);
  });

  it('accepts a lone CR as a line end and a file without a final line end', () => {
    expect(parse('a,b\rc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parse('a,b\r', 1)).toEqual([['a', 'b']]);
  });

  it('keeps a quote inside an unquoted field as text (as Excel does)', () => {
    expect(parse('ab"c,d\n')).toEqual([['ab"c', 'd']]);
  });

  it('counts records, empty ones included', () => {
    const p = new CsvParser(1000, 1_000_000);
    p.push('h\n\nx\n,\ny\n');
    p.end();
    expect(p.out.map((r) => r.record)).toEqual([0, 2, 4]);
  });

  it('rejects text after a closing quote and an unclosed quote', () => {
    expect(() => parse('a\n"ab"c,d\n')).toThrow(CsvSyntaxError);
    expect(() => parse('a\n"ab\n')).toThrow(/UNCLOSED_QUOTE in record 2/);
  });
});

describe('sniffEncoding', () => {
  it('recognises a BOM, valid UTF-8 and falls back to GB18030', () => {
    expect(sniffEncoding(Buffer.from('\uFEFF名称', 'utf8'), true)).toBe('utf-8-bom');
    expect(sniffEncoding(Buffer.from('名称,代码', 'utf8'), true)).toBe('utf-8');
    expect(sniffEncoding(iconv.encode('名称,代码', 'gb18030'), true)).toBe('gb18030');
  });

  it('treats a UTF-8 character cut by the end of the sample as valid, but not at the end of the file', () => {
    const cut = Buffer.from('abc名', 'utf8').subarray(0, 5); // '名' is 3 bytes: keep 2
    expect(sniffEncoding(cut, false)).toBe('utf-8');
    expect(sniffEncoding(cut, true)).toBe('gb18030');
  });

  it('refuses UTF-16 and binary content', () => {
    expect(() => sniffEncoding(Buffer.from([0xff, 0xfe, 0x0d, 0x54]), true)).toThrow(TableFileError);
    expect(() => sniffEncoding(Buffer.from('a\u0000b'), true)).toThrow(/二进制/);
  });
});

describe('openTable on CSV', () => {
  for (const encoding of ['utf-8', 'utf-8-bom', 'gb18030'] as const) {
    it(`reads ${encoding} back with identical Chinese text`, async () => {
      const p = file();
      await writeCsv(p, SAMPLE_HEADERS, SAMPLE_ROWS, encoding);
      const t = await openTable(p);
      expect(t.format).toBe('csv');
      expect(t.encoding).toBe(encoding);
      expect(t.headers).toEqual(SAMPLE_HEADERS);
      const rows = await readAll(t);
      expect(rows.map((r) => r.cells)).toEqual(SAMPLE_ROWS);
      expect(rows.map((r) => r.rowNumber)).toEqual([1, 2, 3]);
      expect(rows[0].cells[0]).toBe('长春市朝阳区某某有限公司');
      expect(rows[0].cells[2]).toBe('罚款；警告');
      expect(rows[0].cells[5]).toBe('吉林省市场监督管理局');
      expect(t.bytesRead()).toBe(t.totalBytes);
    });
  }

  it('detects GB18030 with 4-byte characters (𠀀 U+20000, 㐀 U+3400) that GBK cannot encode', async () => {
    const p = file();
    await writeCsv(p, ['名称'], [['𠀀㐀有限公司'], ['吉林省']], 'gb18030');
    const bytes = iconv.encode('𠀀', 'gb18030');
    expect(bytes.length).toBe(4);
    const t = await openTable(p);
    expect(t.encoding).toBe('gb18030');
    expect((await readAll(t)).map((r) => r.cells[0])).toEqual(['𠀀㐀有限公司', '吉林省']);
  });

  it('decodes GB18030 correctly across 256 KB block boundaries', async () => {
    const p = file();
    const rows = Array.from({ length: 30_000 }, (_, i) => [`长春市𠀀某某${i}有限公司`, '罚款；警告']);
    await writeCsv(p, ['名称', '类别'], rows, 'gb18030');
    const t = await openTable(p);
    expect(t.encoding).toBe('gb18030');
    expect(t.totalBytes).toBeGreaterThan(600_000);
    const got = await readAll(t);
    expect(got.map((r) => r.cells)).toEqual(rows);
  });

  it('strips the BOM from the first header and trims headers and cells', async () => {
    const t = await openBytes('\uFEFF 名称 ,代码,,\r\n  某某公司 , 123 \r\n');
    expect(t.encoding).toBe('utf-8-bom');
    expect(t.headers).toEqual(['名称', '代码']);
    expect((await readAll(t))[0].cells).toEqual(['某某公司', '123']);
  });

  it('skips empty lines (keeping row numbers) and pads ragged rows', async () => {
    const t = await openBytes(
      '\r\n\r\n名称,代码,类别\r\nA,1\r\n\r\n , ,\r\nB\r\nC,3,x,,\r\nD,4,y,extra,\r\n',
    );
    expect(t.headers).toEqual(['名称', '代码', '类别']);
    const rows = await readAll(t);
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['A', '1', ''] },
      { rowNumber: 4, cells: ['B', '', ''] },
      { rowNumber: 5, cells: ['C', '3', 'x'] },
      { rowNumber: 6, cells: ['D', '4', 'y'], extraCells: ['extra'] },
    ]);
  });

  it('reads quoted fields with embedded commas, quotes and line breaks', async () => {
    const t = await openBytes('名称,说明\n"某某, 有限公司","第一行\n第二行 ""引用"""\n');
    expect(await readAll(t)).toEqual([{ rowNumber: 1, cells: ['某某, 有限公司', '第一行\n第二行 "引用"'] }]);
  });

  it('rejects a malformed quote with FILE_FORMAT and the row number', async () => {
    const t = await openBytes('名称,代码\nA,1\nB,2\n"C"x,3\nD,4\n');
    const seen: string[] = [];
    const err = await (async () => {
      for await (const r of t.rows) seen.push(r.cells[0]);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['A', 'B']); // the rows before the bad one are delivered first
    expect(err).toBeInstanceOf(TableFileError);
    expect(err).toMatchObject({ code: 'FILE_FORMAT', rowNumber: 3 });
    expect((err as Error).message).toContain('文件第 4 行');
  });

  it('rejects an unclosed quote with the row where it starts', async () => {
    const t = await openBytes('名称,代码\nA,1\n"B,2\nC,3\n');
    await expect(readAll(t)).rejects.toMatchObject({ code: 'FILE_FORMAT', rowNumber: 2 });
  });

  it('rejects a malformed quote in the first block before any row is returned', async () => {
    await expect(openBytes('"名称"称,代码\nA,1\n')).rejects.toMatchObject({
      code: 'FILE_FORMAT',
      rowNumber: 0,
    });
  });

  it('refuses a cell longer than the limit (a runaway quote) and too many columns', async () => {
    const p = file();
    await writeBytes(p, `名称\n"${'x'.repeat(5000)}`);
    const t = await openTable(p, 'csv', { maxCellChars: 1000 });
    await expect(readAll(t)).rejects.toMatchObject({ code: 'FILE_FORMAT', rowNumber: 1 });

    const q = file();
    await writeBytes(q, `${Array.from({ length: 20 }, (_, i) => `h${i}`).join(',')}\n`);
    await expect(openTable(q, 'csv', { maxColumns: 10 })).rejects.toMatchObject({
      code: 'FILE_TOO_MANY_COLUMNS',
    });
  });

  it('returns FILE_EMPTY for an empty file (or a lone BOM) and FILE_NO_HEADER for blank lines only', async () => {
    await expect(openBytes('')).rejects.toMatchObject({ code: 'FILE_EMPTY' });
    await expect(openBytes(new Uint8Array([0xef, 0xbb, 0xbf]))).rejects.toMatchObject({ code: 'FILE_EMPTY' });
    await expect(openBytes('\r\n ,, \r\n\r\n')).rejects.toMatchObject({ code: 'FILE_NO_HEADER' });
  });

  it('refuses a tab- or semicolon-separated file', async () => {
    await expect(openBytes('名称\t代码\r\nA\t1\r\n')).rejects.toMatchObject({
      code: 'FILE_FORMAT',
      rowNumber: 0,
    });
    await expect(openBytes('名称;代码\r\nA;1\r\n')).rejects.toMatchObject({ code: 'FILE_FORMAT' });
  });

  it('gives a header-only file no rows', async () => {
    const t = await openBytes('名称,代码\r\n');
    expect(t.headers).toEqual(['名称', '代码']);
    expect(await readAll(t)).toEqual([]);
  });

  it('reports bytes that are neither UTF-8 nor GB18030 after the sniffed part as FILE_ENCODING', async () => {
    // 70 KB of valid UTF-8 (so the sniff says UTF-8), then a GBK-encoded row.
    const head = Buffer.from(`名称,代码\n${'某某公司,1\n'.repeat(5000)}`, 'utf8');
    expect(head.length).toBeGreaterThan(64 * 1024);
    const p = file();
    await writeBytes(p, Buffer.concat([head, iconv.encode('长春公司,2\n', 'gbk'), Buffer.from('尾,3\n')]));
    const t = await openTable(p);
    expect(t.encoding).toBe('utf-8');
    const err = await readAll(t).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FILE_ENCODING', rowNumber: 5001 });
  });

  it('reports bytes that GB18030 cannot decode as FILE_ENCODING with the row', async () => {
    const p = file();
    const bytes = Buffer.concat([
      iconv.encode('名称,代码\r\n长春公司,1\r\n', 'gb18030'),
      Buffer.from([0xff]),
      iconv.encode('坏公司,2\r\n', 'gb18030'),
    ]);
    await writeBytes(p, bytes);
    const t = await openTable(p);
    expect(t.encoding).toBe('gb18030');
    await expect(readAll(t)).rejects.toMatchObject({ code: 'FILE_ENCODING', rowNumber: 2 });
  });

  it('accepts a literal U+FFFD in a UTF-8 file', async () => {
    const t = await openBytes('名称\n坏\uFFFD字\n');
    expect((await readAll(t))[0].cells).toEqual(['坏\uFFFD字']);
  });

  it('stops reading and releases the file when the consumer breaks out', async () => {
    const p = file();
    await writeCsv(
      p,
      ['a'],
      Array.from({ length: 50_000 }, (_, i) => [String(i)]),
      'utf-8',
    );
    const t = await openTable(p);
    let n = 0;
    for await (const _ of t.rows) if (++n === 10) break;
    expect(n).toBe(10);
    expect(t.bytesRead()).toBeLessThan(t.totalBytes);
    await t.close();
    await t.close();
  });

  it('streams: a 200,000-row file is read with modest heap growth', async () => {
    const p = file();
    const cols = 20;
    const headers = Array.from({ length: cols }, (_, i) => `字段${i + 1}`);
    function* rows() {
      for (let i = 0; i < 200_000; i++) {
        const row = new Array<string>(cols);
        for (let c = 0; c < cols; c++) row[c] = `v${i}-${c}-abcdefghijklmnopqrstu`;
        row[0] = `长春市朝阳区某某${i}有限公司`;
        yield row;
      }
    }
    await writeCsv(p, headers, rows(), 'utf-8');

    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const t = await openTable(p);
    expect(t.totalBytes).toBeGreaterThan(100_000_000);
    let count = 0;
    let peakRetained = 0;
    for await (const r of t.rows) {
      count++;
      if (count % 50_000 === 0) {
        expect(r.cells[0]).toBe(`长春市朝阳区某某${count - 1}有限公司`);
        gc();
        peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed - before);
      }
    }
    expect(count).toBe(200_000);
    // Holding the rows would take several hundred MB; holding the file as a string over 100 MB.
    expect(peakRetained).toBeLessThan(32 * 1024 * 1024);
  }, 60_000);
});
