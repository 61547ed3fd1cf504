/**
 * CSV injection (公式注入): a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return as a formula. Reports we write hold what departments submitted, so such cells get
 * a leading apostrophe (shown as text by Excel and WPS); plain signed numbers stay as they are. When
 * a corrected report comes back, the importer takes the apostrophe off again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const SIGNED_NUMBER = /^[+-]\d+(\.\d+)?$/;
const ESCAPED = /^'[=+\-@]/;

/** The cell as a spreadsheet will show it as text. */
export function formulaSafe(cell: string): string {
  return FORMULA_START.test(cell) && !SIGNED_NUMBER.test(cell) ? `'${cell}` : cell;
}

/** A cell read from an uploaded file, without the apostrophe `formulaSafe` added. */
export function withoutFormulaEscape(cell: string): string {
  // Every cell of every imported row comes through here: most are settled by their first character.
  return cell.charCodeAt(0) === APOSTROPHE && ESCAPED.test(cell) ? cell.slice(1) : cell;
}
const APOSTROPHE = 39;
