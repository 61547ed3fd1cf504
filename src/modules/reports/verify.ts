// The verification of a credit report that another platform, a bank or a citizen can run: no
// database, no network — only the report (PDF or JSON), the public keys of the platforms one trusts
// (each platform's `GET /api/v1/ledger/keys`), and optionally a fresher proof bundle. The server's
// verification page and `npx xinyong-verify` both run exactly this.
import { ed25519Verify } from '../../shared/crypto/ed25519.ts';
import { sm3 } from '../../shared/crypto/hash.ts';
import { canonicalBytes } from '../../shared/crypto/jcs.ts';
import { ed25519Verifier, openNote, parseCheckpoint, sm2Verifier } from '../../shared/crypto/signed-note.ts';
import { sm2Verify } from '../../shared/crypto/sm2.ts';
import { hashBytes, type LogHash, leafHash, verifyInclusion } from '../ledger/merkle.ts';
import type { TrustedPlatform } from '../ledger/peers.ts';
import { extractEmbeddedJson, unsealPdf } from './pdf-seal.ts';

export interface Check {
  code: string;
  ok: boolean;
  message: string;
}

export interface Verification {
  valid: boolean;
  kind: 'pdf' | 'json' | 'unknown';
  reportNo: string | null;
  origin: string | null;
  checks: Check[];
}

/** A fresher inclusion proof for a report's log entry, against a later checkpoint (C2SP tlog-proof in spirit). */
export interface ProofBundle {
  reportNo: string;
  index: number;
  inclusionProof: string[];
  checkpoint: string;
}

interface Signature {
  algorithm: string;
  keyId: string;
  value: string;
}

interface ReportJson {
  reportNo: string;
  issuedAt: string;
  content: { issuer?: { origin?: string } } & Record<string, unknown>;
  contentHash: string;
  signatures: Signature[];
  ledger: { index: number; entry: string; inclusionProof: string[]; checkpoint: string };
}

/** Verifies a report file: a sealed PDF (with the signed JSON inside) or the report JSON itself. */
export function verifyReportFile(
  file: Buffer,
  trusted: TrustedPlatform[],
  bundle?: ProofBundle,
): Verification {
  if (file.subarray(0, 5).toString('latin1') === '%PDF-') return verifyPdf(file, trusted, bundle);
  let doc: unknown;
  try {
    doc = JSON.parse(file.toString('utf8'));
  } catch {
    return {
      valid: false,
      kind: 'unknown',
      reportNo: null,
      origin: null,
      checks: [{ code: 'FORMAT', ok: false, message: '文件既不是信用报告 PDF，也不是报告 JSON' }],
    };
  }
  return { ...verifyReportJson(doc, trusted, bundle), kind: 'json' };
}

function verifyPdf(file: Buffer, trusted: TrustedPlatform[], bundle?: ProofBundle): Verification {
  const fail = (code: string, message: string): Verification => ({
    valid: false,
    kind: 'pdf',
    reportNo: null,
    origin: null,
    checks: [{ code, ok: false, message }],
  });
  const unsealed = unsealPdf(file);
  if (!unsealed) return fail('PDF_SEAL', 'PDF 没有平台签章（不是本平台出具的报告，或文件被截断）');
  const json = extractEmbeddedJson(unsealed.pdf);
  if (!json) return fail('PDF_EMBEDDED_JSON', 'PDF 中没有内嵌的报告数据 report.json');
  let doc: unknown;
  try {
    doc = JSON.parse(json.toString('utf8'));
  } catch {
    return fail('PDF_EMBEDDED_JSON', 'PDF 内嵌的报告数据无法解析');
  }
  const result = verifyReportJson(doc, trusted, bundle);
  const seal = unsealed.block as { reportNo?: string; pdfHash?: string; signatures?: Signature[] };
  const platform = trusted.find((p) => p.origin === result.origin);
  const pdfHash = sm3(unsealed.pdf).toString('hex');
  const sealChecks: Check[] = [
    {
      code: 'PDF_HASH',
      ok: seal.pdfHash === pdfHash,
      message:
        seal.pdfHash === pdfHash ? 'PDF 文件与签章时完全一致' : 'PDF 文件在签章后被修改（哪怕一个字节）',
    },
    signatureCheck('PDF_SIGNATURE', 'PDF 文件签章', platform, Buffer.from(pdfHash, 'hex'), seal.signatures),
    {
      code: 'PDF_REPORT_NO',
      ok: seal.reportNo === result.reportNo,
      message: seal.reportNo === result.reportNo ? '签章与内嵌报告的编号一致' : '签章与内嵌报告的编号不一致',
    },
  ];
  const checks = [...sealChecks, ...result.checks];
  return { ...result, kind: 'pdf', checks, valid: checks.every((c) => c.ok) };
}

/** Content hash, content signatures, the log entry, its inclusion proof and the checkpoint's signatures. */
export function verifyReportJson(
  input: unknown,
  trusted: TrustedPlatform[],
  bundle?: ProofBundle,
): Omit<Verification, 'kind'> {
  const doc = input as ReportJson;
  if (!doc || typeof doc !== 'object' || typeof doc.reportNo !== 'string' || !doc.content || !doc.ledger)
    return {
      valid: false,
      reportNo: null,
      origin: null,
      checks: [
        { code: 'FORMAT', ok: false, message: '不是信用报告 JSON（缺少 reportNo、content 或 ledger）' },
      ],
    };
  const origin = typeof doc.content.issuer?.origin === 'string' ? doc.content.issuer.origin : null;
  const platform = trusted.find((p) => p.origin === origin);
  const checks: Check[] = [];
  if (!platform)
    checks.push({
      code: 'ISSUER_TRUSTED',
      ok: false,
      message: `出具平台 ${origin ?? '（未知）'} 不在受信任的平台中：请先导入其公钥（互认）`,
    });
  let canonical: Buffer | null = null;
  try {
    canonical = canonicalBytes(doc.content);
  } catch {
    // reported below
  }
  const hashOk = canonical !== null && sm3(canonical).toString('hex') === doc.contentHash;
  checks.push({
    code: 'CONTENT_HASH',
    ok: hashOk,
    message: hashOk ? '报告内容与内容哈希（SM3）一致' : '报告内容与内容哈希不一致：内容被修改',
  });
  checks.push(
    signatureCheck(
      'CONTENT_SIGNATURE',
      '报告内容签名',
      platform,
      Buffer.from(String(doc.contentHash), 'hex'),
      doc.signatures,
    ),
  );
  if (platform && canonical) checks.push(...ledgerChecks(doc, canonical, platform, bundle));
  return { valid: checks.every((c) => c.ok), reportNo: doc.reportNo, origin, checks };
}

/** At least one signature by a trusted key of the issuing platform, and none by a known key that fails. */
function signatureCheck(
  code: string,
  what: string,
  platform: TrustedPlatform | undefined,
  message: Buffer,
  signatures: Signature[] | undefined,
): Check {
  if (!platform) return { code, ok: false, message: `${what}：出具平台不受信任，无法核验` };
  if (!Array.isArray(signatures) || !signatures.length)
    return { code, ok: false, message: `${what}：没有签名` };
  const verified: string[] = [];
  for (const s of signatures) {
    const key = platform.keys.find((k) => k.keyId === s.keyId && k.algorithm === s.algorithm);
    if (!key) continue;
    const pub = Buffer.from(key.publicKey, 'base64');
    const sig = Buffer.from(String(s.value), 'base64');
    const ok = key.algorithm === 'SM2' ? sm2Verify(pub, message, sig) : ed25519Verify(pub, message, sig);
    if (!ok)
      return { code, ok: false, message: `${what}：${key.algorithm} 签名（密钥 ${key.keyId}）验证失败` };
    verified.push(`${key.algorithm} ${key.keyId}`);
  }
  if (!verified.length)
    return { code, ok: false, message: `${what}：签名密钥不在出具平台公布的公钥中（未知密钥）` };
  return { code, ok: true, message: `${what}有效（${verified.join('，')}）` };
}

function ledgerChecks(
  doc: ReportJson,
  canonical: Buffer,
  platform: TrustedPlatform,
  bundle?: ProofBundle,
): Check[] {
  const checks: Check[] = [];
  const alg: LogHash = platform.hash;
  const entryBytes = Buffer.from(String(doc.ledger.entry), 'base64');
  let entry: Record<string, unknown> | null = null;
  try {
    entry = JSON.parse(entryBytes.toString('utf8'));
  } catch {
    entry = null;
  }
  const expectedHash = hashBytes(alg, canonical).toString('hex');
  const entryOk =
    entry !== null &&
    entry.type === 'report.issued' &&
    entry.objectType === 'credit_report' &&
    entry.objectId === doc.reportNo &&
    entry.contentHash === expectedHash;
  checks.push({
    code: 'LEDGER_ENTRY',
    ok: entryOk,
    message: entryOk ? `账本叶子 ${doc.ledger.index} 记录的正是本报告的出具` : '账本叶子与本报告不符',
  });
  const proof =
    bundle && bundle.reportNo === doc.reportNo && bundle.index === doc.ledger.index ? bundle : doc.ledger;
  checks.push(...inclusionChecks(alg, platform, doc.ledger.index, leafHash(alg, entryBytes), proof));
  return checks;
}

function inclusionChecks(
  alg: LogHash,
  platform: TrustedPlatform,
  index: number,
  leaf: Buffer,
  proof: { inclusionProof: string[]; checkpoint: string },
): Check[] {
  const verifiers = platform.keys.map((k) =>
    k.algorithm === 'SM2'
      ? sm2Verifier(k.name, Buffer.from(k.publicKey, 'base64'))
      : ed25519Verifier(k.name, Buffer.from(k.publicKey, 'base64')),
  );
  let text: string;
  try {
    text = openNote(proof.checkpoint, verifiers).text;
  } catch (err) {
    return [
      { code: 'CHECKPOINT_SIGNATURE', ok: false, message: `检查点签名无效：${(err as Error).message}` },
    ];
  }
  let cp: ReturnType<typeof parseCheckpoint>;
  try {
    cp = parseCheckpoint(text);
  } catch {
    return [{ code: 'CHECKPOINT_SIGNATURE', ok: false, message: '检查点格式不正确' }];
  }
  const checks: Check[] = [
    {
      code: 'CHECKPOINT_SIGNATURE',
      ok: cp.origin === platform.origin,
      message:
        cp.origin === platform.origin
          ? `检查点由出具平台签名（树大小 ${cp.size}）`
          : `检查点来自另一账本：${cp.origin}`,
    },
  ];
  const included = verifyInclusion(
    alg,
    index,
    cp.size,
    leaf,
    proof.inclusionProof.map((h) => Buffer.from(h, 'base64')),
    cp.rootHash,
  );
  checks.push({
    code: 'LEDGER_INCLUSION',
    ok: included,
    message: included
      ? `包含证明有效：报告已记入账本（序号 ${index}，树大小 ${cp.size}）`
      : '包含证明无效：报告不在该检查点所示的账本中',
  });
  return checks;
}
