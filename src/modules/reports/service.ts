import crypto from 'node:crypto';
import type { AppDeps } from '../../app-deps.ts';
import type { Queryable } from '../../db/db.ts';
import { shanghaiDate } from '../../shared/clock.ts';
import { sm3 } from '../../shared/crypto/hash.ts';
import { canonicalBytes } from '../../shared/crypto/jcs.ts';
import { addDays } from '../../shared/dates.ts';
import { Errors } from '../../shared/errors.ts';
import { maskName } from '../../shared/mask.ts';
import { recordAudit } from '../audit/audit.ts';
import type { RequestContext } from '../identity/viewer.ts';
import { actorOf } from '../ledger/entry.ts';
import { contentSigners } from '../ledger/keys.ts';
import { trustedPlatforms } from '../ledger/peers.ts';
import { activeAuthorisation } from '../subjects/repository.ts';
import { resolveSubjectKey } from '../subjects/service.ts';
import { buildReportContent } from './build.ts';
import type { ReportContent } from './content.ts';
import { renderReportPdf } from './pdf.ts';
import { sealPdf } from './pdf-seal.ts';
import { verifyReportFile, verifyReportJson } from './verify.ts';

/** A report is valid for this many days after issue (the holder may request a new one at any time). */
const VALID_DAYS = 30;
const NO_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface ReportSignature {
  algorithm: 'SM2' | 'Ed25519';
  keyId: string;
  value: string;
}

/** The report JSON of the verification contract (docs/ledger.md, README). */
export interface ReportDocument {
  reportNo: string;
  issuedAt: string;
  content: ReportContent;
  contentHash: string;
  signatures: ReportSignature[];
  ledger: { index: number; entry: string; inclusionProof: string[]; checkpoint: string };
}

interface Access {
  subjectId: number;
  subjectPublicId: string;
  basis: 'SELF' | 'OFFICIAL' | 'AUTHORISATION';
  authorisationId: number | null;
}

const sm3Hex = (b: Uint8Array) => sm3(b).toString('hex');

function randomCode(n: number): string {
  return [...crypto.randomBytes(n)].map((b) => NO_ALPHABET[b & 31]).join('');
}

/** The subject a request names: opaque id, USCC, or an individual's identity number (by keyed hash). */

/**
 * Who may have a subject's report (DOMAIN §12): the subject itself; a department system or official
 * for a stated official purpose; any other party only under the subject's authorisation covering
 * reports, in force today.
 */
async function entitlement(
  deps: AppDeps,
  subjectKey: string | undefined,
  ctx: RequestContext,
): Promise<Access> {
  const v = ctx.viewer;
  if (v.kind === 'PUBLIC') throw Errors.unauthenticated();
  const own =
    v.kind === 'USER'
      ? (
          await deps.db.query<{ subject_id: number | null; public_id: string | null }>(
            'SELECT u.subject_id, s.public_id FROM users u LEFT JOIN subjects s ON s.id = u.subject_id WHERE u.id = $1',
            [v.id],
          )
        )[0]
      : undefined;
  if (!subjectKey) {
    if (!own?.subject_id) throw Errors.invalid('SUBJECT_REQUIRED', '请指定信用主体', 'subject');
    return {
      subjectId: own.subject_id,
      subjectPublicId: own.public_id!,
      basis: 'SELF',
      authorisationId: null,
    };
  }
  const subject = await resolveSubjectKey(deps, subjectKey);
  if (!subject) throw Errors.notFound('SUBJECT_NOT_FOUND', '未找到该信用主体');
  const base = { subjectId: subject.id, subjectPublicId: subject.public_id };
  if (own?.subject_id === subject.id && v.permissions.has('reports:self'))
    return { ...base, basis: 'SELF', authorisationId: null };
  if (v.kind === 'API_CLIENT' && v.permissions.has('reports'))
    return { ...base, basis: 'OFFICIAL', authorisationId: null };
  if (v.kind === 'USER' && v.permissions.has('reports:issue')) {
    if (v.departmentId !== null) return { ...base, basis: 'OFFICIAL', authorisationId: null };
    const a = await activeAuthorisation(
      deps.db,
      subject.id,
      Number(v.id),
      shanghaiDate(deps.clock.now()),
      'reports',
    );
    if (a) return { ...base, basis: 'AUTHORISATION', authorisationId: a.id };
  }
  await recordAudit(deps.db, ctx, {
    action: 'reports.denied',
    targetType: 'subject',
    targetId: subject.public_id,
    detail: { subject: subject.public_id },
  });
  throw Errors.forbidden('无权获取该主体的信用报告：须为主体本人、公务用途或经主体授权');
}

/**
 * Issues a report: content and signatures, then the issuance entry into the credit log in the same
 * transaction; once the entry is in the tree and a checkpoint covers it, the JSON and PDF are
 * rendered with the inclusion proof and stored — immutable from then on.
 */
export async function issueReport(
  deps: AppDeps,
  input: { subject?: string; purpose: string },
  ctx: RequestContext,
): Promise<{ reportNo: string; verifyCode: string; document: ReportDocument }> {
  const access = await entitlement(deps, input.subject, ctx);
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const reportNo = `XYBG${today.replaceAll('-', '')}${randomCode(8)}`;
  const verifyCode = randomCode(8);
  const content = await buildReportContent(deps.db, access.subjectId, {
    reportNo,
    issuedAt: now.toISOString(),
    validUntil: addDays(today, VALID_DAYS),
    purpose: input.purpose,
    issuer: { name: deps.config.reportIssuer, origin: deps.ledger.origin },
    today,
  });
  const contentHash = sm3Hex(canonicalBytes(content));
  const signatures = await signDigest(deps, Buffer.from(contentHash, 'hex'));
  await deps.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO credit_reports (report_no, verify_code_sealed, subject_id, kind, purpose, requester_type, requester_id,
         requester_name, authorisation_id, issued_at, valid_until, content, content_hash, signatures)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        reportNo,
        deps.vault.encrypt(verifyCode),
        access.subjectId,
        content.kind,
        input.purpose,
        ctx.viewer.kind,
        ctx.viewer.id,
        ctx.viewer.name,
        access.authorisationId,
        now,
        content.validUntil,
        JSON.stringify(content),
        contentHash,
        JSON.stringify(signatures),
      ],
    );
    await deps.ledger.append(tx, [
      {
        type: 'report.issued',
        subject: access.subjectPublicId,
        objectType: 'credit_report',
        objectId: reportNo,
        version: 1,
        content,
        actor: actorOf(ctx),
      },
    ]);
    await recordAudit(tx, ctx, {
      action: 'reports.issue',
      targetType: 'credit_report',
      targetId: reportNo,
      detail: {
        subject: access.subjectPublicId,
        basis: access.basis,
        purpose: input.purpose,
        authorisationId: access.authorisationId,
      },
    });
  });
  const document = await completeReport(deps, reportNo);
  return { reportNo, verifyCode, document };
}

async function signDigest(deps: AppDeps, digest: Buffer): Promise<ReportSignature[]> {
  const signers = await contentSigners(deps.db, deps.vault);
  return signers.map((s) => ({
    algorithm: s.algorithm,
    keyId: s.keyIdHex,
    value: s.sign(digest).toString('base64'),
  }));
}

interface ReportRow {
  id: number;
  report_no: string;
  subject_id: number;
  subject_public_id: string;
  subject_name: string;
  subject_type: string;
  subject_masked: string | null;
  requester_type: string;
  requester_id: string | null;
  issued_at: Date;
  valid_until: string;
  content: ReportContent;
  content_hash: string;
  signatures: ReportSignature[];
  ledger_index: string | null;
  report_json: Uint8Array | null;
  pdf: Uint8Array | null;
  verify_code_sealed: Uint8Array;
}

async function findReport(q: Queryable, reportNo: string): Promise<ReportRow | undefined> {
  const rows = await q.query<ReportRow>(
    `SELECT c.id, c.report_no, c.subject_id, s.public_id AS subject_public_id, s.name AS subject_name, s.type AS subject_type,
       s.id_number_masked AS subject_masked, c.requester_type, c.requester_id, c.issued_at,
       to_char(c.valid_until, 'YYYY-MM-DD') AS valid_until, c.content, c.content_hash, c.signatures, c.ledger_index,
       c.report_json, c.pdf, c.verify_code_sealed
     FROM credit_reports c JOIN subjects s ON s.id = c.subject_id WHERE c.report_no = $1`,
    [reportNo],
  );
  return rows[0];
}

/**
 * Renders the JSON and PDF of an issued report once its log entry is in a signed checkpoint.
 * Idempotent: a report interrupted after its issuance committed is completed on its next read.
 */
async function completeReport(deps: AppDeps, reportNo: string): Promise<ReportDocument> {
  const row = await findReport(deps.db, reportNo);
  if (!row) throw Errors.notFound('REPORT_NOT_FOUND', `信用报告不存在：${reportNo}`);
  if (row.report_json) return JSON.parse(Buffer.from(row.report_json).toString('utf8')) as ReportDocument;
  const checkpoint = await deps.ledger.checkpoint();
  const [leaf] = await deps.db.query<{ idx: string; entry: Uint8Array }>(
    `SELECT idx, entry FROM ledger_leaves WHERE object_type = 'credit_report' AND object_id = $1 ORDER BY idx LIMIT 1`,
    [reportNo],
  );
  if (!leaf) throw new Error(`report ${reportNo} has no log entry`);
  const index = Number(leaf.idx);
  const proof = await deps.ledger.inclusionProof(index, checkpoint.size);
  const document: ReportDocument = {
    reportNo,
    issuedAt: row.issued_at.toISOString(),
    content: row.content,
    contentHash: row.content_hash,
    signatures: row.signatures,
    ledger: {
      index,
      entry: Buffer.from(leaf.entry).toString('base64'),
      inclusionProof: proof.map((h) => h.toString('base64')),
      checkpoint: checkpoint.note,
    },
  };
  const json = Buffer.from(JSON.stringify(document, null, 2));
  const verifyCode = deps.vault.decrypt(row.verify_code_sealed);
  const pdf = await renderReportPdf({
    content: row.content,
    contentHash: row.content_hash,
    verifyCode,
    verifyUrl: verifyUrl(deps, reportNo, verifyCode),
    ledgerIndex: index,
    reportJson: json,
  });
  const pdfHash = sm3Hex(pdf);
  const sealed = sealPdf(pdf, {
    reportNo,
    pdfHash,
    signatures: await signDigest(deps, Buffer.from(pdfHash, 'hex')),
  });
  await deps.db.query(
    'UPDATE credit_reports SET ledger_index = $2, report_json = $3, pdf = $4 WHERE report_no = $1 AND report_json IS NULL',
    [reportNo, index, json, sealed],
  );
  return document;
}

export function verifyUrl(deps: AppDeps, reportNo: string, code: string): string {
  return `${deps.config.publicBaseUrl}/verify?no=${encodeURIComponent(reportNo)}&code=${encodeURIComponent(code)}`;
}

/** Whether the viewer may read an issued report: the subject, whoever had it issued, or an entitled party. */
async function readable(
  deps: AppDeps,
  row: ReportRow,
  ctx: RequestContext,
): Promise<Access['basis'] | 'REQUESTER'> {
  const v = ctx.viewer;
  if (v.kind === 'PUBLIC') throw Errors.unauthenticated();
  if (row.requester_type === v.kind && row.requester_id === v.id) return 'REQUESTER';
  return (await entitlement(deps, row.subject_public_id, ctx)).basis;
}

/** The stored JSON or PDF, byte for byte as issued; every access is audited under the subject. */
export async function getReportFile(
  deps: AppDeps,
  reportNo: string,
  format: 'json' | 'pdf',
  ctx: RequestContext,
) {
  const row = await findReport(deps.db, reportNo);
  if (!row) throw Errors.notFound('REPORT_NOT_FOUND', `信用报告不存在：${reportNo}`);
  const basis = await readable(deps, row, ctx);
  if (!row.report_json) await completeReport(deps, reportNo);
  const done = row.report_json ? row : (await findReport(deps.db, reportNo))!;
  await recordAudit(deps.db, ctx, {
    action: 'reports.download',
    targetType: 'credit_report',
    targetId: reportNo,
    detail: { subject: row.subject_public_id, format, basis },
  });
  return Buffer.from(format === 'json' ? done.report_json! : done.pdf!);
}

/** The subject's own reports and everyone who issued or read one of them (DOMAIN §12). */
export async function myReports(deps: AppDeps, ctx: RequestContext) {
  const access = await entitlement(deps, undefined, ctx);
  const reports = await deps.db.query<{
    report_no: string;
    purpose: string;
    requester_name: string;
    issued_at: Date;
    valid_until: string;
  }>(
    `SELECT report_no, purpose, requester_name, issued_at, to_char(valid_until, 'YYYY-MM-DD') AS valid_until
     FROM credit_reports WHERE subject_id = $1 ORDER BY issued_at DESC LIMIT 100`,
    [access.subjectId],
  );
  const accesses = await deps.db.query<{
    at: Date;
    actor_type: string;
    actor_name: string;
    action: string;
    target_id: string;
    detail: Record<string, unknown>;
  }>(
    `SELECT at, actor_type, actor_name, action, target_id, detail FROM audit_log
     WHERE detail ? 'subject' AND detail ->> 'subject' = $1 AND action LIKE 'reports.%' ORDER BY at DESC LIMIT 200`,
    [access.subjectPublicId],
  );
  return {
    reports: reports.map((r) => ({
      reportNo: r.report_no,
      purpose: r.purpose,
      requester: r.requester_name,
      issuedAt: r.issued_at.toISOString(),
      validUntil: r.valid_until,
    })),
    accesses: accesses.map((a) => ({
      at: a.at.toISOString(),
      who: a.actor_name,
      whoType: a.actor_type,
      action: a.action,
      reportNo: a.target_id,
      purpose: typeof a.detail.purpose === 'string' ? a.detail.purpose : null,
    })),
  };
}

/**
 * Public verification by report number and code (printed on the report, in its QR code): what was
 * issued, whether the stored signatures still verify, and where the report sits in the log.
 */
export async function verifyByCode(deps: AppDeps, reportNo: string, code: string) {
  const row = await reportByCode(deps, reportNo, code);
  const document = row.report_json
    ? (JSON.parse(Buffer.from(row.report_json).toString('utf8')) as ReportDocument)
    : await completeReport(deps, reportNo);
  const checks = verifyReportJson(document, await trustedPlatforms(deps));
  return {
    reportNo,
    issuedAt: document.issuedAt,
    validUntil: row.valid_until,
    subjectName: row.subject_type === 'INDIVIDUAL' ? maskName(row.subject_name) : row.subject_name,
    subjectCode: row.subject_type === 'INDIVIDUAL' ? row.subject_masked : document.content.subject.code,
    contentHash: document.contentHash,
    signatureValid: checks.checks.some((c) => c.code === 'CONTENT_SIGNATURE' && c.ok),
    ledgerIndex: document.ledger.index,
    checkpoint: document.ledger.checkpoint,
    checks: checks.checks,
    valid: checks.valid,
  };
}

/** 张三 → 张*；欧阳小明 → 欧***. */
/** Verifies an uploaded report file against our keys and the imported peers' (mutual recognition). */
export async function verifyUpload(deps: AppDeps, file: Buffer) {
  return verifyReportFile(file, await trustedPlatforms(deps));
}

/** The report named by number and code; the same answer for an unknown number and a wrong code. */
async function reportByCode(deps: AppDeps, reportNo: string, code: string): Promise<ReportRow> {
  const row = await findReport(deps.db, reportNo);
  const codeOk =
    row !== undefined &&
    crypto.timingSafeEqual(
      Buffer.from(sm3Hex(Buffer.from(deps.vault.decrypt(row.verify_code_sealed)))),
      Buffer.from(sm3Hex(Buffer.from(code.trim().toUpperCase()))),
    );
  if (!row || !codeOk) throw Errors.notFound('REPORT_NOT_FOUND', '报告编号或验证码不正确');
  return row;
}

/**
 * The offline proof bundle: the report's log entry proved against the latest signed checkpoint,
 * with the platform's keys — what `xinyong-verify --bundle` needs besides the report itself.
 */
export async function proofBundle(deps: AppDeps, reportNo: string, code: string) {
  const row = await reportByCode(deps, reportNo, code);
  if (row.ledger_index === null) await completeReport(deps, reportNo);
  const index = Number(row.ledger_index ?? (await findReport(deps.db, reportNo))!.ledger_index);
  const checkpoint = await deps.ledger.checkpoint();
  const proof = await deps.ledger.inclusionProof(index, checkpoint.size);
  return {
    reportNo,
    contentHash: row.content_hash,
    index,
    inclusionProof: proof.map((h) => h.toString('base64')),
    checkpoint: checkpoint.note,
    keys: (await trustedPlatforms(deps))[0],
  };
}
