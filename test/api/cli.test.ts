import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../src/modules/identifiers/uscc.ts';
import { PENALTY_COLUMNS, writeCsv } from '../fixtures/intake/build-fixtures.ts';
import { freshDatabase } from '../support/db.ts';

// `npm run cli -- import …` as an operator runs it: a child process on its own database (a PGlite
// data directory, or a fresh PostgreSQL database when DATABASE_URL is set), demo data seeded first.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xy-cli-'));
let env: NodeJS.ProcessEnv;
let drop: (() => Promise<void>) | undefined;

const cli = (...args: string[]) =>
  spawnSync(path.resolve('node_modules/.bin/tsx'), ['src/cli/index.ts', ...args], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });

beforeAll(async () => {
  env = { ...process.env, DATA_DIR: path.join(tmp, 'data'), DEMO_SUBJECTS: '200', LOG_LEVEL: 'warn' };
  if (process.env.DATABASE_URL) {
    // The CLI processes use this database; drop() closes the test's own (idle) pool, then drops it.
    const fresh = await freshDatabase();
    env.DATABASE_URL = fresh.url;
    drop = fresh.drop;
  } else {
    delete env.DATABASE_URL;
  }
});

afterAll(async () => {
  await drop?.();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm run cli -- import', () => {
  it('imports a file with a progress line, and a second run changes nothing', async () => {
    // Submitted for the province department JL-SCJG, whose scope covers any authority in Jilin.
    const authority = (first17: string) => first17 + usccCheckChar(first17);
    const file = path.join(tmp, 'penalties.csv');
    const party = authority('91220101MA0C00001');
    const row = (n: number, uscc = party) => [
      '长春市命令行测试有限公司',
      '法人及非法人组织',
      uscc,
      `吉市监罚〔2026〕CLI${n}号`,
      '虚假宣传',
      '经查属实',
      '《反不正当竞争法》第二十条',
      '罚款',
      '罚款1万元',
      '1',
      '2026-01-05',
      '吉林省市场监督管理厅',
      authority('11220000MB0C00001'),
      '吉林省市场监督管理厅',
      authority('11220000MB0C00001'),
    ];
    await writeCsv(file, PENALTY_COLUMNS, [row(1), row(2), row(3, '91220101MA0C0000X')], 'gb18030');
    const first = cli('import', file, '--item', 'ADMIN_PENALTY', '--department', 'JL-SCJG');
    expect(first.stderr).not.toMatch(/Error|错误：/);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('gb18030');
    expect(first.stdout).toMatch(/3 行\s+100\.0%/);
    expect(first.stdout).toContain('共 3 行：新增 2，更新 0，重复 0，拒收 1');
    expect(first.stdout).toContain('/error-report');

    const second = cli('import', file, '--item', 'ADMIN_PENALTY', '--department', 'JL-SCJG');
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('共 3 行：新增 0，更新 0，重复 2，拒收 1');
    // Two CLI processes, each starting tsx and opening the database: slow on a busy machine.
  }, 240_000);

  it('explains its usage and refuses unknown departments', () => {
    const usage = cli('import');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('用法');
    const unknown = cli(
      'import',
      path.join(tmp, 'penalties.csv'),
      '--item',
      'ADMIN_PENALTY',
      '--department',
      'NOPE',
    );
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('部门代码不存在：NOPE');
  });
});
