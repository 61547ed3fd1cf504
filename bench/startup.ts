// Target: start-up to the first ready response on a fresh clone with demo data, aim ≤ 15 s.
//   npx tsx bench/startup.ts [--runs 3]
//
// Spawns `npx tsx src/main.ts` (embedded PGlite, fresh DATA_DIR under .bench-data/, free PORT,
// LOG_LEVEL=warn) and polls GET /api/v1/ready until 200; then starts again on the same data directory
// (reopen, no seeding), sends SIGTERM and checks for a clean exit and a removed lockfile.
// Baseline, same run: spawning `npx tsx -e …` that opens and closes an empty in-memory PGlite.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fmtSec, freshPgliteDir, now, printRatio, printTable, printTarget, ROOT, summarize } from './lib.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Number(args.runs);
const TARGET_MS = 15_000;
const TIMEOUT_MS = 180_000;

const BASELINE_CODE =
  "import('@electric-sql/pglite').then(async ({ PGlite }) => { const db = await PGlite.create(); await db.close(); })";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Its own process group (detached), so that a failed run can be cleaned up by that group's id. */
function launch(cmdArgs: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn('npx', cmdArgs, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => {
    output += d;
  });
  child.stderr!.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

/** The innermost process under `pid` (npx → sh → tsx → node src/main.ts). */
function serverPid(pid: number): number {
  const children = fs
    .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter((c) => c && fs.readFileSync(`/proc/${c}/comm`, 'utf8').trim() !== 'esbuild');
  return children.length ? serverPid(Number(children[0])) : pid;
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {}
}

async function baselineMs(): Promise<number> {
  const t = now();
  const p = launch(['tsx', '-e', BASELINE_CODE]);
  const { code } = await p.exited;
  if (code !== 0) throw new Error(`baseline failed (${code}):\n${p.output()}`);
  return now() - t;
}

async function waitReady(port: number, exited: Promise<unknown>): Promise<void> {
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  const deadline = now() + TIMEOUT_MS;
  while (!dead && now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/ready`);
      if (res.status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(dead ? 'server exited before it was ready' : 'server not ready in time');
}

interface Start {
  readyMs: number;
  stop: { ms: number; code: number | null; signal: string | null; lockGone: boolean };
}

/** Starts the server on `dataDir`, waits for ready, sends SIGTERM and waits for the exit. */
async function startServer(dataDir: string): Promise<Start> {
  const port = await freePort();
  const t = now();
  const p = launch(['tsx', 'src/main.ts'], {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // A fresh clone has no built dist/web; the API starts without it.
    WEB_DIR: path.join(dataDir, 'no-web'),
  });
  try {
    await waitReady(port, p.exited);
    const readyMs = now() - t;
    const lock = path.join(dataDir, 'xinyong.lock');
    if (!fs.existsSync(lock)) throw new Error('no lockfile while the server runs');
    const s = now();
    // SIGTERM to the server process, as a process manager signals the service; its exit code must come
    // back up through tsx and npx. (SIGTERM to the npx wrapper is not forwarded: npm passes it to
    // `sh -c tsx`, which dies and leaves tsx and the server running.)
    process.kill(serverPid(p.child.pid!), 'SIGTERM');
    const exit = await Promise.race([p.exited, new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
    if (!exit) throw new Error('no exit within 30 s of SIGTERM');
    return { readyMs, stop: { ms: now() - s, ...exit, lockGone: !fs.existsSync(lock) } };
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- server output ---\n${p.output()}`);
  } finally {
    killGroup(p.child);
  }
}

const baselines: number[] = [];
const firsts: Start[] = [];
const reopens: Start[] = [];
for (let run = 1; run <= RUNS; run++) {
  baselines.push(await baselineMs());
  const dataDir = freshPgliteDir(`startup-${process.pid}`);
  try {
    firsts.push(await startServer(dataDir));
    if (!fs.existsSync(path.join(dataDir, 'demo-credentials.json'))) throw new Error('no demo data seeded');
    const seededAt = fs.statSync(path.join(dataDir, 'demo-credentials.json')).mtimeMs;
    reopens.push(await startServer(dataDir));
    if (fs.statSync(path.join(dataDir, 'demo-credentials.json')).mtimeMs !== seededAt)
      throw new Error('the second start seeded again');
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(
    `run ${run}: baseline ${fmtSec(baselines.at(-1)!)} s, first start ${fmtSec(firsts.at(-1)!.readyMs)} s, reopen ${fmtSec(reopens.at(-1)!.readyMs)} s`,
  );
}

const med = (xs: number[]) => summarize(xs).p50;
const row = (measurement: string, xs: number[]) => ({
  measurement,
  median: fmtSec(med(xs)),
  min: fmtSec(Math.min(...xs)),
  max: fmtSec(Math.max(...xs)),
});
const all = [...firsts, ...reopens];
const base = med(baselines);
const first = med(firsts.map((r) => r.readyMs));
const reopen = med(reopens.map((r) => r.readyMs));
printTable(`Start-up, ${RUNS} run(s) (s)`, [
  row('baseline: npx tsx -e (open + close an empty in-memory PGlite)', baselines),
  row(
    'first start: fresh DATA_DIR, demo data seeded → ready',
    firsts.map((r) => r.readyMs),
  ),
  row(
    'second start: same DATA_DIR reopened → ready',
    reopens.map((r) => r.readyMs),
  ),
  row(
    'SIGTERM → exit (both starts)',
    all.map((r) => r.stop.ms),
  ),
]);
const clean = all.every((r) => r.stop.code === 0 && r.stop.lockGone);
console.log(
  `\nshutdown on SIGTERM: ${clean ? 'clean' : 'NOT clean'} (exit codes ${all.map((r) => r.stop.code ?? r.stop.signal).join(', ')}; lockfile ${all.every((r) => r.stop.lockGone) ? 'removed' : 'LEFT BEHIND'})`,
);
printRatio('first start / baseline', first, base);
printRatio('second start / baseline', reopen, base);
printTarget('fresh start with demo data ≤ 15 s', first <= TARGET_MS, `${fmtSec(first)} s`);
if (!clean) process.exitCode = 1;
