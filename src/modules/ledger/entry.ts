import { canonicalJson } from '../../shared/crypto/jcs.ts';
import type { RequestContext } from '../identity/viewer.ts';
import { hashTextHex, type LogHash } from './merkle.ts';

/**
 * One credit-state change as the log records it (docs/ledger.md "Entry"): who and what changed,
 * and a hash of the state it produced — never the state itself, so no personal data is in the log.
 */
export interface LedgerEvent {
  /** e.g. `record.published`, `record.withdrawn`, `report.issued` */
  type: string;
  /** The subject's opaque public id, when the change concerns one. */
  subject: string | null;
  objectType: string;
  objectId: string;
  version: number;
  /** The object's state after the change; hashed with the log's hash over its JCS bytes. */
  content: unknown;
  actor: string;
}

export interface EncodedEntry {
  entry: Buffer;
  contentHash: string;
}

export const ENTRY_VERSION = 1;

export function contentHash(alg: LogHash, content: unknown): string {
  return hashTextHex(alg, flatCanonicalJson(content));
}

/** The exact bytes that become the leaf: RFC 8785 canonical JSON, UTF-8. */
export function encodeEntry(alg: LogHash, ev: LedgerEvent, time: Date): EncodedEntry {
  const { text, contentHash } = encodeEntryText(alg, ev, time.toISOString());
  return { entry: Buffer.from(text, 'utf8'), contentHash };
}

/** `encodeEntry` as the canonical JSON text (the entry is its UTF-8 bytes); `time` as an ISO string. */
export function encodeEntryText(
  alg: LogHash,
  ev: LedgerEvent,
  time: string,
): { text: string; contentHash: string } {
  const hash = contentHash(alg, ev.content);
  const text = flatCanonicalJson({
    v: ENTRY_VERSION,
    type: ev.type,
    subject: ev.subject,
    objectType: ev.objectType,
    objectId: ev.objectId,
    version: ev.version,
    contentHash: hash,
    time,
    actor: ev.actor,
  });
  return { text, contentHash: hash };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * `canonicalJson` (RFC 8785) with a fast path for what entries and most logged content are: one
 * plain object of strings, safe integers, booleans and nulls. Same output; anything else, and
 * anything the general serializer would refuse, is handed to it.
 */
export function flatCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return canonicalJson(value);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return canonicalJson(value);
  const rec = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, as §3.2.3 requires.
  const keys = Object.keys(rec).sort();
  let out = '';
  for (const k of keys) {
    const v = rec[k];
    let json: string;
    if (v === undefined) continue;
    if (v === null) json = 'null';
    else if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return canonicalJson(value);
      json = JSON.stringify(v);
    } else if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) return canonicalJson(value);
      json = JSON.stringify(v);
    } else if (typeof v === 'boolean') json = v ? 'true' : 'false';
    else return canonicalJson(value);
    if (LONE_SURROGATE.test(k)) return canonicalJson(value);
    out += `${out ? ',' : ''}${JSON.stringify(k)}:${json}`;
  }
  return `{${out}}`;
}

export interface DecodedEntry {
  v: number;
  type: string;
  subject: string | null;
  objectType: string;
  objectId: string;
  version: number;
  contentHash: string;
  time: string;
  actor: string;
}

export function decodeEntry(entry: Uint8Array): DecodedEntry {
  return JSON.parse(Buffer.from(entry).toString('utf8')) as DecodedEntry;
}

/** `user:<id>`, `client:<id>` or `system:<job>` — ids, never names. */
export function actorOf(ctx: RequestContext, job = 'platform'): string {
  const v = ctx.viewer;
  if (v.kind === 'USER') return `user:${v.id}`;
  if (v.kind === 'API_CLIENT') return `client:${v.id}`;
  return `system:${job}`;
}
