/** Types of the credit ledger (信用账本) and credit report (信用报告) API; the server's OpenAPI is authoritative. */

export type LedgerHash = 'SM3' | 'SHA-256';
export type KeyAlgorithm = 'Ed25519' | 'SM2';
export const KEY_ALGORITHMS: KeyAlgorithm[] = ['Ed25519', 'SM2'];

/** A public key as another platform needs it to check our signatures. */
export interface PublicKey {
  name: string;
  algorithm: KeyAlgorithm;
  /** 8 hex digits. */
  keyId: string;
  /** base64: Ed25519 raw 32 bytes; SM2 uncompressed point (65 bytes). */
  publicKey: string;
}

export interface LedgerKey extends PublicKey {
  status: 'ACTIVE' | 'RETIRED';
  createdAt: string;
  retiredAt: string | null;
}

/** `GET /ledger/keys`: also what a peer platform imports for mutual recognition (异地互认). */
export interface LedgerKeys {
  origin: string;
  hash: LedgerHash;
  keys: LedgerKey[];
}

export interface Checkpoint {
  size: number;
  /** base64 */
  rootHash: string;
  /** The signed note (C2SP tlog-checkpoint), as text. */
  note: string;
  signedAt: string;
}

export interface EntryFields {
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

export interface LedgerEntry {
  index: number;
  /** base64 of the exact bytes hashed as the leaf. */
  entry: string;
  decoded: EntryFields;
  sequencedAt: string;
}

export interface LedgerEntries {
  treeSize: number;
  entries: LedgerEntry[];
}

export interface InclusionProof {
  index: number;
  size: number;
  leafHash: string;
  hashes: string[];
}

export interface ObjectLeaves {
  leaves: { index: number; type: string; version: number; sequencedAt: string }[];
  /** Changes committed but not yet in the tree. */
  queued: number;
}

export interface AuditProblem {
  code: string;
  message: string;
  leafIndex?: number;
  objectType?: string;
  objectId?: string;
}

export interface LedgerAudit {
  id: number;
  startedAt: string;
  finishedAt: string;
  treeSize: number;
  ok: boolean;
  problems: AuditProblem[];
}

export interface Witness {
  name: string;
  keyId: string;
  publicKey: string;
  description: string;
  active: boolean;
  lastCosigned: { treeSize: number; cosignedAt: string } | null;
}

export interface Witnesses {
  treeSize: number;
  items: Witness[];
}

export interface Peer {
  origin: string;
  hash: LedgerHash;
  keys: PublicKey[];
  importedAt: string;
}

/** `GET /health`. */
export interface Health {
  status: 'ok' | 'degraded';
  ledger: { treeSize: number; lastAudit: { ok: boolean; at: string; problems: number } | null };
}

export interface IssuedReport {
  reportNo: string;
  verifyCode: string;
  issuedAt: string;
  contentHash: string;
  ledgerIndex: number;
  pdfUrl: string;
  jsonUrl: string;
  verifyUrl: string;
}

export interface MyReport {
  reportNo: string;
  purpose: string;
  requester: string;
  issuedAt: string;
  validUntil: string;
}

export interface ReportAccess {
  at: string;
  who: string;
  whoType: string;
  action: string;
  reportNo: string | null;
  purpose: string | null;
}

export interface MyReports {
  reports: MyReport[];
  accesses: ReportAccess[];
}

export interface VerifyCheck {
  code: string;
  ok: boolean;
  message: string;
}

/** `GET /reports/{reportNo}/verify?code=`. */
export interface ReportVerification {
  valid: boolean;
  reportNo: string;
  issuedAt: string;
  validUntil: string;
  /** Masked for individuals. */
  subjectName: string;
  subjectCode: string | null;
  contentHash: string;
  signatureValid: boolean;
  ledgerIndex: number;
  checkpoint: string;
  checks: VerifyCheck[];
}

/** `POST /reports/verify` with the file's bytes. */
export interface FileVerification {
  valid: boolean;
  kind: 'pdf' | 'json' | 'unknown';
  reportNo: string | null;
  origin: string | null;
  checks: VerifyCheck[];
}

/** The download URL of an issued report's PDF or JSON (session cookie). */
export const reportFileUrl = (reportNo: string, format: 'pdf' | 'json') =>
  `/api/v1/reports/${encodeURIComponent(reportNo)}.${format}`;

/** The portal page that verifies a report by number and code (what the report's QR code opens). */
export const reportVerifyPath = (reportNo: string, code: string) =>
  `/verify?no=${encodeURIComponent(reportNo)}&code=${encodeURIComponent(code)}`;
