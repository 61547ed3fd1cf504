/**
 * Reading uploaded tables (CSV or XLSX) row by row, without holding the file in memory.
 *
 * The uploaded file is first written to a temporary file; `openTable(path)` detects the format
 * (or takes it), reads the header row, and hands back an async iterable of data rows. Every cell
 * comes out as trimmed text: the ingesting code validates dates, amounts and codes as text.
 *
 * Row numbers follow the spreadsheet: `rowNumber` is the row's position after the header row in
 * the file, so with the header on the first line, data row N is line N + 1 in Excel. Fully empty
 * rows are skipped but keep their number, so the numbers a user is told match what they see.
 */
import { open } from 'node:fs/promises';
import { openCsv } from './csv.ts';
import { openXlsx } from './xlsx.ts';

export type TableFormat = 'csv' | 'xlsx';

export interface TableRow {
  /** 1-based position after the header row (skipped empty rows keep their numbers). */
  rowNumber: number;
  /** Trimmed cell texts aligned with `headers` (always `headers.length` long; missing cells are ''). */
  cells: string[];
  /**
   * Non-empty cells found to the right of the last header, when there are any (usually an unquoted
   * comma in a CSV value that shifted the columns). Absent on well-formed rows.
   */
  extraCells?: string[];
}

export interface OpenedTable {
  format: TableFormat;
  /** 'utf-8' | 'utf-8-bom' | 'gb18030' for CSV, 'xlsx' for XLSX. */
  encoding: string;
  /** Trimmed header texts, BOM removed, trailing empty headers dropped. */
  headers: string[];
  /** Data rows, header excluded, fully empty rows skipped. Iterate once. */
  rows: AsyncIterable<TableRow>;
  /** Bytes of the file consumed so far, for progress bars (estimated for XLSX). */
  bytesRead(): number;
  totalBytes: number;
  /** Releases the file; safe to call more than once, and after iteration has finished. */
  close(): Promise<void>;
}

export type TableFileErrorCode =
  | 'FILE_EMPTY'
  | 'FILE_FORMAT'
  | 'FILE_ENCODING'
  | 'FILE_NO_HEADER'
  | 'FILE_TOO_MANY_COLUMNS';

/**
 * A problem with the file as a whole. `message` is Chinese and complete: where there is a row, it
 * already names it as the user sees it in Excel ("文件第 N 行" / "工作表第 N 行"), so callers show
 * it as is; `rowNumber` is the same problem in `TableRow.rowNumber` terms, for machines.
 */
export class TableFileError extends Error {
  override readonly name = 'TableFileError';
  constructor(
    readonly code: TableFileErrorCode,
    message: string,
    /** Same numbering as `TableRow.rowNumber` (0 = the header row). */
    readonly rowNumber?: number,
  ) {
    super(message);
  }
}

export interface OpenTableOptions {
  /** Most columns a row may have with content (default 1000). */
  maxColumns?: number;
  /** Longest cell, in characters (default 1,000,000); longer means a broken file (e.g. an unclosed quote). */
  maxCellChars?: number;
}

export interface ResolvedTableOptions {
  maxColumns: number;
  maxCellChars: number;
}

export const DEFAULT_MAX_COLUMNS = 1000;
export const DEFAULT_MAX_CELL_CHARS = 1_000_000;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (buf: Uint8Array, magic: number[]) =>
  buf.length >= magic.length && magic.every((b, i) => buf[i] === b);

/**
 * Decides by content: a ZIP (`PK\x03\x04`) is XLSX, other text is CSV — whatever the file is
 * named, since department systems often export CSV under an .xls/.xlsx name. Refused here: an
 * empty file, a binary Excel file (legacy .xls or a password-protected .xlsx, both OLE2
 * containers) and an HTML/XML "Excel export"; `fileName` only sharpens the messages.
 */
export async function detectTableFormat(path: string, fileName?: string): Promise<TableFormat> {
  const fh = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (head.length === 0) throw new TableFileError('FILE_EMPTY', '文件为空');
  if (startsWith(head, ZIP_MAGIC)) return 'xlsx';
  if (startsWith(head, EMPTY_ZIP_MAGIC)) {
    throw new TableFileError('FILE_FORMAT', '文件不是有效的 XLSX 文件（压缩包为空）');
  }
  if (startsWith(head, OLE2_MAGIC)) {
    const encrypted = /\.xls[xm]$/i.test(fileName ?? '');
    throw new TableFileError(
      'FILE_FORMAT',
      encrypted
        ? 'Excel 文件设置了打开密码，请取消密码并另存为 .xlsx 或 CSV（UTF-8）后再上传'
        : '不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV（UTF-8）后再上传',
    );
  }
  const text = head.toString('latin1').replace(/^(\xEF\xBB\xBF)?\s*/, '');
  if (/^<(\?xml|!doctype|html|table|head|meta)\b/i.test(text)) {
    throw new TableFileError(
      'FILE_FORMAT',
      '文件实际是网页或 XML 格式（常见于系统导出的“Excel”文件），请在 Excel 中打开后另存为 .xlsx 或 CSV（UTF-8）再上传',
    );
  }
  return 'csv';
}

/** Opens a table file; the header row has been read when the promise resolves. */
export async function openTable(
  path: string,
  format?: TableFormat,
  options: OpenTableOptions = {},
): Promise<OpenedTable> {
  const resolved: ResolvedTableOptions = {
    maxColumns: options.maxColumns ?? DEFAULT_MAX_COLUMNS,
    maxCellChars: options.maxCellChars ?? DEFAULT_MAX_CELL_CHARS,
  };
  const fmt = format ?? (await detectTableFormat(path));
  return fmt === 'xlsx' ? openXlsx(path, resolved) : openCsv(path, resolved);
}

// ---- helpers shared by the readers (not part of the public API) ----

/** True when every cell is empty. */
export function isEmptyRow(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (cells[i] !== '') return false;
  return true;
}

/** Header texts from the first non-empty row: trimmed, BOM removed, trailing empties dropped. */
export function toHeaders(cells: readonly string[], options: ResolvedTableOptions): string[] {
  const headers = cells.map((c) => c.replace(/^\uFEFF+/, '').trim());
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
  if (headers.length > options.maxColumns) {
    throw new TableFileError(
      'FILE_TOO_MANY_COLUMNS',
      `表头有 ${headers.length} 列，超过上限 ${options.maxColumns} 列`,
      0,
    );
  }
  return headers;
}

/** Aligns trimmed cells with the headers (pads with '', moves non-empty overflow to `extraCells`). */
export function toRow(rowNumber: number, cells: string[], width: number): TableRow {
  if (cells.length === width) return { rowNumber, cells };
  if (cells.length < width) {
    for (let i = cells.length; i < width; i++) cells.push('');
    return { rowNumber, cells };
  }
  const extra = cells.slice(width);
  cells.length = width;
  while (extra.length > 0 && extra[extra.length - 1] === '') extra.pop();
  return extra.length > 0 ? { rowNumber, cells, extraCells: extra } : { rowNumber, cells };
}
