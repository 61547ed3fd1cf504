import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvLine, ERROR_COLUMN, ErrorReportWriter, formatRowErrors } from './error-report.ts';
import { openTable, type TableRow } from './table.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'report-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('csvLine', () => {
  it('quotes only when needed and ends with CRLF', () => {
    expect(csvLine(['a', '长春市', '12.5'])).toBe('a,长春市,12.5\r\n');
    expect(csvLine(['a,b', 'say "hi"', 'x\ny', ' pad', ''])).toBe('"a,b","say ""hi""","x\ny"," pad",\r\n');
    expect(csvLine([])).toBe('\r\n');
  });

  it('escapes cells a spreadsheet would run as formulas', () => {
    expect(csvLine(['=1+1', '-3', '@A1,B1'])).toBe(`'=1+1,-3,"'@A1,B1"\r\n`);
  });
});

describe('formatRowErrors', () => {
  it('joins field errors as 字段: 信息; …', () => {
    expect(
      formatRowErrors([
        { field: '统一社会信用代码', message: '校验码错误' },
        { field: '处罚决定日期', message: '日期格式应为 YYYY-MM-DD' },
      ]),
    ).toBe('统一社会信用代码: 校验码错误; 处罚决定日期: 日期格式应为 YYYY-MM-DD');
  });
});

describe('ErrorReportWriter', () => {
  it('writes a UTF-8 CSV with BOM that round-trips through openTable', async () => {
    const path = join(dir, 'report.csv');
    const headers = ['行政相对人名称', '统一社会信用代码', '处罚内容'];
    const w = await ErrorReportWriter.create(path, headers);
    await w.write(
      ['长春市朝阳区某某有限公司', '91220104MA0Y8XXX1A', '罚款；警告'],
      '统一社会信用代码: 校验码错误',
    );
    await w.write(
      ['四平市"诚信", 百货', '', '第一行\r\n第二行'],
      '行政相对人名称: 含有非法字符; 统一社会信用代码: 不能为空',
    );
    await w.write(['只有一列'], '处罚内容: 不能为空');
    expect(w.rowCount).toBe(3);
    await w.close();
    await w.close();

    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const t = await openTable(path);
    expect(t.format).toBe('csv');
    expect(t.encoding).toBe('utf-8-bom');
    expect(t.headers).toEqual([...headers, ERROR_COLUMN]);
    const rows: TableRow[] = [];
    for await (const r of t.rows) rows.push(r);
    expect(rows.map((r) => r.cells)).toEqual([
      ['长春市朝阳区某某有限公司', '91220104MA0Y8XXX1A', '罚款；警告', '统一社会信用代码: 校验码错误'],
      [
        '四平市"诚信", 百货',
        '',
        '第一行\r\n第二行',
        '行政相对人名称: 含有非法字符; 统一社会信用代码: 不能为空',
      ],
      ['只有一列', '', '', '处罚内容: 不能为空'],
    ]);
  });

  it('respects backpressure over many rows', async () => {
    const path = join(dir, 'big.csv');
    const w = await ErrorReportWriter.create(path, ['名称', '说明']);
    const long = '长'.repeat(2000);
    for (let i = 0; i < 5000; i++) await w.write([`公司${i}`, long], `名称: 第 ${i} 条错误`);
    await w.close();
    const t = await openTable(path);
    let n = 0;
    for await (const r of t.rows) {
      expect(r.cells[0]).toBe(`公司${n}`);
      n++;
    }
    expect(n).toBe(5000);
  });

  it('fails to create in a missing directory', async () => {
    await expect(ErrorReportWriter.create(join(dir, 'no', 'such', 'r.csv'), ['a'])).rejects.toThrow();
  });
});
