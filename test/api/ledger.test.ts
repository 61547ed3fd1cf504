import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEntry } from '../../src/modules/ledger/entry.ts';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/modules/ledger/merkle.ts';
import { runPublicationExpiry } from '../../src/modules/records/service.ts';
import { ed25519Generate } from '../../src/shared/crypto/ed25519.ts';
import {
  cosign,
  cosignatureVerifier,
  ed25519Verifier,
  openNote,
  parseCheckpoint,
  sm2Verifier,
} from '../../src/shared/crypto/signed-note.ts';
import { createTestApp, loginAs, type TestApp } from '../support/app.ts';

// Today is 2026-06-30 (Asia/Shanghai) unless a test moves the clock.
const clock = {
  at: new Date('2026-06-30T04:00:00Z'),
  now() {
    return this.at;
  },
};
let t: TestApp;
let admin: Record<string, string>;

type Keys = {
  origin: string;
  hash: 'SM3' | 'SHA-256';
  keys: { name: string; algorithm: 'Ed25519' | 'SM2'; keyId: string; publicKey: string; status: string }[];
};

const get = async <T>(url: string, headers: Record<string, string> = {}) => {
  const res = await t.app.inject({ method: 'GET', url, headers });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return (res.headers['content-type']?.toString().startsWith('text/plain') ? res.body : res.json()) as T;
};
const post = (url: string, payload?: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url, headers: admin, ...(payload ? { payload } : {}) });
const keys = () => get<Keys>('/api/v1/ledger/keys');
const verifiersOf = (k: Keys) =>
  k.keys.map((key) =>
    key.algorithm === 'SM2'
      ? sm2Verifier(key.name, Buffer.from(key.publicKey, 'base64'))
      : ed25519Verifier(key.name, Buffer.from(key.publicKey, 'base64')),
  );

async function signedCheckpoint() {
  const res = await post('/api/v1/ledger/checkpoints');
  expect(res.statusCode).toBe(200);
  const note = (res.json() as { note: string }).note;
  const opened = openNote(note, verifiersOf(await keys()));
  expect(opened.verified.map((v) => v.algorithm).sort()).toEqual(['Ed25519', 'SM2']);
  return { note, ...parseCheckpoint(opened.text) };
}

async function audit() {
  const res = await post('/api/v1/ledger/audits');
  expect(res.statusCode).toBe(200);
  return res.json() as { ok: boolean; problems: { code: string; message: string; objectId?: string }[] };
}

beforeAll(async () => {
  t = await createTestApp({ demoSubjects: 300, clock });
  admin = await loginAs(t.app, 'admin');
  await t.deps.ledger.flush();
});
afterAll(async () => t?.close());

describe('the credit log', () => {
  it('publishes its keys in the verification contract format, with C2SP key ids', async () => {
    const k = await keys();
    expect(k.hash).toBe('SM3');
    expect(k.keys.map((x) => x.algorithm).sort()).toEqual(['Ed25519', 'SM2']);
    for (const key of k.keys) {
      const pub = Buffer.from(key.publicKey, 'base64');
      expect(pub.length).toBe(key.algorithm === 'Ed25519' ? 32 : 65);
      if (key.algorithm === 'Ed25519') {
        const id = crypto
          .createHash('sha256')
          .update(Buffer.concat([Buffer.from(`${key.name}\n`), Buffer.from([0x01]), pub]))
          .digest()
          .subarray(0, 4)
          .toString('hex');
        expect(key.keyId).toBe(id);
      }
      expect(key.keyId).toMatch(/^[0-9a-f]{8}$/);
    }
  });

  it('holds one leaf for every demo record, each proved into a signed checkpoint', async () => {
    const [{ n }] = await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM credit_records');
    expect(n).toBeGreaterThan(50);
    const cp = await signedCheckpoint();
    const [{ logged }] = await t.deps.db.query<{ logged: number }>(
      "SELECT count(*)::int AS logged FROM ledger_leaves WHERE object_type = 'credit_record'",
    );
    expect(logged).toBe(n);
    const k = await keys();
    const { entries } = await get<{
      entries: { index: number; entry: string; decoded: { objectType: string; type: string } }[];
    }>(`/api/v1/ledger/entries?start=0&end=${Math.min(cp.size, 1000)}`);
    expect(entries.length).toBe(Math.min(cp.size, 1000));
    // Records first (intake), then the first evaluation of every subject.
    expect(entries[0].decoded.objectType).toBe('credit_record');
    for (const index of [0, 1, Math.floor(cp.size / 2), cp.size - 1]) {
      const {
        entries: [e],
      } = await get<{ entries: { entry: string }[] }>(
        `/api/v1/ledger/entries?start=${index}&end=${index + 1}`,
      );
      const proof = await get<{ hashes: string[]; leafHash: string }>(
        `/api/v1/ledger/proof/inclusion?index=${index}&size=${cp.size}`,
      );
      const leaf = leafHash(k.hash, Buffer.from(e.entry, 'base64'));
      expect(proof.leafHash).toBe(leaf.toString('base64'));
      const hashes = proof.hashes.map((h) => Buffer.from(h, 'base64'));
      expect(verifyInclusion(k.hash, index, cp.size, leaf, hashes, cp.rootHash)).toBe(true);
      expect(
        verifyInclusion(k.hash, index, cp.size, leafHash(k.hash, Buffer.from('forged')), hashes, cp.rootHash),
      ).toBe(false);
    }
    // Entries carry hashes and ids, never the record's content or personal data.
    const decoded = decodeEntry(Buffer.from(entries[0].entry, 'base64'));
    expect(Object.keys(decoded).sort()).toEqual(
      ['actor', 'contentHash', 'objectId', 'objectType', 'subject', 'time', 'type', 'v', 'version'].sort(),
    );
  });

  it('logs withdrawal and the end of publication, and proves the grown tree consistent with the old one', async () => {
    const before = await signedCheckpoint();
    const [rec] = await t.deps.db.query<{ public_id: string }>(
      "SELECT public_id FROM credit_records WHERE is_public AND status = 'ACTIVE' ORDER BY id LIMIT 1",
    );
    const withdrawn = await post(`/api/v1/records/${rec.public_id}/withdraw`, { reason: '决定已被撤销' });
    expect(withdrawn.statusCode).toBe(200);
    clock.at = new Date('2029-07-01T04:00:00Z');
    const ended = await runPublicationExpiry(t.deps);
    clock.at = new Date('2026-06-30T04:00:00Z');
    expect(ended).toBeGreaterThan(0);
    await t.deps.ledger.flush();
    const leaves = await get<{ leaves: { type: string; version: number }[] }>(
      `/api/v1/ledger/objects/credit_record/${rec.public_id}`,
    );
    expect(leaves.leaves.map((l) => l.type)).toEqual(['record.published', 'record.withdrawn']);
    const after = await signedCheckpoint();
    expect(after.size).toBe(before.size + 1 + ended);
    const { hashes } = await get<{ hashes: string[] }>(
      `/api/v1/ledger/proof/consistency?from=${before.size}&to=${after.size}`,
    );
    const proof = hashes.map((h) => Buffer.from(h, 'base64'));
    expect(verifyConsistency('SM3', before.size, after.size, proof, before.rootHash, after.rootHash)).toBe(
      true,
    );
    expect(verifyConsistency('SM3', before.size, after.size, proof, after.rootHash, after.rootHash)).toBe(
      false,
    );
  });

  it('sequences every committed change exactly once and none that rolled back, with sequencers racing', async () => {
    const start = (await t.deps.ledger.head()).size;
    const event = (i: number) => ({
      type: 'test.change',
      subject: null,
      objectType: 'test_object',
      objectId: `T${i}`,
      version: 1,
      content: { i },
      actor: 'system:test',
    });
    const writers = Array.from({ length: 24 }, (_, w) =>
      t.deps.db
        .transaction(async (tx) => {
          await t.deps.ledger.append(
            tx,
            [0, 1, 2, 3, 4].map((k) => event(w * 10 + k)),
          );
          if (w % 3 === 0) throw new Error('roll back');
        })
        .catch(() => 'rolled back'),
    );
    const sequencers = Array.from({ length: 6 }, () => t.deps.ledger.flush());
    await Promise.all([...writers, ...sequencers]);
    await t.deps.ledger.flush();
    const rows = await t.deps.db.query<{ object_id: string; n: number }>(
      `SELECT object_id, count(*)::int AS n FROM ledger_leaves WHERE object_type = 'test_object' GROUP BY object_id`,
    );
    const expected = Array.from({ length: 24 }, (_, w) => w)
      .filter((w) => w % 3 !== 0)
      .flatMap((w) => [0, 1, 2, 3, 4].map((k) => `T${w * 10 + k}`));
    expect(rows.map((r) => r.object_id).sort()).toEqual(expected.sort());
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const head = await t.deps.ledger.head();
    expect(head.size).toBe(start + expected.length);
    const [{ n, max }] = await t.deps.db.query<{ n: number; max: string }>(
      'SELECT count(*)::int AS n, max(idx) AS max FROM ledger_leaves',
    );
    expect(n).toBe(head.size);
    expect(Number(max)).toBe(head.size - 1);
    const [{ queued }] = await t.deps.db.query<{ queued: number }>(
      'SELECT count(*)::int AS queued FROM ledger_queue',
    );
    expect(queued).toBe(0);
  });

  it('rotates keys: new checkpoints carry the new key, old ones still verify with the retired key', async () => {
    const old = await signedCheckpoint();
    const res = await post('/api/v1/ledger/keys/rotate', { algorithm: 'SM2' });
    expect(res.statusCode).toBe(200);
    const k = res.json() as Keys;
    const sm2 = k.keys.filter((x) => x.algorithm === 'SM2');
    expect(sm2.map((x) => x.status).sort()).toEqual(['ACTIVE', 'RETIRED']);
    await t.deps.db.transaction((tx) =>
      t.deps.ledger.append(tx, [
        {
          type: 'test.change',
          subject: null,
          objectType: 'test_object',
          objectId: 'ROT',
          version: 1,
          content: {},
          actor: 'system:test',
        },
      ]),
    );
    const fresh = await signedCheckpoint();
    const active = sm2.find((x) => x.status === 'ACTIVE')!;
    expect(fresh.note).toContain(Buffer.from(active.keyId, 'hex').toString('base64').slice(0, 4));
    expect(() => openNote(old.note, verifiersOf(k))).not.toThrow();
  });

  it('accepts cosignatures from configured witnesses only, serves them with the checkpoint, and refuses a split view', async () => {
    const witness = ed25519Generate();
    const name = 'credit.ln.gov.cn/witness';
    const added = await post('/api/v1/ledger/witnesses', {
      name,
      publicKey: witness.publicKey.toString('base64'),
      description: '辽宁',
    });
    expect(added.statusCode).toBe(200);
    const bad = await post('/api/v1/ledger/witnesses', { name: 'x', publicKey: 'AAAA' });
    expect(bad.json().error).toMatchObject({ code: 'WITNESS_KEY_INVALID', field: 'publicKey' });

    const cp = await signedCheckpoint();
    const deliver = (note: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/ledger/cosignatures', payload: { note } });
    const stranger = ed25519Generate();
    const forged = await deliver(cosign(cp.note, name, stranger.privateKey, new Date()));
    expect(forged.json().error.code).toBe('COSIGNATURE_INVALID');
    const text = cp.note.slice(0, cp.note.indexOf('\n\n') + 1);
    const otherRoot = text.replace(/\n([^\n]+)\n$/, `\n${Buffer.alloc(32, 7).toString('base64')}\n`);
    const split = await deliver(cosign(otherRoot, name, witness.privateKey, new Date()));
    expect(split.statusCode).toBe(409);
    expect(split.json().error.code).toBe('CHECKPOINT_MISMATCH');

    const ok = await deliver(cosign(cp.note, name, witness.privateKey, new Date('2026-06-30T05:00:00Z')));
    expect(ok.json()).toEqual({ treeSize: cp.size, accepted: [name] });
    const list = await get<{
      treeSize: number;
      items: { name: string; lastCosigned: { treeSize: number } | null }[];
    }>('/api/v1/ledger/witnesses');
    expect(list.treeSize).toBe(cp.size);
    expect(list.items.find((w) => w.name === name)?.lastCosigned?.treeSize).toBe(cp.size);
    const served = await get<string>('/api/v1/ledger/checkpoint');
    const opened = openNote(served, [cosignatureVerifier(name, witness.publicKey)]);
    expect(opened.verified).toEqual([expect.objectContaining({ name, algorithm: 'cosignature/v1' })]);
    expect(opened.unverified.length).toBe(2); // the platform's own Ed25519 and SM2 signatures
  });

  it('reports nothing while the database is untouched', async () => {
    const r = await audit();
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    const health = await get<{ status: string; ledger: { lastAudit: { ok: boolean } } }>('/api/v1/health');
    expect(health).toMatchObject({ status: 'ok', ledger: { lastAudit: { ok: true } } });
  });
});

describe('the audit catches changes made behind the platform’s back', () => {
  it('a list entry edited, inserted, or renamed away by SQL', async () => {
    const [entry] = await t.deps.db.query<{ id: number; public_id: string }>(
      "SELECT id, public_id FROM list_entries WHERE source = 'DECIDED' AND status = 'PUBLISHED' ORDER BY id LIMIT 1",
    );
    expect(entry).toBeDefined();
    const listProblems = async () =>
      (await audit()).problems.filter((p) => (p as { objectType?: string }).objectType === 'list_entry');

    // Shortened validity: the entry would leave the list a year early.
    await t.deps.db.query('UPDATE list_entries SET valid_to = valid_to - 365 WHERE id = $1', [entry.id]);
    expect(await listProblems()).toEqual([
      expect.objectContaining({ code: 'CONTENT_MISMATCH', objectId: entry.public_id }),
      expect.objectContaining({ code: 'CONTENT_MISMATCH', objectId: entry.public_id }),
    ]);
    await t.deps.db.query('UPDATE list_entries SET valid_to = valid_to + 365 WHERE id = $1', [entry.id]);
    expect(await listProblems()).toEqual([]);

    // A published entry nobody decided: no log entry of its decision or publication.
    await t.deps.db.query(
      `INSERT INTO list_entries (public_id, list_type, source, status, subject_id, department_id, decided_by_name,
         region_code, decision_no, valid_from, valid_to, published_at, created_by, version)
       SELECT 'LSNEAKED0000001', list_type, source, status, subject_id, department_id, decided_by_name,
         region_code, decision_no || '-x', valid_from, valid_to, now(), 'sql', version
       FROM list_entries WHERE id = $1`,
      [entry.id],
    );
    expect(await listProblems()).toEqual([
      expect.objectContaining({ code: 'CHANGE_NOT_LOGGED', objectId: 'LSNEAKED0000001' }),
    ]);
    await t.deps.db.query("DELETE FROM list_entries WHERE public_id = 'LSNEAKED0000001'");

    // Renamed: the logged entry is gone, and the one in its place was never logged.
    await t.deps.db.query("UPDATE list_entries SET public_id = 'LRENAMED0000001' WHERE id = $1", [entry.id]);
    const codes = (await listProblems()).map((p) => `${p.code} ${p.objectId}`).sort();
    expect(codes).toEqual([
      'CHANGE_NOT_LOGGED LRENAMED0000001',
      `OBJECT_MISSING ${entry.public_id}`,
      `OBJECT_MISSING ${entry.public_id}`,
    ]);
    await t.deps.db.query('UPDATE list_entries SET public_id = $2 WHERE id = $1', [
      entry.id,
      entry.public_id,
    ]);
    expect((await audit()).ok).toBe(true);
  });

  it('an edited record, a record inserted by SQL, a deleted leaf, an altered leaf and a forged checkpoint', async () => {
    const [rec] = await t.deps.db.query<{ id: number; public_id: string }>(
      "SELECT id, public_id FROM credit_records WHERE status = 'ACTIVE' ORDER BY id DESC LIMIT 1",
    );
    await t.deps.db.query(
      `UPDATE credit_records SET fields = jsonb_set(fields, '{CF_NR_FK}', '"0.01"') WHERE id = $1`,
      [rec.id],
    );
    let r = await audit();
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(
      expect.objectContaining({ code: 'CONTENT_MISMATCH', objectId: rec.public_id }),
    );
    const health = await get<{ status: string }>('/api/v1/health');
    expect(health.status).toBe('degraded');

    await t.deps.db.query(
      `INSERT INTO credit_records (public_id, item_id, item_code, category, subject_id, department_id, region_code,
         decision_no, authority_code, authority_name, decision_date, party_name, party_class, fields, content_hash,
         intake_date, working_days_to_intake, late, is_public)
       SELECT 'RSNEAKED000000001', item_id, item_code, category, subject_id, department_id, region_code,
         decision_no || '-x', authority_code, authority_name, decision_date, party_name, party_class, fields, content_hash,
         intake_date, working_days_to_intake, late, is_public FROM credit_records WHERE id = $1`,
      [rec.id],
    );
    r = await audit();
    expect(r.problems).toContainEqual(
      expect.objectContaining({ code: 'CHANGE_NOT_LOGGED', objectId: 'RSNEAKED000000001' }),
    );

    await t.deps.db.query('DELETE FROM ledger_leaves WHERE idx = 5');
    await t.deps.db.query(
      `UPDATE ledger_leaves SET entry = convert_to(replace(convert_from(entry, 'UTF8'), 'record.published', 'record.accepted'), 'UTF8')
       WHERE idx = (SELECT min(idx) FROM ledger_leaves WHERE idx > 10 AND entry_type = 'record.published')`,
    );
    const [cp] = await t.deps.db.query<{ tree_size: string; note: string }>(
      'SELECT tree_size, note FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1',
    );
    const lines = cp.note.split('\n');
    lines[1] = String(Number(lines[1]) + 1);
    await t.deps.db.query('UPDATE ledger_checkpoints SET note = $2 WHERE tree_size = $1', [
      cp.tree_size,
      lines.join('\n'),
    ]);
    r = await audit();
    const codes = new Set(r.problems.map((p) => p.code));
    expect(codes).toContain('LEAF_MISSING');
    expect(codes).toContain('LEAF_ALTERED');
    expect(codes).toContain('CHECKPOINT_INVALID');
    for (const p of r.problems) expect(p.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
