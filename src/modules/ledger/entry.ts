import { canonicalBytes } from '../../shared/crypto/jcs.ts';
import type { RequestContext } from '../identity/viewer.ts';
import { hashBytes, type LogHash } from './merkle.ts';

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
  return hashBytes(alg, canonicalBytes(content)).toString('hex');
}

/** The exact bytes that become the leaf: RFC 8785 canonical JSON, UTF-8. */
export function encodeEntry(alg: LogHash, ev: LedgerEvent, time: Date): EncodedEntry {
  const hash = contentHash(alg, ev.content);
  const entry = canonicalBytes({
    v: ENTRY_VERSION,
    type: ev.type,
    subject: ev.subject,
    objectType: ev.objectType,
    objectId: ev.objectId,
    version: ev.version,
    contentHash: hash,
    time: time.toISOString(),
    actor: ev.actor,
  });
  return { entry, contentHash: hash };
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
