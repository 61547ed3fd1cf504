/**
 * Streaming XLSX reader of the first visible worksheet.
 *
 * The ZIP is read with random access from the file path (yauzl): the workbook, its relationships,
 * styles (to know which cells are dates) and the shared string table are read first — the shared
 * strings are kept in memory — then the worksheet XML is inflated and scanned as a stream,
 * row by row, so a million-row sheet never sits in memory.
 *
 * Cell texts: shared, inline and rich-text strings are resolved (phonetic runs ignored, `_xHHHH_`
 * escapes decoded); numbers come out as plain decimal text at Excel's 15 significant digits
 * (0.1, not 0.10000000000000001; no exponent); numbers with a date format come out as
 * 'YYYY-MM-DD' ('YYYY-MM-DD HH:mm:ss' when a date-time format carries a time, 'HH:mm:ss' for a
 * time format); booleans as TRUE/FALSE; errors as their text (#N/A); formulas as their cached value.
 */
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import {
  isEmptyRow,
  type OpenedTable,
  type ResolvedTableOptions,
  TableFileError,
  type TableRow,
  toHeaders,
  toRow,
} from './table.ts';

// ---------------------------------------------------------------------------------------------
// Number and date formatting

/** How a number format shows a number. */
export type NumberKind = 'date' | 'datetime' | 'time' | 'duration' | null;

/** Built-in format ids that show dates/times (including the zh-CN ones, 27–36 and 50–58). */
const BUILTIN_KINDS: Record<number, NumberKind> = {
  14: 'date',
  15: 'date',
  16: 'date',
  17: 'date',
  18: 'time',
  19: 'time',
  20: 'time',
  21: 'time',
  22: 'datetime',
  27: 'date',
  28: 'date',
  29: 'date',
  30: 'date',
  31: 'date',
  32: 'time',
  33: 'time',
  34: 'time',
  35: 'time',
  36: 'date',
  45: 'time',
  46: 'duration',
  47: 'time',
  50: 'date',
  51: 'date',
  52: 'date',
  53: 'date',
  54: 'date',
  55: 'time',
  56: 'time',
  57: 'date',
  58: 'date',
};

/** Classifies a number format code (only its first section, the one for positive numbers). */
export function classifyFormat(code: string): NumberKind {
  let f = code.split(';')[0];
  const elapsed = /\[(h+|m+|s+)\]/i.test(f);
  f = f
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/AM\/PM|A\/P|上午\/下午/gi, '');
  if (/^general$/i.test(f.trim())) return null;
  const hasY = /y/i.test(f);
  const hasD = /d/i.test(f);
  const hasH = /h/i.test(f);
  const hasS = /s/i.test(f);
  const hasM = /m/i.test(f);
  if (elapsed) return 'duration';
  const hasDate = hasY || hasD || (hasM && !hasH && !hasS);
  const hasTime = hasH || hasS;
  if (hasDate && hasTime) return 'datetime';
  if (hasDate) return 'date';
  if (hasTime) return 'time';
  return null;
}

export function builtinKind(id: number): NumberKind {
  return BUILTIN_KINDS[id] ?? null;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** 'YYYY-MM-DD' of a day counted from 1970-01-01 (proleptic Gregorian; H. Hinnant's civil_from_days). */
function civilText(unixDays: number): string {
  const z = unixDays + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** 'YYYY-MM-DD' of a whole Excel serial day. */
function dayText(serialDay: number, date1904: boolean): string {
  // 1904 system: serial 0 = 1904-01-01. 1900 system: serial 1 = 1900-01-01, and Excel keeps the
  // fictitious 1900-02-29 as serial 60, so serials from 61 on are one day "ahead".
  if (date1904) return civilText(serialDay - 24_107);
  if (serialDay === 60) return '1900-02-29';
  return civilText(serialDay < 60 ? serialDay - 25_568 : serialDay - 25_569);
}

const timeText = (seconds: number) =>
  `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;

/** Text of an Excel serial date-time number under a date/time format. */
export function serialText(serial: number, kind: Exclude<NumberKind, null>, date1904 = false): string {
  // Excel's dates end at 9999-12-31; anything outside is shown as the number it is.
  if (!Number.isFinite(serial) || serial < 0 || serial >= (date1904 ? 2_957_004 : 2_958_466)) {
    return formatNumber(String(serial));
  }
  const total = Math.round(serial * 86_400);
  const days = Math.floor(total / 86_400);
  const secs = total - days * 86_400;
  switch (kind) {
    case 'date':
      return dayText(days, date1904);
    case 'datetime':
      return secs === 0 ? dayText(days, date1904) : `${dayText(days, date1904)} ${timeText(secs)}`;
    case 'time':
      return timeText(secs);
    case 'duration':
      return timeText(total);
  }
}

/** Plain decimal text of a finite number (no exponent). */
function plainDecimal(n: number): string {
  if (n === 0) return '0';
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  let mantissa = s.slice(0, e);
  const exp = Number(s.slice(e + 1));
  let sign = '';
  if (mantissa[0] === '-') {
    sign = '-';
    mantissa = mantissa.slice(1);
  }
  const dot = mantissa.indexOf('.');
  const intPart = dot < 0 ? mantissa : mantissa.slice(0, dot);
  const digits = dot < 0 ? mantissa : intPart + mantissa.slice(dot + 1);
  const point = intPart.length + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const SHORT_INTEGER = /^-?[1-9]\d{0,14}$/;

/**
 * Text of a stored number as Excel shows it in General format: at most 15 significant digits,
 * so binary float noise disappears ('0.10000000000000001' → '0.1'), and never an exponent.
 */
export function formatNumber(v: string): string {
  if (SHORT_INTEGER.test(v)) return v;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) return v;
  return plainDecimal(Number(n.toPrecision(15)));
}

/** Text of an ISO 8601 date cell (`t="d"`). */
function isoDateText(v: string, kind: NumberKind): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2}))?/.exec(v);
  if (!m) return v;
  const [, date, time] = m;
  if (kind === 'time' || kind === 'duration') return time ?? '00:00:00';
  return time && time !== '00:00:00' ? `${date} ${time}` : date;
}

/** Decodes OOXML `_xHHHH_` escapes (used for control characters, e.g. `_x000D_`). */
function unescapeOoxml(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** 0-based column index of a cell reference such as 'AB12' (−1 when there are no letters). */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n - 1;
}

// ---------------------------------------------------------------------------------------------
// XML scanning

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined and numeric character references of XML text. */
export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (m, ref: string) => {
    if (ref.charCodeAt(0) !== 35) return XML_ENTITIES[ref];
    const code = ref.charCodeAt(1) === 120 ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/** Attributes of a tag (names as written, prefix included; values decoded). */
export function parseAttrs(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  const n = raw.length;
  let i = 0;
  while (i < n) {
    const eq = raw.indexOf('=', i);
    if (eq < 0) break;
    const name = raw.slice(i, eq).trim();
    let q = eq + 1;
    while (q < n && raw.charCodeAt(q) !== 34 && raw.charCodeAt(q) !== 39) q++;
    if (q >= n) break;
    const close = raw.indexOf(raw[q], q + 1);
    if (close < 0) break;
    out[name] = decodeXml(raw.slice(q + 1, close));
    i = close + 1;
  }
  return out;
}

export interface XmlHandlers {
  /** An opening (or self-closing) tag: local name (prefix removed) and the raw attribute text. */
  open(name: string, rawAttrs: string): void;
  /** A closing tag (also called right after `open` for a self-closing tag). */
  close(name: string): void;
  /** Decoded text or CDATA, reported only while `scanner.captureText` is true. */
  text(text: string): void;
}

const isXmlSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

function localNameOf(buf: string, start: number, end: number): string {
  for (let i = start; i < end; i++) if (buf.charCodeAt(i) === 58) return buf.slice(i + 1, end);
  return buf.slice(start, end);
}

/**
 * A small, forgiving, streaming XML tokenizer for SpreadsheetML: tags, attributes, text with
 * entities, CDATA; comments, processing instructions and DOCTYPE are skipped. It does not validate
 * well-formedness (Excel's own files are; others are read as far as they make sense). Several times
 * faster than a general SAX parser on worksheets, which are almost all tags.
 */
export class XmlScanner {
  /** Handlers set this while they want text. */
  captureText = false;
  private rest = '';

  constructor(
    private readonly h: XmlHandlers,
    /** Longest unfinished construct (tag or text) kept between chunks. */
    private readonly maxPending = 256 * 1024 * 1024,
  ) {}

  write(chunk: string): void {
    const buf = this.rest.length > 0 ? this.rest + chunk : chunk;
    const n = buf.length;
    const h = this.h;
    let pos = 0;
    while (pos < n) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) break;
      if (lt + 1 >= n) {
        pos = this.flushText(buf, pos, lt);
        break;
      }
      const c1 = buf.charCodeAt(lt + 1);
      if (c1 === 47) {
        // </name>
        const gt = buf.indexOf('>', lt + 2);
        if (gt < 0) {
          pos = this.flushText(buf, pos, lt);
          break;
        }
        if (lt > pos && this.captureText) h.text(decodeXml(buf.slice(pos, lt)));
        let e = gt;
        while (e > lt + 2 && isXmlSpace(buf.charCodeAt(e - 1))) e--;
        h.close(localNameOf(buf, lt + 2, e));
        pos = gt + 1;
        continue;
      }
      if (c1 === 33 || c1 === 63) {
        // <!-- -->, <![CDATA[ ]]>, <!DOCTYPE >, <? ?>
        let endMark: string;
        let textStart = -1;
        if (c1 === 63) endMark = '?>';
        else if (buf.startsWith('<!--', lt)) endMark = '-->';
        else if (buf.startsWith('<![CDATA[', lt)) {
          endMark = ']]>';
          textStart = lt + 9;
        } else if (n - lt < 9) {
          pos = this.flushText(buf, pos, lt);
          break;
        } else
          endMark = buf.indexOf('[', lt) >= 0 && buf.indexOf('[', lt) < buf.indexOf('>', lt) ? ']>' : '>';
        const e = buf.indexOf(endMark, lt + 2);
        if (e < 0) {
          pos = this.flushText(buf, pos, lt);
          break;
        }
        if (lt > pos && this.captureText) h.text(decodeXml(buf.slice(pos, lt)));
        if (textStart >= 0 && this.captureText) h.text(buf.slice(textStart, e));
        pos = e + endMark.length;
        continue;
      }
      // <name attrs> or <name attrs/>: find the '>' outside quoted attribute values
      let j = lt + 1;
      let quote = 0;
      for (; j < n; j++) {
        const c = buf.charCodeAt(j);
        if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if (c === 62) break;
        else if (c === 34 || c === 39) quote = c;
      }
      if (j >= n) {
        pos = this.flushText(buf, pos, lt);
        break;
      }
      if (lt > pos && this.captureText) h.text(decodeXml(buf.slice(pos, lt)));
      const selfClosing = buf.charCodeAt(j - 1) === 47;
      const end = selfClosing ? j - 1 : j;
      let k = lt + 1;
      while (k < end && !isXmlSpace(buf.charCodeAt(k))) k++;
      const name = localNameOf(buf, lt + 1, k);
      h.open(name, k < end ? buf.slice(k, end) : '');
      if (selfClosing) h.close(name);
      pos = j + 1;
    }
    this.rest = pos === 0 ? buf : pos < n ? buf.slice(pos) : '';
    if (this.rest.length > this.maxPending) throw new Error('XML 结构异常（标签或文本过长）');
  }

  /** Ends the input; throws when it stopped inside a tag. */
  end(): void {
    if (this.rest.includes('<')) throw new Error('XML 内容不完整');
    this.rest = '';
  }

  /**
   * Emits the text before an unfinished tag at `lt` (keeping the tag for the next chunk) and
   * returns the position to keep from.
   */
  private flushText(buf: string, pos: number, lt: number): number {
    if (lt > pos && this.captureText) this.h.text(decodeXml(buf.slice(pos, lt)));
    return lt;
  }
}

// ---------------------------------------------------------------------------------------------
// ZIP plumbing

function normalizePath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

function resolveTarget(baseDir: string, target: string): string {
  let t = target;
  try {
    t = decodeURIComponent(target);
  } catch {
    // keep as written
  }
  if (t.startsWith('/')) return normalizePath(t);
  return normalizePath(baseDir ? `${baseDir}/${t}` : t);
}

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

const corrupt = (what: string, rowNumber?: number) =>
  new TableFileError('FILE_FORMAT', `XLSX 文件已损坏或不是标准的 Excel 文件：${what}`, rowNumber);

interface EntryHandlers {
  open?: (name: string, attrs: Record<string, string>) => void;
  close?: (name: string) => void;
  /** Text inside elements named `textIn` (e.g. 't'). */
  text?: (text: string) => void;
  textIn?: string;
}

/** Parses a whole ZIP entry as a stream of XML events (attributes decoded). */
/** Largest shared string table read into memory (uncompressed XML). */
const MAX_SHARED_STRINGS_BYTES = 1024 * 1024 * 1024;
/** Largest workbook, relationships or styles part. */
const MAX_PART_BYTES = 64 * 1024 * 1024;

async function parseEntry(
  zip: ZipFile,
  entry: Entry,
  handlers: EntryHandlers,
  maxBytes = MAX_PART_BYTES,
): Promise<void> {
  if (entry.uncompressedSize > maxBytes) {
    throw new TableFileError(
      'FILE_FORMAT',
      `XLSX 文件中的 ${entry.fileName} 过大（${Math.round(entry.uncompressedSize / 1048576)} MB），请拆分文件或另存为 CSV（UTF-8）后再上传`,
    );
  }
  const { open, close, text, textIn } = handlers;
  const scanner: XmlScanner = new XmlScanner({
    open(name, raw) {
      if (name === textIn) scanner.captureText = true;
      open?.(name, raw ? parseAttrs(raw) : {});
    },
    close(name) {
      if (name === textIn) scanner.captureText = false;
      close?.(name);
    },
    text(t) {
      text?.(t);
    },
  });
  const stream = await zip.openReadStreamPromise(entry);
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>)
      scanner.write(decoder.decode(chunk, { stream: true }));
    scanner.write(decoder.decode());
    scanner.end();
  } catch (e) {
    stream.destroy();
    if (e instanceof TableFileError) throw e;
    throw corrupt(`${entry.fileName} 无法解析（${(e as Error).message}）`);
  }
}

interface Relationship {
  type: string;
  target: string;
}

async function readRels(
  zip: ZipFile,
  entries: Map<string, Entry>,
  relsPath: string,
  baseDir: string,
): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  const entry = entries.get(relsPath.toLowerCase());
  if (!entry) return rels;
  await parseEntry(zip, entry, {
    open(name, a) {
      if (name === 'Relationship' && a.Id && a.Target && a.TargetMode !== 'External') {
        rels.set(a.Id, { type: a.Type ?? '', target: resolveTarget(baseDir, a.Target) });
      }
    },
  });
  return rels;
}

interface WorkbookInfo {
  sheetPath: string;
  date1904: boolean;
  sharedStringsPath?: string;
  stylesPath?: string;
}

async function readWorkbook(zip: ZipFile, entries: Map<string, Entry>): Promise<WorkbookInfo> {
  const root = await readRels(zip, entries, '_rels/.rels', '');
  let workbookPath = 'xl/workbook.xml';
  for (const r of root.values()) if (r.type.endsWith('/officeDocument')) workbookPath = r.target;
  const workbook = entries.get(workbookPath.toLowerCase());
  if (!workbook) throw corrupt('缺少工作簿（workbook.xml）');

  const sheets: { rid: string; hidden: boolean }[] = [];
  let date1904 = false;
  await parseEntry(zip, workbook, {
    open(name, a) {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      else if (name === 'sheet') {
        const ridKey = Object.keys(a).find((k) => k.endsWith(':id'));
        sheets.push({
          rid: ridKey ? a[ridKey] : '',
          hidden: a.state === 'hidden' || a.state === 'veryHidden',
        });
      }
    },
  });

  const baseDir = dirOf(workbookPath);
  const slash = workbookPath.lastIndexOf('/');
  const relsPath = `${baseDir ? `${baseDir}/` : ''}_rels/${workbookPath.slice(slash + 1)}.rels`;
  const rels = await readRels(zip, entries, relsPath, baseDir);

  const worksheets = sheets
    .map((s) => ({ ...s, rel: rels.get(s.rid) }))
    .filter((s) => s.rel?.type.endsWith('/worksheet') && entries.has(s.rel.target.toLowerCase()));
  const chosen = worksheets.find((s) => !s.hidden) ?? worksheets[0];
  let sheetPath = chosen?.rel?.target;
  if (!sheetPath) {
    const fallback = [...entries.keys()].filter((k) => /^xl\/worksheets\/[^/]+\.xml$/.test(k)).sort();
    if (fallback.length === 0) throw corrupt('工作簿中没有工作表');
    sheetPath = fallback[0];
  }
  const byType = (suffix: string, fallback: string) => {
    for (const r of rels.values())
      if (r.type.endsWith(suffix) && entries.has(r.target.toLowerCase())) return r.target;
    return entries.has(fallback) ? fallback : undefined;
  };
  return {
    sheetPath,
    date1904,
    sharedStringsPath: byType('/sharedStrings', 'xl/sharedstrings.xml'),
    stylesPath: byType('/styles', 'xl/styles.xml'),
  };
}

/** Number kind of each cell style (index = the `s` attribute of a cell). */
async function readStyles(zip: ZipFile, entry: Entry): Promise<NumberKind[]> {
  const formats = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  let inNumFmts = false;
  await parseEntry(zip, entry, {
    open(name, a) {
      if (name === 'numFmts') inNumFmts = true;
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'numFmt' && inNumFmts) formats.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'xf' && inCellXfs) xfFormats.push(Number(a.numFmtId ?? 0) || 0);
    },
    close(name) {
      if (name === 'numFmts') inNumFmts = false;
      else if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return xfFormats.map((id) => {
    const code = formats.get(id);
    return code !== undefined ? classifyFormat(code) : builtinKind(id);
  });
}

/** The shared string table (rich text runs concatenated, phonetic runs ignored). */
async function readSharedStrings(zip: ZipFile, entry: Entry): Promise<string[]> {
  const strings: string[] = [];
  let current = '';
  let inText = false;
  let phonetic = 0;
  await parseEntry(
    zip,
    entry,
    {
      open(name) {
        if (name === 't') inText = phonetic === 0;
        else if (name === 'si') current = '';
        else if (name === 'rPh') phonetic++;
      },
      close(name) {
        if (name === 't') inText = false;
        else if (name === 'si') strings.push(unescapeOoxml(current));
        else if (name === 'rPh') phonetic--;
      },
      text(t) {
        if (inText) current += t;
      },
      textIn: 't',
    },
    MAX_SHARED_STRINGS_BYTES,
  );
  return strings;
}

// ---------------------------------------------------------------------------------------------
// The reader

interface SheetRow {
  /** 1-based row number in the sheet. */
  r: number;
  cells: string[];
}

export async function openXlsx(path: string, options: ResolvedTableOptions): Promise<OpenedTable> {
  const totalBytes = (await stat(path)).size;
  if (totalBytes === 0) throw new TableFileError('FILE_EMPTY', '文件为空');
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch {
    throw new TableFileError('FILE_FORMAT', '文件不是有效的 XLSX 文件，可能已损坏或未完整上传');
  }

  let closed = false;
  let sheetStream: Readable | undefined;
  const close = async () => {
    if (closed) return;
    closed = true;
    sheetStream?.destroy();
    zip.close();
  };

  let uncompressedRead = 0;
  let sheetSize = 1;
  let finished = false;
  let headers: string[] | undefined;
  let headerRow = 0;
  let pending: SheetRow[] = [];
  let source: AsyncGenerator<SheetRow[]>;

  try {
    const entries = new Map<string, Entry>();
    for await (const entry of zip.eachEntry()) {
      if (entry.isEncrypted()) throw new TableFileError('FILE_FORMAT', 'XLSX 文件已加密，请取消密码后再上传');
      entries.set(entry.fileName.toLowerCase(), entry);
    }
    const book = await readWorkbook(zip, entries);
    const stylesEntry = book.stylesPath ? entries.get(book.stylesPath.toLowerCase()) : undefined;
    const kinds = stylesEntry ? await readStyles(zip, stylesEntry) : [];
    const sstEntry = book.sharedStringsPath ? entries.get(book.sharedStringsPath.toLowerCase()) : undefined;
    const sst = sstEntry ? await readSharedStrings(zip, sstEntry) : [];
    const sheetEntry = entries.get(book.sheetPath.toLowerCase());
    if (!sheetEntry) throw corrupt(`缺少工作表 ${book.sheetPath}`);
    sheetSize = Math.max(1, sheetEntry.uncompressedSize);
    const stream = await zip.openReadStreamPromise(sheetEntry);
    sheetStream = stream;
    source = sheetRows(stream, sst, kinds, book.date1904, options, (n) => {
      uncompressedRead += n;
    });

    while (!headers) {
      const next = await source.next();
      if (next.done) break;
      const [first, ...rest] = next.value;
      if (!first) continue;
      headerRow = first.r;
      headers = toHeaders(first.cells, options);
      pending = rest;
    }
    if (!headers) {
      throw new TableFileError('FILE_NO_HEADER', '工作表中没有找到表头行（第一个工作表为空）');
    }
  } catch (e) {
    await close();
    if (e instanceof TableFileError) throw e;
    throw new TableFileError('FILE_FORMAT', `XLSX 文件无法读取：${(e as Error).message}`);
  }

  const width = headers.length;
  const src = source;
  const toTableError = (e: unknown) =>
    e instanceof TableFileError
      ? e
      : new TableFileError('FILE_FORMAT', `XLSX 文件无法读取：${(e as Error).message}`);

  async function* rows(): AsyncGenerator<TableRow> {
    try {
      for (const r of pending) yield toRow(r.r - headerRow, r.cells, width);
      pending = [];
      for (;;) {
        let next: IteratorResult<SheetRow[]>;
        try {
          next = await src.next();
        } catch (e) {
          throw toTableError(e);
        }
        if (next.done) break;
        const batch = next.value;
        for (let k = 0; k < batch.length; k++) yield toRow(batch[k].r - headerRow, batch[k].cells, width);
      }
      finished = true;
    } finally {
      await src.return(undefined).catch(() => {});
      await close();
    }
  }

  return {
    format: 'xlsx',
    encoding: 'xlsx',
    headers,
    rows: rows(),
    bytesRead: () =>
      finished ? totalBytes : Math.min(totalBytes, Math.round((uncompressedRead / sheetSize) * totalBytes)),
    totalBytes,
    close,
  };
}

/**
 * Streams the worksheet XML, yielding the non-empty rows parsed from each inflated block.
 * Errors carry `rowNumber` counted from the header row (the first non-empty row).
 */
async function* sheetRows(
  stream: Readable,
  sst: string[],
  kinds: NumberKind[],
  date1904: boolean,
  options: ResolvedTableOptions,
  onBytes: (n: number) => void,
): AsyncGenerator<SheetRow[]> {
  const out: SheetRow[] = [];
  let rowNo = 0;
  /** Sheet row of the first non-empty row (the header row), 0 until there is one. */
  let firstRow = 0;
  let cells: string[] = [];
  let col = -1;
  let nextCol = 0;
  let type = 'n';
  let style = 0;
  let value = '';
  let inline = '';
  let capture = 0; // 1 = <v>, 2 = <t> of an inline string
  let inInline = false;
  let phonetic = 0;
  let done = false;

  const cellValue = (): string => {
    switch (type) {
      case 's': {
        const s = sst[Number(value)];
        return s === undefined ? '' : s;
      }
      case 'inlineStr':
        return unescapeOoxml(inline || value);
      case 'str':
        return unescapeOoxml(value);
      case 'b':
        return value === '' ? '' : value === '1' || value === 'true' ? 'TRUE' : 'FALSE';
      case 'e':
        return value;
      case 'd':
        return isoDateText(value, kinds[style] ?? null);
      default: {
        if (value === '') return '';
        const kind = kinds[style];
        if (kind) {
          const n = Number(value);
          if (Number.isFinite(n)) return serialText(n, kind, date1904);
        }
        return formatNumber(value.trim());
      }
    }
  };

  /** Reads the r, t and s attributes of a <c> tag into `col`, `type` and `style`. */
  const cellAttrs = (raw: string) => {
    col = -1;
    type = 'n';
    style = 0;
    const n = raw.length;
    let i = 0;
    while (i < n) {
      const eq = raw.indexOf('=', i);
      if (eq < 0) break;
      const q = eq + 1 < n && (raw.charCodeAt(eq + 1) === 34 || raw.charCodeAt(eq + 1) === 39) ? eq + 1 : -1;
      if (q < 0) {
        // unusual spacing around '=': fall back to the general parser
        const a = parseAttrs(raw);
        col = a.r ? columnIndex(a.r) : -1;
        type = a.t ?? 'n';
        style = a.s ? Number(a.s) || 0 : 0;
        return;
      }
      const close = raw.indexOf(raw[q], q + 1);
      if (close < 0) break;
      let k = eq - 1;
      while (k > i && isXmlSpace(raw.charCodeAt(k))) k--;
      // the attribute name is raw[start..k]; only its last character and length matter here
      let start = k;
      while (start > i && !isXmlSpace(raw.charCodeAt(start - 1))) start--;
      if (k === start) {
        const ch = raw.charCodeAt(k);
        if (ch === 114) col = columnIndex(raw.slice(q + 1, close));
        else if (ch === 116) type = raw.slice(q + 1, close);
        else if (ch === 115) style = Number(raw.slice(q + 1, close)) || 0;
      }
      i = close + 1;
    }
  };

  const scanner: XmlScanner = new XmlScanner({
    open(name, raw) {
      switch (name) {
        case 'c':
          cellAttrs(raw);
          if (col < 0) col = nextCol;
          value = '';
          inline = '';
          break;
        case 'v':
          capture = 1;
          scanner.captureText = true;
          break;
        case 't':
          if (inInline && phonetic === 0) {
            capture = 2;
            scanner.captureText = true;
          }
          break;
        case 'row': {
          const a = parseAttrs(raw);
          const r = a.r ? Number(a.r) : Number.NaN;
          rowNo = Number.isInteger(r) && r > rowNo ? r : rowNo + 1;
          cells = [];
          nextCol = 0;
          break;
        }
        case 'is':
          inInline = true;
          break;
        case 'rPh':
          phonetic++;
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          capture = 0;
          scanner.captureText = false;
          break;
        case 'c': {
          nextCol = col + 1;
          const text = cellValue().trim();
          if (text === '') break;
          if (col >= options.maxColumns) {
            throw new TableFileError(
              'FILE_TOO_MANY_COLUMNS',
              `工作表第 ${rowNo} 行第 ${col + 1} 列有内容，超过列数上限 ${options.maxColumns} 列`,
              firstRow === 0 ? 0 : rowNo - firstRow,
            );
          }
          while (cells.length < col) cells.push('');
          cells[col] = text;
          break;
        }
        case 'row':
          if (!isEmptyRow(cells)) {
            if (firstRow === 0) firstRow = rowNo;
            out.push({ r: rowNo, cells });
          }
          cells = [];
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'sheetData':
          done = true;
          break;
      }
    },
    text(t) {
      if (capture === 1) value += t;
      else if (capture === 2) inline += t;
    },
  });

  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      try {
        scanner.write(decoder.decode(chunk, { stream: true }));
      } catch (e) {
        // Rows completed before the failure go out first; the error surfaces after them.
        if (out.length > 0) yield out.splice(0);
        if (e instanceof TableFileError) throw e;
        throw corrupt(
          `工作表第 ${rowNo} 行附近无法解析（${(e as Error).message}）`,
          firstRow === 0 ? 0 : Math.max(0, rowNo - firstRow),
        );
      }
      if (out.length > 0) yield out.splice(0);
      if (done) return;
    }
    if (!done) throw corrupt('工作表数据不完整');
  } finally {
    stream.destroy();
  }
}
