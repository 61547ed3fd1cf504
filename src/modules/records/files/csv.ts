/**
 * Streaming CSV reader (RFC 4180, comma-separated, LF / CRLF / CR line ends) for files written by
 * Chinese office software: UTF-8 with or without BOM, or GB18030/GBK ("CSV" saved by Excel on a
 * Chinese Windows). The file is read in 256 KB blocks, decoded incrementally and parsed by a
 * hand-written state machine; only the current block and the rows parsed from it are in memory.
 *
 * Leniency, as Excel reads: a quote inside an unquoted field is kept as text (`ab"c`), blanks
 * around a quoted field are ignored. Strict where data would be silently corrupted: text after a
 * closing quote (`"ab"c`), a quote never closed, undecodable bytes.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import {
  isEmptyRow,
  type OpenedTable,
  type ResolvedTableOptions,
  TableFileError,
  type TableRow,
  toHeaders,
  toRow,
} from './table.ts';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

const SNIFF_BYTES = 64 * 1024;
const BLOCK_BYTES = 256 * 1024;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/** Parser states. */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Just read a quote inside a quoted field: either `""` or the closing quote. */
const QUOTE_SEEN = 3;
/** After the closing quote: only blanks, then a comma or a line end, may follow. */
const AFTER_QUOTED = 4;

/** One parsed record; `record` is its 0-based index among all records of the file (Excel row − 1). */
export interface CsvRecord {
  cells: string[];
  record: number;
}

/** A syntax problem; `record` is the 0-based index of the record it starts in. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly kind: 'UNCLOSED_QUOTE' | 'TEXT_AFTER_QUOTE' | 'CELL_TOO_LONG' | 'TOO_MANY_COLUMNS',
    readonly record: number,
    readonly detail: string,
  ) {
    super(`${kind} in record ${record + 1}: ${detail}`);
  }
}

/**
 * Incremental RFC 4180 parser over decoded text. `push` complete records land in `out` (fully empty
 * records are counted but not emitted); the caller drains `out` between pushes.
 */
export class CsvParser {
  readonly out: CsvRecord[] = [];
  private row: string[] = [];
  private field = '';
  private state = FIELD_START;
  private skipLf = false;
  private record = 0;
  /** Index of the first non-empty record (the header row), −1 until there is one. */
  firstRecord = -1;

  constructor(
    private readonly maxColumns: number,
    private readonly maxCellChars: number,
  ) {}

  /** Index of the record being read (0-based). */
  get currentRecord(): number {
    return this.record;
  }

  push(s: string): void {
    const n = s.length;
    let i = 0;
    if (this.skipLf) {
      if (n === 0) return;
      this.skipLf = false;
      if (s.charCodeAt(0) === LF) i = 1;
    }
    let state = this.state;
    let field = this.field;
    while (i < n) {
      if (state === FIELD_START) {
        let c = s.charCodeAt(i);
        while (c === SPACE || c === TAB) {
          if (++i === n) break;
          c = s.charCodeAt(i);
        }
        if (i === n) break;
        if (c === QUOTE) {
          state = QUOTED;
          i++;
          continue;
        }
        state = UNQUOTED;
      }
      if (state === UNQUOTED) {
        let j = i;
        let c = 0;
        for (; j < n; j++) {
          c = s.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
        }
        if (j === n) {
          field += s.slice(i);
          if (field.length > this.maxCellChars) this.tooLong();
          i = n;
          break;
        }
        const value = field.length === 0 ? s.slice(i, j) : field + s.slice(i, j);
        field = '';
        if (value.length > this.maxCellChars) this.tooLong();
        this.addField(value.trim());
        i = j + 1;
        state = FIELD_START;
        if (c !== COMMA) {
          this.endRecord();
          if (c === CR) {
            if (i < n) {
              if (s.charCodeAt(i) === LF) i++;
            } else this.skipLf = true;
          }
        }
        continue;
      }
      if (state === QUOTED) {
        const j = s.indexOf('"', i);
        if (j === -1) {
          field += s.slice(i);
          if (field.length > this.maxCellChars) this.tooLong();
          i = n;
          break;
        }
        field += s.slice(i, j);
        i = j + 1;
        state = QUOTE_SEEN;
        continue;
      }
      const c = s.charCodeAt(i);
      if (state === QUOTE_SEEN && c === QUOTE) {
        field += '"';
        state = QUOTED;
        i++;
        continue;
      }
      if (c === SPACE || c === TAB) {
        state = AFTER_QUOTED;
        i++;
        continue;
      }
      if (c === COMMA || c === LF || c === CR) {
        if (field.length > this.maxCellChars) this.tooLong();
        this.addField(field.trim());
        field = '';
        state = FIELD_START;
        i++;
        if (c !== COMMA) {
          this.endRecord();
          if (c === CR) {
            if (i < n) {
              if (s.charCodeAt(i) === LF) i++;
            } else this.skipLf = true;
          }
        }
        continue;
      }
      throw new CsvSyntaxError('TEXT_AFTER_QUOTE', this.record, s.slice(i, i + 10).split(/[\r\n]/)[0]);
    }
    this.state = state;
    this.field = field;
  }

  /** Flushes the last record; throws when a quoted field was never closed. */
  end(): void {
    if (this.state === QUOTED) {
      throw new CsvSyntaxError('UNCLOSED_QUOTE', this.record, this.field.slice(0, 20));
    }
    if (this.state !== FIELD_START || this.row.length > 0) {
      this.addField(this.field.trim());
      this.field = '';
      this.state = FIELD_START;
      this.endRecord();
    }
  }

  private addField(value: string): void {
    const row = this.row;
    if (row.length >= this.maxColumns) {
      if (value === '') return;
      throw new CsvSyntaxError('TOO_MANY_COLUMNS', this.record, String(row.length + 1));
    }
    row.push(value);
  }

  private endRecord(): void {
    const row = this.row;
    if (!isEmptyRow(row)) {
      if (this.firstRecord < 0) this.firstRecord = this.record;
      this.out.push({ cells: row, record: this.record });
    }
    this.row = [];
    this.record++;
  }

  private tooLong(): never {
    throw new CsvSyntaxError('CELL_TOO_LONG', this.record, String(this.maxCellChars));
  }
}

/** Bytes U+FFFD has in each encoding: a replacement char not made of these came from bad bytes. */
const REPLACEMENT_BYTES: Record<'utf-8' | 'gb18030', Buffer> = {
  'utf-8': Buffer.from([0xef, 0xbf, 0xbd]),
  gb18030: Buffer.from([0x84, 0x31, 0xa4, 0x37]),
};

/**
 * Chooses the encoding from the first bytes: a UTF-8 BOM, else valid UTF-8 (a multibyte character
 * cut off by the end of the sample still counts as valid), else GB18030.
 */
export function sniffEncoding(sample: Uint8Array, wholeFile: boolean): CsvEncoding {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) {
    return 'utf-8-bom';
  }
  if (
    sample.length >= 2 &&
    ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff))
  ) {
    throw new TableFileError(
      'FILE_ENCODING',
      '不支持 UTF-16（Unicode 文本）编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再上传',
    );
  }
  if (sample.includes(0)) {
    throw new TableFileError(
      'FILE_ENCODING',
      '文件含有二进制内容，不是 CSV 文本文件（若为 UTF-16 编码，请另存为“CSV UTF-8（逗号分隔）”）',
    );
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !wholeFile });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

interface TextDecoderLike {
  write(buf: Buffer): string;
  end(): string;
}

function makeDecoder(encoding: CsvEncoding): TextDecoderLike {
  if (encoding === 'gb18030') {
    const d = iconv.getDecoder('gb18030', { stripBOM: false });
    return { write: (buf) => d.write(buf), end: () => d.end() ?? '' };
  }
  const d = new TextDecoder('utf-8', { ignoreBOM: true });
  return { write: (buf) => d.decode(buf, { stream: true }), end: () => d.decode() };
}

/**
 * The row (1-based) a record is on when the file is opened in Excel, for messages: "文件第 N 行".
 * (`rowNumber` counts from the header row instead: data row 1 is 文件第 2 行 when the header is first.)
 */
const lineOf = (record: number) => record + 1;

export async function openCsv(path: string, options: ResolvedTableOptions): Promise<OpenedTable> {
  const fh = await open(path, 'r');
  let totalBytes: number;
  let encoding: CsvEncoding;
  try {
    totalBytes = (await fh.stat()).size;
    const sample = Buffer.alloc(Math.min(totalBytes, SNIFF_BYTES));
    const { bytesRead } = await fh.read(sample, 0, sample.length, 0);
    const head = sample.subarray(0, bytesRead);
    const bom = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    if (head.length === 0 || (bom && totalBytes === 3)) throw new TableFileError('FILE_EMPTY', '文件为空');
    encoding = sniffEncoding(head, totalBytes <= SNIFF_BYTES);
  } finally {
    await fh.close();
  }

  const start = encoding === 'utf-8-bom' ? 3 : 0;
  const stream = createReadStream(path, { start, highWaterMark: BLOCK_BYTES });
  let consumed = start;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (!stream.destroyed) {
      const done = new Promise<void>((resolve) => stream.once('close', () => resolve()));
      stream.destroy();
      await done;
    }
  };

  const parser = new CsvParser(options.maxColumns, options.maxCellChars);
  const decoder = makeDecoder(encoding);
  const replacementBytes = REPLACEMENT_BYTES[encoding === 'gb18030' ? 'gb18030' : 'utf-8'];
  let tail: Buffer = Buffer.alloc(0);
  /** Set when the text decoded from some block holds a U+FFFD that came from undecodable bytes. */
  let badBytesPending = false;
  /** Data row number of a record (0 for the header row, or for a record before any header). */
  const rowNumberOf = (record: number) =>
    parser.firstRecord >= 0 ? Math.max(0, record - parser.firstRecord) : 0;

  const toTableError = (e: unknown): unknown => {
    if (!(e instanceof CsvSyntaxError)) return e;
    const line = lineOf(e.record);
    const rowNumber = rowNumberOf(e.record);
    switch (e.kind) {
      case 'UNCLOSED_QUOTE':
        return new TableFileError(
          'FILE_FORMAT',
          `CSV 格式错误：文件第 ${line} 行开始的字段引号未闭合（以英文双引号开头的字段必须以英文双引号结束）`,
          rowNumber,
        );
      case 'TEXT_AFTER_QUOTE':
        return new TableFileError(
          'FILE_FORMAT',
          `CSV 格式错误：文件第 ${line} 行的引号字段结束后出现多余内容“${e.detail}”（含逗号、换行或引号的字段须整体用英文双引号包裹，字段中的双引号须写成两个双引号）`,
          rowNumber,
        );
      case 'CELL_TOO_LONG':
        return new TableFileError(
          'FILE_FORMAT',
          `CSV 格式错误：文件第 ${line} 行的字段超过 ${e.detail} 个字符，可能存在未闭合的引号`,
          rowNumber,
        );
      case 'TOO_MANY_COLUMNS':
        return new TableFileError(
          'FILE_TOO_MANY_COLUMNS',
          `文件第 ${line} 行的列数超过上限 ${options.maxColumns} 列`,
          rowNumber,
        );
    }
  };

  const checkDecoded = (buf: Buffer, text: string) => {
    if (!badBytesPending && text.includes('\uFFFD')) {
      // A literal U+FFFD in the file is fine; one the decoder made up is not.
      const window = tail.length > 0 ? Buffer.concat([tail, buf]) : buf;
      if (!window.includes(replacementBytes)) badBytesPending = true;
    }
    tail = Buffer.from(buf.subarray(Math.max(0, buf.length - (replacementBytes.length - 1))));
  };

  const encodingError = (record: number) => {
    const rowNumber = rowNumberOf(record);
    const name = encoding === 'gb18030' ? 'GB18030/GBK' : 'UTF-8';
    return new TableFileError(
      'FILE_ENCODING',
      `文件编码错误：文件第 ${lineOf(record)} 行含有无法按 ${name} 解码的字符，请将文件另存为“CSV UTF-8（逗号分隔）”后再上传`,
      rowNumber,
    );
  };

  /**
   * Runs a parser step; when it fails, the records completed before the failure are handed out
   * first, so a syntax error after the header always surfaces while iterating, after the good rows.
   */
  function* feed(step: () => void): Generator<CsvRecord[]> {
    try {
      step();
    } catch (e) {
      if (parser.out.length > 0) yield parser.out.splice(0);
      throw e;
    }
  }

  /** Parsed records, one array per block read. */
  async function* blocks(): AsyncGenerator<CsvRecord[]> {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      consumed += chunk.length;
      const text = decoder.write(chunk);
      checkDecoded(chunk, text);
      yield* feed(() => parser.push(text));
      if (parser.out.length > 0) yield parser.out.splice(0);
    }
    const rest = decoder.end();
    if (rest.length > 0) {
      if (!badBytesPending && rest.includes('\uFFFD')) badBytesPending = true;
      yield* feed(() => parser.push(rest));
    }
    yield* feed(() => parser.end());
    if (badBytesPending) {
      // Bad bytes at the very end of the file, in no complete record so far.
      badBytesPending = false;
      const bad = parser.out.find((r) => r.cells.some((c) => c.includes('\uFFFD')));
      throw encodingError(bad ? bad.record : parser.currentRecord);
    }
    if (parser.out.length > 0) yield parser.out.splice(0);
  }

  /** Throws when a record holds a replacement character while undecodable bytes are pending. */
  const checkRecord = (r: CsvRecord) => {
    if (!badBytesPending) return;
    for (const c of r.cells) if (c.includes('\uFFFD')) throw encodingError(r.record);
  };

  const source = blocks();
  let pending: CsvRecord[] = [];
  let headers: string[] | undefined;
  try {
    while (!headers) {
      let next: IteratorResult<CsvRecord[]>;
      try {
        next = await source.next();
      } catch (e) {
        throw toTableError(e);
      }
      if (next.done) break;
      const [first, ...rest] = next.value;
      if (!first) continue;
      checkRecord(first);
      headers = toHeaders(first.cells, options);
      pending = rest;
    }
    if (!headers) throw new TableFileError('FILE_NO_HEADER', '文件中没有找到表头行（所有行均为空）');
    if (headers.length === 1 && /[\t;]/.test(headers[0])) {
      throw new TableFileError(
        'FILE_FORMAT',
        '文件不是逗号分隔的 CSV（表头使用了制表符或分号分隔），请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再上传',
        0,
      );
    }
  } catch (e) {
    await source.return(undefined).catch(() => {});
    await close();
    throw e;
  }

  const width = headers.length;
  const hdr = parser.firstRecord;
  async function* rows(): AsyncGenerator<TableRow> {
    try {
      for (const r of pending) {
        checkRecord(r);
        yield toRow(r.record - hdr, r.cells, width);
      }
      pending = [];
      for (;;) {
        let next: IteratorResult<CsvRecord[]>;
        try {
          next = await source.next();
        } catch (e) {
          throw toTableError(e);
        }
        if (next.done) break;
        const batch = next.value;
        for (let k = 0; k < batch.length; k++) {
          const r = batch[k];
          if (badBytesPending) checkRecord(r);
          yield toRow(r.record - hdr, r.cells, width);
        }
      }
      consumed = totalBytes;
    } finally {
      await source.return(undefined).catch(() => {});
      await close();
    }
  }

  return {
    format: 'csv',
    encoding,
    headers,
    rows: rows(),
    bytesRead: () => Math.min(consumed, totalBytes),
    totalBytes,
    close,
  };
}
