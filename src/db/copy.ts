/**
 * Rows in COPY's text format (PostgreSQL manual, "COPY", File Formats → Text Format): columns
 * separated by tabs, rows ended by newlines, NULL as `\N`, and backslash, tab, newline and carriage
 * return escaped with a backslash. Each value is the column type's text input (`{…}` for arrays,
 * `\x…` for bytea), exactly what a parameter of that type would carry.
 */

/** A column's text input, or null for SQL NULL. */
export type CopyValue = string | null;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  // Most values need no escaping: skip the replace pass.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]);
}

/** One row's fields, tab-separated (the caller ends rows with a newline). */
export function copyRow(values: readonly CopyValue[]): string {
  let row = copyField(values[0]);
  for (let i = 1; i < values.length; i++) row += `\t${copyField(values[i])}`;
  return row;
}

/** bytea's text input (hex format). */
export const byteaInput = (b: Uint8Array | null): CopyValue =>
  b ? `\\x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')}` : null;

/** `{"a","b"}`: a text[] literal, each element quoted (the quoting node-postgres gives array parameters). */
export function textArrayInput(items: readonly string[]): string {
  if (!items.length) return '{}';
  return `{${items.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}
