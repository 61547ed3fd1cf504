/**
 * The downloadable error report of an import: the rows that failed, under their original headers,
 * with a last column `错误` ("字段: 信息; …"). CSV in UTF-8 with a BOM, so that Excel on a Chinese
 * Windows opens it with the right encoding; CRLF line ends; written as a stream to a file.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { formulaSafe } from './formula.ts';

export const ERROR_COLUMN = '错误';

const NEEDS_QUOTES = /[",\r\n]|^[ \t]|[ \t]$/;

/**
 * One CSV field: formula triggers escaped (`formulaSafe`), quoted when it holds a comma, quote or
 * line break, or starts/ends with a blank.
 */
export function csvField(cell: string): string {
  const value = formulaSafe(cell);
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV record (RFC 4180), terminated by CRLF. */
export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += csvField(cells[i] ?? '');
  }
  return `${line}\r\n`;
}

export class ErrorReportWriter {
  private failure: Error | undefined;
  private closed = false;
  private rows = 0;

  private constructor(
    private readonly out: WriteStream,
    private readonly width: number,
  ) {
    out.on('error', (e) => {
      this.failure = e;
    });
  }

  /** Creates (or truncates) the file and writes the BOM and the header line. */
  static async create(path: string, headers: readonly string[]): Promise<ErrorReportWriter> {
    const out = createWriteStream(path, { flags: 'w' });
    await new Promise<void>((resolve, reject) => {
      out.once('open', () => resolve());
      out.once('error', reject);
    });
    const writer = new ErrorReportWriter(out, headers.length);
    await writer.push(`\uFEFF${csvLine([...headers, ERROR_COLUMN])}`);
    return writer;
  }

  /** Number of rows written (header excluded). */
  get rowCount(): number {
    return this.rows;
  }

  /**
   * Writes one failed row: its cells (cut or padded to the header width, so that the errors always
   * land in the `错误` column) and the error text. Resolves once the stream can take more.
   */
  async write(cells: readonly string[], errors: string): Promise<void> {
    const row = new Array<string>(this.width + 1);
    for (let i = 0; i < this.width; i++) row[i] = cells[i] ?? '';
    row[this.width] = errors;
    await this.push(csvLine(row));
    this.rows++;
  }

  /** Flushes and closes the file. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.failure) throw this.failure;
    const closed = once(this.out, 'close');
    this.out.end();
    await closed;
    if (this.failure) throw this.failure;
  }

  /** Discards the writer after a failure elsewhere (the partial file is left for the caller to delete). */
  destroy(): void {
    this.closed = true;
    this.out.destroy();
  }

  private async push(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('ErrorReportWriter is closed');
    if (this.out.write(text)) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        this.out.off('error', onError);
        resolve();
      };
      const onError = (e: Error) => {
        this.out.off('drain', onDrain);
        reject(e);
      };
      this.out.once('drain', onDrain);
      this.out.once('error', onError);
    });
  }
}

/** Formats a row's errors as `字段: 信息; 字段: 信息`. */
export function formatRowErrors(errors: readonly { field: string | null; message: string }[]): string {
  return errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
}
