import type { Db, Queryable } from '../../db/db.ts';
import type { Clock } from '../../shared/clock.ts';
import { formatCheckpoint, signNote } from '../../shared/crypto/signed-note.ts';
import type { PiiVault } from '../../shared/pii.ts';
import { type AuditResult, auditLedger, type LedgerSource } from './audit.ts';
import { encodeEntryText, type LedgerEvent } from './entry.ts';
import { activeSigners, createKey, KEY_ALGORITHMS } from './keys.ts';
import {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  type LogHash,
  leafHash,
  neededSubtrees,
  treeRoot,
  verifyConsistency,
} from './merkle.ts';
import { appendLeaves, partialTilesAt, TileCache, tileKey } from './tiles.ts';
import { hashSource, loadTiles } from './tree.ts';

export interface LedgerSettings {
  origin: string;
  /** Used only when the log is created; an existing log keeps its algorithm. */
  hash: LogHash;
}

export interface Checkpoint {
  size: number;
  rootHash: Buffer;
  note: string;
  signedAt: Date;
}

/** Most entries the sequencer moves from the outbox into the tree in one transaction. */
const SEQUENCE_BATCH = 5_000;

/**
 * The platform's tamper-evident log. Changes append an entry to the outbox inside their own
 * transaction (`append`); the sequencer moves committed entries into the Merkle tree, each exactly
 * once; checkpoints sign the tree head.
 */
export class Ledger {
  /** Per object type, how the audit recomputes logged content from the live rows. */
  readonly sources = new Map<string, LedgerSource>();
  /** Proofs only: roots for checkpoints and audits are always recomputed from the stored tiles. */
  private readonly tileCache = new TileCache();
  private sequencing: Promise<number> | null = null;
  private pending = false;

  private constructor(
    private readonly db: Db,
    private readonly vault: PiiVault,
    private readonly clock: Clock,
    readonly origin: string,
    readonly alg: LogHash,
    /** Whether this open created the log: only then may changes made before it existed be logged. */
    readonly created: boolean,
  ) {}

  /** Opens the log, creating it (and its first keys) on a new database. */
  static async open(db: Db, vault: PiiVault, clock: Clock, settings: LedgerSettings): Promise<Ledger> {
    const row = await db.transaction(async (tx) => {
      const existing = await tx.query<{ origin: string; hash_algorithm: LogHash }>(
        'SELECT origin, hash_algorithm FROM ledger_log WHERE id = 1',
      );
      if (existing.length) return { ...existing[0], created: false };
      await tx.query(
        `INSERT INTO ledger_log (origin, hash_algorithm, root_hash) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
        [settings.origin, settings.hash, emptyRoot(settings.hash)],
      );
      for (const alg of KEY_ALGORITHMS) await createKey(tx, vault, settings.origin, alg);
      return { origin: settings.origin, hash_algorithm: settings.hash, created: true };
    });
    return new Ledger(db, vault, clock, row.origin, row.hash_algorithm, row.created);
  }

  /** Queues entries for the tree inside the caller's transaction: they commit (or vanish) with the change. */
  async append(q: Queryable, events: LedgerEvent[]): Promise<string[]> {
    if (!events.length) return [];
    const time = this.clock.now().toISOString();
    const encoded = events.map((e) => encodeEntryText(this.alg, e, time));
    // The entries travel as one text, separated by U+001E (canonical JSON escapes every control
    // character, so it never occurs inside one), and are stored as their UTF-8 bytes.
    await q.query(
      `INSERT INTO ledger_queue (entry_type, object_type, object_id, version, entry)
       SELECT t.entry_type, t.object_type, t.object_id, t.version, convert_to(t.entry, 'UTF8')
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], string_to_array($5::text, chr(30)))
         AS t(entry_type, object_type, object_id, version, entry)`,
      [
        events.map((e) => e.type),
        events.map((e) => e.objectType),
        events.map((e) => e.objectId),
        events.map((e) => e.version),
        encoded.map((e) => e.text).join('\u001e'),
      ],
    );
    this.pending = true;
    return encoded.map((e) => e.contentHash);
  }

  /** Sequences everything committed so far; concurrent callers share one run. */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      if (this.sequencing) {
        total += await this.sequencing;
        continue;
      }
      this.pending = false;
      this.sequencing = this.sequenceBatch().finally(() => {
        this.sequencing = null;
      });
      const n = await this.sequencing;
      total += n;
      if (n < SEQUENCE_BATCH && !this.pending) return total;
    }
  }

  /** Whether entries were appended in this process since the last sequencing run. */
  get hasPending(): boolean {
    return this.pending;
  }

  /**
   * Moves up to SEQUENCE_BATCH committed outbox rows into the tree in one transaction. The lock on
   * the log row serialises sequencers across processes; delete and insert commit together, so an
   * entry is sequenced exactly once (ledger_leaves.queue_id is unique besides).
   */
  private sequenceBatch(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [log] = await tx.query<{ tree_size: string }>(
        'SELECT tree_size FROM ledger_log WHERE id = 1 FOR UPDATE',
      );
      const rows = await tx.query<{
        id: string;
        entry_type: string;
        object_type: string;
        object_id: string;
        version: number;
        entry: Uint8Array;
      }>(
        `DELETE FROM ledger_queue WHERE id IN (SELECT id FROM ledger_queue ORDER BY id LIMIT $1)
         RETURNING id, entry_type, object_type, object_id, version, entry`,
        [SEQUENCE_BATCH],
      );
      if (!rows.length) return 0;
      rows.sort((a, b) => Number(a.id) - Number(b.id));
      const size = Number(log.tree_size);
      const current = await loadTiles(tx, partialTilesAt(size));
      const { tiles } = appendLeaves(
        this.alg,
        size,
        rows.map((r) => leafHash(this.alg, r.entry)),
        (level, idx) => current.get(tileKey(level, idx)),
      );
      const changed = [...tiles];
      await tx.query(
        `INSERT INTO ledger_tiles (level, idx, hashes)
         SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])
         ON CONFLICT (level, idx) DO UPDATE SET hashes = EXCLUDED.hashes`,
        [
          changed.map(([k]) => Number(k.split('/')[0])),
          changed.map(([k]) => k.split('/')[1]),
          changed.map(([, v]) => v),
        ],
      );
      await tx.query(
        `INSERT INTO ledger_leaves (idx, queue_id, entry_type, object_type, object_id, version, entry)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bytea[])`,
        [
          rows.map((_, i) => size + i),
          rows.map((r) => r.id),
          rows.map((r) => r.entry_type),
          rows.map((r) => r.object_type),
          rows.map((r) => r.object_id),
          rows.map((r) => r.version),
          rows.map((r) => r.entry),
        ],
      );
      const newSize = size + rows.length;
      const root = treeRoot(
        this.alg,
        await hashSource(tx, this.alg, neededSubtrees('root', newSize)),
        newSize,
      );
      await tx.query(
        'UPDATE ledger_log SET tree_size = $1, root_hash = $2, updated_at = now() WHERE id = 1',
        [newSize, root],
      );
      return rows.length;
    });
  }

  async head(q: Queryable = this.db): Promise<{ size: number; rootHash: Buffer }> {
    const [r] = await q.query<{ tree_size: string; root_hash: Uint8Array }>(
      'SELECT tree_size, root_hash FROM ledger_log WHERE id = 1',
    );
    return { size: Number(r.tree_size), rootHash: Buffer.from(r.root_hash) };
  }

  async latestCheckpoint(q: Queryable = this.db): Promise<Checkpoint | null> {
    const [r] = await q.query<{ tree_size: string; root_hash: Uint8Array; note: string; signed_at: Date }>(
      'SELECT tree_size, root_hash, note, signed_at FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1',
    );
    return r ? toCheckpoint(r) : null;
  }

  /**
   * Signs the current tree head unless it is already signed. The platform never signs two
   * inconsistent checkpoints: the new head must extend the last signed one (RFC 9162 §2.1.4).
   */
  async checkpoint(): Promise<Checkpoint> {
    await this.flush();
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM ledger_log WHERE id = 1 FOR UPDATE');
      const head = await this.head(tx);
      const last = await this.latestCheckpoint(tx);
      if (last && last.size === head.size) return last;
      const recomputed = treeRoot(
        this.alg,
        await hashSource(tx, this.alg, neededSubtrees('root', head.size)),
        head.size,
      );
      if (!recomputed.equals(head.rootHash))
        throw new Error('账本树根与存储的分片不一致，拒绝签署检查点（请运行账本审计）');
      if (last && last.size > 0) {
        const proof = consistencyProof(
          this.alg,
          await hashSource(tx, this.alg, neededSubtrees('consistency', last.size, head.size)),
          last.size,
          head.size,
        );
        if (!verifyConsistency(this.alg, last.size, head.size, proof, last.rootHash, head.rootHash))
          throw new Error(`账本在 ${last.size} 之后与已签署的检查点不一致，拒绝签署`);
      }
      const text = formatCheckpoint({ origin: this.origin, size: head.size, rootHash: head.rootHash });
      const note = signNote(text, await activeSigners(tx, this.vault));
      const [row] = await tx.query<{
        tree_size: string;
        root_hash: Uint8Array;
        note: string;
        signed_at: Date;
      }>(
        `INSERT INTO ledger_checkpoints (tree_size, root_hash, note, signed_at) VALUES ($1, $2, $3, $4)
         RETURNING tree_size, root_hash, note, signed_at`,
        [head.size, head.rootHash, note, this.clock.now()],
      );
      return toCheckpoint(row);
    });
  }

  /** Runs the audit and keeps its result (console, health endpoint). */
  async audit(): Promise<AuditResult> {
    const result = await auditLedger(this.db, this, this.sources, () => this.clock.now());
    await this.db.query(
      `INSERT INTO ledger_audits (started_at, finished_at, tree_size, ok, problems) VALUES ($1, $2, $3, $4, $5)`,
      [result.startedAt, result.finishedAt, result.treeSize, result.ok, JSON.stringify(result.problems)],
    );
    return result;
  }

  async inclusionProof(index: number, size: number, q: Queryable = this.db): Promise<Buffer[]> {
    return inclusionProof(
      this.alg,
      await hashSource(q, this.alg, neededSubtrees('inclusion', index, size), this.tileCache),
      index,
      size,
    );
  }

  async consistencyProof(from: number, to: number, q: Queryable = this.db): Promise<Buffer[]> {
    return consistencyProof(
      this.alg,
      await hashSource(q, this.alg, neededSubtrees('consistency', from, to), this.tileCache),
      from,
      to,
    );
  }

  async rootAt(size: number, q: Queryable = this.db): Promise<Buffer> {
    return treeRoot(this.alg, await hashSource(q, this.alg, neededSubtrees('root', size)), size);
  }
}

function toCheckpoint(r: {
  tree_size: string;
  root_hash: Uint8Array;
  note: string;
  signed_at: Date;
}): Checkpoint {
  return {
    size: Number(r.tree_size),
    rootHash: Buffer.from(r.root_hash),
    note: r.note,
    signedAt: r.signed_at,
  };
}
