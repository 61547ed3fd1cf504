// The intake benchmarks' shared inputs (bench/intake.ts, bench/intake-profile.ts): one deciding
// department, `subjects` registered enterprises, and a deterministic CSV of penalties about them.
import fs from 'node:fs';
import path from 'node:path';
import type { AppDeps } from '../src/app-deps.ts';
import type { Db } from '../src/db/db.ts';
import { syncBundledCatalogue } from '../src/modules/catalog/bundled.ts';
import { usccCheckChar } from '../src/modules/identifiers/uscc.ts';
import { SYSTEM_CONTEXT } from '../src/modules/identity/viewer.ts';
import { openTable } from '../src/modules/records/files/table.ts';
import { prepareChunk, prepareIntake, type SubmittedRow } from '../src/modules/records/intake.ts';
import {
  beginImport,
  FILE_CHUNK_ROWS,
  type ImportProgress,
  runImport,
} from '../src/modules/records/intake-service.ts';
import { columnFields } from '../src/modules/records/normalize.ts';
import { seedSubjects } from '../src/seed/subjects.ts';
import { shanghaiDate } from '../src/shared/clock.ts';
import { addDays } from '../src/shared/dates.ts';
import { writeCsv } from '../test/fixtures/intake/build-fixtures.ts';
import { benchVault, now, rng } from './lib.ts';

export const withCheck = (first17: string) => first17 + usccCheckChar(first17);
export const AUTHORITY = withCheck('11220000MB0012345');

export const HEADERS = [
  'CF_XDR_MC',
  'CF_XDR_LB',
  'CF_XDR_SHXYM',
  'CF_FRDB',
  'CF_WSH',
  'CF_WFXW',
  'CF_SY',
  'CF_YJ',
  'CF_CFLB',
  'CF_NR',
  'CF_NR_FK',
  'CF_JDRQ',
  'CF_CFJG',
  'CF_CFJGDM',
  'CF_SJLY',
  'CF_SJLYDM',
  'tier',
];

/** Catalogue, the department BENCH and the enterprises; answers the registered parties. */
export async function prepareDatabase(db: Db, subjects: number): Promise<{ name: string; uscc: string }[]> {
  await db.transaction((tx) => syncBundledCatalogue(tx));
  await db.query(
    `INSERT INTO departments (code, name, uscc, region_code) VALUES ('BENCH', '吉林省市场监督管理厅', $1, '220000')`,
    [AUTHORITY],
  );
  await db.transaction((tx) => seedSubjects(tx, benchVault(), { subjects, seed: 11 }));
  return db.query<{ name: string; uscc: string }>(
    `SELECT name, uscc FROM subjects WHERE uscc IS NOT NULL ORDER BY id`,
  );
}

/** The penalty file: deterministic, written as a stream. */
export async function writePenalties(file: string, rows: number, parties: { name: string; uscc: string }[]) {
  const rand = rng(5);
  const today = shanghaiDate(new Date());
  function* generate() {
    for (let i = 0; i < rows; i++) {
      const known = rand() < 0.95;
      const p = parties[Math.floor(rand() * parties.length)];
      const uscc = known ? p.uscc : withCheck(`91220100MA${String(i).padStart(7, '0')}`);
      const bad = rand() < 0.02;
      const fine = (Math.floor(rand() * 200_000) / 100).toFixed(2);
      yield [
        known ? p.name : `长春市新设第${i}号商贸有限公司`,
        '法人及非法人组织',
        bad ? `${uscc.slice(0, 17)}${uscc[17] === '0' ? '1' : '0'}` : uscc,
        '王某某',
        `吉市监罚〔${2024 + (i % 3)}〕${i}号`,
        '销售不符合食品安全标准的食品',
        `当事人销售的食品经抽样检验不合格，涉案货值${fine}元，违法所得若干。`,
        '《中华人民共和国食品安全法》第一百二十四条',
        '警告；罚款',
        `警告，并处罚款人民币${fine}元`,
        (Number(fine) / 10_000).toFixed(6).replace(/0+$/, '').replace(/\.$/, ''),
        addDays(today, -1 - Math.floor(rand() * 900)),
        '吉林省市场监督管理厅',
        AUTHORITY,
        '吉林省市场监督管理厅',
        AUTHORITY,
        rand() < 0.1 ? '严重' : '一般',
      ];
    }
  }
  await writeCsv(file, HEADERS, generate(), 'utf-8');
}

/** Baseline: the same parsed rows, INSERT … VALUES 1,000 a statement into a plain table; only the INSERTs are timed. */
export async function rawInsert(db: Db, file: string) {
  await db.query(`CREATE TABLE bench_raw_penalties (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ${HEADERS.map((h) => `"${h}" text`).join(', ')})`);
  const table = await openTable(file);
  const width = HEADERS.length;
  const columns = HEADERS.map((h) => `"${h}"`).join(', ');
  let rows = 0;
  let ms = 0;
  let batch: string[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const n = batch.length / width;
    const placeholders = Array.from(
      { length: n },
      (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(',')})`,
    ).join(',');
    const started = now();
    await db.query(`INSERT INTO bench_raw_penalties (${columns}) VALUES ${placeholders}`, batch);
    ms += now() - started;
    rows += n;
    batch = [];
  };
  for await (const row of table.rows) {
    batch.push(...row.cells);
    if (batch.length >= 1000 * width) await flush();
  }
  await flush();
  await table.close();
  return { rows, seconds: ms / 1000, rate: rows / (ms / 1000), peakRss: process.memoryUsage().rss };
}

/**
 * The product path (what the upload and the CLI run): `beginImport` + `runImport` of `file` as the
 * department BENCH, timed, with the process's peak RSS sampled every 100 ms.
 */
export async function importFile(
  deps: AppDeps,
  file: string,
  onProgress?: (p: ImportProgress, started: number) => void,
): Promise<{ batchId: number; ms: number; peakRss: number }> {
  const [dept] = await deps.db.query<{ id: number }>(`SELECT id FROM departments WHERE code = 'BENCH'`);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  try {
    const started = now();
    const job = await beginImport(
      deps,
      {
        itemCode: 'ADMIN_PENALTY',
        departmentId: dept.id,
        path: file,
        fileName: path.basename(file),
        channel: 'CLI',
      },
      SYSTEM_CONTEXT,
    );
    await runImport(deps, job, SYSTEM_CONTEXT, onProgress && ((p) => onProgress(p, started)));
    return { batchId: job.batchId, ms: now() - started, peakRss };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * CPU time of this database's server backends (other than the asking one), read from /proc: the
 * server must run on this machine. Sampled every 500 ms so that backends which end are counted too.
 */
export function backendCpu(db: Db) {
  const ticksByPid = new Map<number, number>();
  const sample = async (): Promise<number> => {
    const pids = await db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    for (const { pid } of pids) {
      try {
        const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        ticksByPid.set(pid, Number(f[11]) + Number(f[12]));
      } catch {}
    }
    let ticks = 0;
    for (const t of ticksByPid.values()) ticks += t;
    return ticks * 10; // clock ticks of 10 ms
  };
  const timer = setInterval(() => void sample().catch(() => {}), 500);
  timer.unref();
  return { ms: sample, stop: () => clearInterval(timer) };
}

/**
 * A floor of the import's Node work: the file read, parsed and validated chunk by chunk exactly as
 * `runImport` does (content hashes, publication periods, timeliness), and nothing written. Answers
 * the CPU time per row.
 */
export async function validateOnly(
  deps: AppDeps,
  file: string,
): Promise<{ rows: number; cpuUsPerRow: number }> {
  const [dept] = await deps.db.query<{ id: number }>(`SELECT id FROM departments WHERE code = 'BENCH'`);
  const target = await prepareIntake(deps, 'ADMIN_PENALTY', dept.id);
  const table = await openTable(file);
  const columns = columnFields(target.compiled, table.headers);
  const cpu0 = process.cpuUsage();
  let rows = 0;
  let chunk: SubmittedRow[] = [];
  for await (const row of table.rows) {
    chunk.push({ index: row.rowNumber, cells: row.cells, raw: {} });
    if (chunk.length >= FILE_CHUNK_ROWS) {
      rows += prepareChunk(deps, target, chunk, columns).rows.length;
      chunk = [];
    }
  }
  rows += prepareChunk(deps, target, chunk, columns).rows.length;
  await table.close();
  const cpu = process.cpuUsage(cpu0);
  return { rows, cpuUsPerRow: (cpu.user + cpu.system) / rows };
}

/**
 * A floor of the import's database work: the records just imported, copied by one INSERT … SELECT
 * into an empty table with every index and constraint of credit_records (one backend, so its wall
 * time is its CPU time). Answers the time per row.
 */
export async function storeOnly(db: Db): Promise<{ rows: number; usPerRow: number }> {
  await db.exec(
    'DROP TABLE IF EXISTS bench_store_floor; CREATE TABLE bench_store_floor (LIKE credit_records INCLUDING ALL)',
  );
  const started = now();
  const [{ n }] = await db.query<{ n: number }>(
    `WITH ins AS (INSERT INTO bench_store_floor OVERRIDING SYSTEM VALUE SELECT * FROM credit_records RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
  );
  const ms = now() - started;
  await db.exec('DROP TABLE bench_store_floor');
  return { rows: n, usPerRow: (ms * 1000) / n };
}
