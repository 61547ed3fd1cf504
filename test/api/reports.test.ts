import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustedPlatform } from '../../src/modules/ledger/peers.ts';
import { verifyReportFile } from '../../src/modules/reports/verify.ts';
import { canonicalBytes } from '../../src/shared/crypto/jcs.ts';
import { createTestApp, loginAs, type TestApp } from '../support/app.ts';

let t: TestApp;
let peer: TestApp;
let subjectUser: Record<string, string>;
let admin: Record<string, string>;
let trusted: TrustedPlatform[];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xy-reports-'));
const sm3 = (b: Uint8Array) => crypto.createHash('sm3').update(b).digest('hex');

interface Issued {
  reportNo: string;
  verifyCode: string;
  contentHash: string;
  ledgerIndex: number;
  pdfUrl: string;
  jsonUrl: string;
  verifyUrl: string;
}

async function issue(app: TestApp['app'], headers: Record<string, string>, payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/api/v1/reports', headers, payload });
}

async function download(app: TestApp['app'], url: string, headers: Record<string, string>) {
  const res = await app.inject({ method: 'GET', url, headers });
  expect(res.statusCode).toBe(200);
  return res.rawPayload;
}

beforeAll(async () => {
  t = await createTestApp({ demoSubjects: 400 });
  subjectUser = await loginAs(t.app, 'subject-demo');
  admin = await loginAs(t.app, 'admin');
  trusted = [(await t.app.inject({ method: 'GET', url: '/api/v1/ledger/keys' })).json()];
});
afterAll(async () => {
  await t?.close();
  await peer?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('credit reports', () => {
  let mine: Issued;
  let pdf: Buffer;
  let json: Buffer;

  it('a subject issues its own report: signed content, log entry, JSON and PDF', async () => {
    const res = await issue(t.app, subjectUser, { purpose: '投标资格审查' });
    expect(res.statusCode).toBe(200);
    mine = res.json();
    expect(mine.reportNo).toMatch(/^XYBG\d{8}[0-9A-Z]{8}$/);
    json = await download(t.app, mine.jsonUrl, subjectUser);
    pdf = await download(t.app, mine.pdfUrl, subjectUser);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const doc = JSON.parse(json.toString('utf8'));
    expect(doc.reportNo).toBe(mine.reportNo);
    expect(doc.contentHash).toBe(sm3(canonicalBytes(doc.content)));
    expect(doc.contentHash).toBe(mine.contentHash);
    expect(doc.signatures.map((s: { algorithm: string }) => s.algorithm).sort()).toEqual(['Ed25519', 'SM2']);
    // No floating-point numbers anywhere in the signed content.
    JSON.stringify(doc.content, (_k, v) => {
      if (typeof v === 'number') expect(Number.isInteger(v)).toBe(true);
      return v;
    });
    const codes = doc.content.sections.map((s: { code: string }) => s.code);
    expect(codes).toEqual([
      'registration',
      'licensing',
      'penalties',
      'lists',
      'honours',
      'commitments',
      'evaluation',
      'judgments',
      'qualifications',
      'other',
    ]);
    expect(
      doc.content.sections.find((s: { code: string }) => s.code === 'penalties').rows.length,
    ).toBeGreaterThan(0);
    // Downloads are the stored bytes: the same every time.
    expect((await download(t.app, mine.pdfUrl, subjectUser)).equals(pdf)).toBe(true);
  });

  it('verifies offline: PDF and JSON valid; one changed byte, changed content or an unknown key rejected', () => {
    expect(verifyReportFile(pdf, trusted)).toMatchObject({
      valid: true,
      kind: 'pdf',
      reportNo: mine.reportNo,
    });
    expect(verifyReportFile(json, trusted)).toMatchObject({ valid: true, kind: 'json' });

    const flipped = Buffer.from(pdf);
    flipped[Math.floor(flipped.length / 3)] ^= 0x01;
    const bad = verifyReportFile(flipped, trusted);
    expect(bad.valid).toBe(false);

    const doc = JSON.parse(json.toString('utf8'));
    doc.content.subject.name = `${doc.content.subject.name}（改）`;
    const edited = verifyReportFile(Buffer.from(JSON.stringify(doc)), trusted);
    expect(edited.valid).toBe(false);
    expect(edited.checks.find((c) => c.code === 'CONTENT_HASH')?.ok).toBe(false);

    // The same report re-signed by a key nobody published.
    const stranger = crypto.generateKeyPairSync('ed25519');
    const forged = JSON.parse(json.toString('utf8'));
    forged.signatures = [
      {
        algorithm: 'Ed25519',
        keyId: 'deadbeef',
        value: crypto
          .sign(null, Buffer.from(forged.contentHash, 'hex'), stranger.privateKey)
          .toString('base64'),
      },
    ];
    const unknown = verifyReportFile(Buffer.from(JSON.stringify(forged)), trusted);
    expect(unknown.valid).toBe(false);
    expect(unknown.checks.find((c) => c.code === 'CONTENT_SIGNATURE')?.message).toMatch(/未知密钥/);
  });

  it('verifies by number and code on the public endpoint; a wrong code says nothing about the report', async () => {
    const ok = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/${mine.reportNo}/verify?code=${mine.verifyCode}`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      valid: true,
      signatureValid: true,
      reportNo: mine.reportNo,
      contentHash: mine.contentHash,
    });
    const wrong = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/${mine.reportNo}/verify?code=AAAAAAAA`,
    });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().error.code).toBe('REPORT_NOT_FOUND');
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports/verify',
      headers: { 'content-type': 'application/pdf' },
      payload: pdf,
    });
    expect(upload.json()).toMatchObject({ valid: true, kind: 'pdf' });
  });

  it('the stand-alone verifier accepts the PDF with the published keys and a bundle, and rejects a modified copy', async () => {
    const keysFile = path.join(tmp, 'keys.json');
    fs.writeFileSync(keysFile, JSON.stringify(trusted[0]));
    const bundleRes = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/${mine.reportNo}/bundle?code=${mine.verifyCode}`,
    });
    expect(bundleRes.statusCode).toBe(200);
    const bundleFile = path.join(tmp, 'bundle.json');
    fs.writeFileSync(bundleFile, bundleRes.body);
    const good = path.join(tmp, 'report.pdf');
    fs.writeFileSync(good, pdf);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['bin/xinyong-verify.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
    const ok = run(good, '--keys', keysFile, '--bundle', bundleFile);
    expect(ok.stdout).toContain('结论：报告真实有效');
    expect(ok.status).toBe(0);
    const modified = path.join(tmp, 'modified.pdf');
    const copy = Buffer.from(pdf);
    copy[copy.length - 200] ^= 0x20;
    fs.writeFileSync(modified, copy);
    const bad = run(modified, '--keys', keysFile);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('验证未通过');
    expect(run(good).status).toBe(2);
  });

  it('refuses third parties without authorisation; an authorised bank and a department system may; the subject sees them', async () => {
    const [{ uscc }] = await t.deps.db.query<{ uscc: string }>(
      "SELECT s.uscc FROM users u JOIN subjects s ON s.id = u.subject_id WHERE u.username = 'subject-demo'",
    );
    const bank = await loginAs(t.app, 'bank-demo');
    const refused = await issue(t.app, bank, { subject: uscc, purpose: '贷前审查' });
    expect(refused.statusCode).toBe(403);
    const auth = await t.app.inject({
      method: 'POST',
      url: `/api/v1/subjects/${uscc}/authorisations`,
      headers: admin,
      payload: {
        granteeUsername: 'bank-demo',
        purpose: '贷前审查',
        validFrom: '2020-01-01',
        validTo: '2099-12-31',
        scopes: ['reports'],
      },
    });
    expect(auth.statusCode).toBe(201);
    const allowed = await issue(t.app, bank, { subject: uscc, purpose: '贷前审查' });
    expect(allowed.statusCode).toBe(200);
    const key = t.credentials.apiClients[0].key;
    const viaApi = await issue(
      t.app,
      { authorization: `Bearer ${key}` },
      { subject: uscc, purpose: '招标投标资格审查' },
    );
    expect(viaApi.statusCode).toBe(200);
    const other = await t.deps.db.query<{ uscc: string }>(
      'SELECT uscc FROM subjects WHERE uscc IS NOT NULL AND uscc <> $1 LIMIT 1',
      [uscc],
    );
    expect((await issue(t.app, subjectUser, { subject: other[0].uscc, purpose: '查看' })).statusCode).toBe(
      403,
    );

    const seen = await t.app.inject({ method: 'GET', url: '/api/v1/reports/mine', headers: subjectUser });
    const body = seen.json() as {
      reports: unknown[];
      accesses: { who: string; action: string; purpose: string | null }[];
    };
    expect(body.reports.length).toBe(3); // its own, the bank’s and the department system’s
    expect(body.accesses.map((a) => a.who)).toEqual(expect.arrayContaining(['吉林银行信贷员']));
    expect(body.accesses.some((a) => a.action === 'reports.download')).toBe(true);
    expect(body.accesses.some((a) => a.purpose === '招标投标资格审查')).toBe(true);
  });

  it('masks an individual’s name and identity number in the report and on the verification answer', async () => {
    const [person] = await t.deps.db.query<{ public_id: string; name: string }>(
      "SELECT public_id, name FROM subjects WHERE type = 'INDIVIDUAL' LIMIT 1",
    );
    const res = await issue(t.app, admin, { subject: person.public_id, purpose: '评优评先审查' });
    expect(res.statusCode).toBe(200);
    const r = res.json() as Issued;
    const doc = JSON.parse((await download(t.app, r.jsonUrl, admin)).toString('utf8'));
    expect(doc.content.kind).toBe('INDIVIDUAL');
    expect(doc.content.subject.code).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const v = (
      await t.app.inject({ method: 'GET', url: `/api/v1/reports/${r.reportNo}/verify?code=${r.verifyCode}` })
    ).json();
    expect(v.subjectName).not.toBe(person.name);
    expect(v.subjectName.startsWith([...person.name][0])).toBe(true);
  });

  it('recognises another platform’s reports only after its keys are imported', async () => {
    peer = await createTestApp({
      demoSubjects: 150,
      config: { ledger: { origin: 'xinyong.demo/liaoning/credit-log', hash: 'SM3' } },
    });
    const peerSubject = await loginAs(peer.app, 'subject-demo');
    const issued = (await issue(peer.app, peerSubject, { purpose: '异地投标' })).json() as Issued;
    const peerPdf = await download(peer.app, issued.pdfUrl, peerSubject);
    const verify = async () =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/reports/verify',
          headers: { 'content-type': 'application/pdf' },
          payload: peerPdf,
        })
      ).json() as { valid: boolean; checks: { code: string; ok: boolean }[] };
    const before = await verify();
    expect(before.valid).toBe(false);
    expect(before.checks.find((c) => c.code === 'ISSUER_TRUSTED')?.ok).toBe(false);
    const peerKeys = (await peer.app.inject({ method: 'GET', url: '/api/v1/ledger/keys' })).json();
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ledger/peers',
      headers: admin,
      payload: peerKeys,
    });
    expect(imported.statusCode).toBe(200);
    expect((await verify()).valid).toBe(true);
    const tampered = { ...peerKeys, keys: [{ ...peerKeys.keys[0], keyId: '00000000' }] };
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ledger/peers',
      headers: admin,
      payload: tampered,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('PEER_KEY_ID_MISMATCH');
  });
});
