/**
 * The seal line and the embedded report JSON of a report PDF. Pure (no pdfkit): the stand-alone
 * verifier imports this file.
 *
 * A sealed report is the PDF exactly as rendered, followed by one line after its final %%EOF:
 * `%XINYONG-SEAL <base64 of the UTF-8 JSON seal block>\n`. PDF readers ignore bytes after %%EOF
 * (and the line is a PDF comment besides), so the file still opens; the seal block carries the
 * hash of the bytes before the line and the signatures over it.
 */
import zlib from 'node:zlib';

const SEAL = '%XINYONG-SEAL ';
/** An embedded file bigger than this is refused rather than inflated (deflate bombs). */
const MAX_EMBEDDED = 64 * 1024 * 1024;
/** The dictionaries read here are a few hundred bytes; this bounds the scan on garbage. */
const MAX_DICT = 64 * 1024;

/** Whether the bytes end with %%EOF and one end-of-line marker, as pdfkit writes them. */
function endsWithEof(pdf: Buffer): boolean {
  const tail = pdf.subarray(-8).toString('latin1');
  return /%%EOF(\r\n|\n|\r)$/.test(tail);
}

/** Appends the seal line; `pdf` must be a complete PDF ending with %%EOF and a line break. */
export function sealPdf(pdf: Buffer, block: object): Buffer {
  if (!endsWithEof(pdf)) throw new Error('sealPdf: the PDF does not end with %%EOF and a line break');
  const line = `${SEAL}${Buffer.from(JSON.stringify(block), 'utf8').toString('base64')}\n`;
  return Buffer.concat([pdf, Buffer.from(line, 'latin1')]);
}

/**
 * The bytes before the seal line (exactly as they were sealed) and the parsed seal block; null if
 * the file does not end with a well-formed seal line right after %%EOF.
 */
export function unsealPdf(file: Buffer): { pdf: Buffer; block: unknown } | null {
  if (file.length < 2 || file[file.length - 1] !== 0x0a) return null;
  const start = file.lastIndexOf(0x0a, file.length - 2) + 1;
  const line = file.subarray(start, file.length - 1).toString('latin1');
  if (!line.startsWith(SEAL)) return null;
  const base64 = line.slice(SEAL.length);
  const bytes = Buffer.from(base64, 'base64');
  // Node's base64 decoder skips bad characters; only the canonical encoding is accepted, so any
  // changed character either breaks the seal or changes the block.
  if (bytes.toString('base64') !== base64) return null;
  const pdf = file.subarray(0, start);
  if (!endsWithEof(pdf)) return null;
  try {
    return { pdf, block: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    return null;
  }
}

/**
 * The content of the PDF's embedded file `name` (an attachment, as pdfkit's `doc.file` writes it:
 * name tree entry → /Filespec → /EF /F → /EmbeddedFile stream, raw or FlateDecode); null if there
 * is none or the PDF is not as expected. Never throws.
 */
export function extractEmbeddedJson(pdf: Buffer, name = 'report.json'): Buffer | null {
  // latin1 maps byte i to character i, so string offsets are byte offsets.
  const text = pdf.toString('latin1');
  // The name tree entry `(report.json) 22 0 R`; the last one wins, as in an incremental update.
  const entry = new RegExp(
    `\\(${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)\\s*(\\d+)\\s+(\\d+)\\s+R`,
    'g',
  );
  const refs = [...text.matchAll(entry)];
  const spec = refs.length ? findObject(text, `${refs.at(-1)![1]} ${refs.at(-1)![2]}`) : null;
  if (!spec || !/\/Type\s*\/Filespec\b/.test(spec.dict)) return null;
  const ef = /\/EF\s*<<\s*\/F\s+(\d+)\s+(\d+)\s+R/.exec(spec.dict);
  const file = ef && findObject(text, `${ef[1]} ${ef[2]}`);
  if (!file || !/\/Type\s*\/EmbeddedFile\b/.test(file.dict) || /\/DecodeParms\b/.test(file.dict)) return null;
  // Only a direct length: pdfkit writes no indirect /Length.
  const length = /\/Length\s+(\d+)\s*(?=\/|>>)/.exec(file.dict);
  const filter = /\/Filter\s*\/(\w+)\s*(?=\/|>>)/.exec(file.dict)?.[1];
  if (!length || (/\/Filter\b/.test(file.dict) && filter !== 'FlateDecode')) return null;
  const stream = /\s*stream\r?\n/y;
  stream.lastIndex = file.end;
  if (!stream.test(text)) return null;
  const from = stream.lastIndex;
  const to = from + Number(length[1]);
  if (to > pdf.length || !/^\s*endstream/.test(text.slice(to, to + 16))) return null;
  const data = pdf.subarray(from, to);
  if (!filter) return Buffer.from(data);
  try {
    return zlib.inflateSync(data, { maxOutputLength: MAX_EMBEDDED });
  } catch {
    return null;
  }
}

/** The dictionary of object `id` ("21 0"), last definition wins; `end` is the offset after `>>`. */
function findObject(text: string, id: string): { dict: string; end: number } | null {
  const header = `${id} obj`;
  for (let at = text.lastIndexOf(header); at >= 0; at = text.lastIndexOf(header, at - 1)) {
    if (at > 0 && !/\s/.test(text[at - 1])) continue; // "121 0 obj" is not "21 0 obj"
    const open = /\s*<</y;
    open.lastIndex = at + header.length;
    if (!open.test(text)) return null;
    const start = open.lastIndex - 2;
    const end = dictEnd(text, start);
    return end < 0 ? null : { dict: text.slice(start, end), end };
  }
  return null;
}

/** The offset just after the `>>` closing the dictionary that opens at `start`, or -1. */
function dictEnd(text: string, start: number): number {
  const limit = Math.min(text.length, start + MAX_DICT);
  let depth = 0;
  for (let i = start; i < limit; ) {
    if (text.startsWith('<<', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('>>', i)) {
      i += 2;
      if (--depth === 0) return i;
    } else if (text[i] === '(') {
      // A literal string may hold brackets: skip it, minding escapes and balanced parentheses.
      let nested = 0;
      for (; i < limit; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '(') nested++;
        else if (text[i] === ')' && --nested === 0) break;
      }
      i++;
    } else if (text[i] === '<') {
      i = text.indexOf('>', i) + 1; // hex string
      if (i === 0) return -1;
    } else i++;
  }
  return -1;
}
