// `npm run cli -- <command>`: operator commands that run against DATABASE_URL or the PGlite data
// directory (stop the server first when using PGlite: the data directory is locked while it runs).
//
//   import <file> --item <itemCode> --department <code>   import a CSV/XLSX file through the intake pipeline
//   expire-publications                                   end 双公示 publication of records whose period is over
//   ledger audit                                          recompute the credit log from the live rows; exit 1 on findings
//   ledger checkpoint                                     sign a checkpoint of the credit log now
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrap } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import { SYSTEM_CONTEXT } from '../modules/identity/viewer.ts';
import { beginImport, runImport } from '../modules/records/intake-service.ts';
import { runPublicationExpiry } from '../modules/records/service.ts';
import { AppError } from '../shared/errors.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { item: { type: 'string' }, department: { type: 'string' } },
});
const [command, ...args] = positionals;
const config = loadConfig();
const log = { info: () => {}, warn: (m: string) => console.warn(m) };

const usage = `用法:
  npm run cli -- import <文件.csv|xlsx> --item <信息项代码> --department <部门代码>
  npm run cli -- expire-publications
  npm run cli -- ledger audit|checkpoint`;

const ledgerCommand = command === 'ledger' ? args[0] : undefined;
if (
  !command ||
  !['import', 'expire-publications', 'ledger'].includes(command) ||
  (command === 'ledger' && !['audit', 'checkpoint'].includes(ledgerCommand ?? ''))
) {
  console.error(usage);
  process.exit(2);
}
if (command === 'import' && (!args[0] || !values.item || !values.department)) {
  console.error(usage);
  process.exit(2);
}

const deps = await bootstrap(config, log);
try {
  if (command === 'import') {
    const dept = await deps.db.query<{ id: number; name: string }>(
      'SELECT id, name FROM departments WHERE code = $1',
      [values.department],
    );
    if (!dept[0]) throw new Error(`部门代码不存在：${values.department}`);
    const ctx = {
      ...SYSTEM_CONTEXT,
      viewer: { ...SYSTEM_CONTEXT.viewer, name: `命令行导入（${dept[0].name}）` },
    };
    const file = path.resolve(args[0]);
    const started = performance.now();
    const job = await beginImport(
      deps,
      {
        itemCode: values.item!,
        departmentId: dept[0].id,
        path: file,
        fileName: path.basename(file),
        channel: 'CLI',
      },
      ctx,
    );
    console.log(
      `批次 ${job.batchId}：${job.table.format} ${job.table.encoding}，${job.table.headers.length} 列`,
    );
    await runImport(deps, job, ctx, (p) => {
      const seconds = (performance.now() - started) / 1000;
      const pct = p.totalBytes ? ((p.bytesRead / p.totalBytes) * 100).toFixed(1) : '?';
      process.stdout.write(`\r${p.rows} 行  ${pct}%  ${Math.round(p.rows / seconds)} 行/秒   `);
    });
    const b = await deps.db.query<Record<string, number | string>>(
      'SELECT status, total, accepted, updated, duplicate, rejected, error_message FROM intake_batches WHERE id = $1',
      [job.batchId],
    );
    const r = b[0];
    console.log(
      `\n${r.status === 'DONE' ? '完成' : `失败：${r.error_message}`}  共 ${r.total} 行：新增 ${r.accepted}，更新 ${r.updated}，重复 ${r.duplicate}，拒收 ${r.rejected}（${((performance.now() - started) / 1000).toFixed(1)} 秒）`,
    );
    if (Number(r.rejected) > 0)
      console.log(
        `拒收的行在控制台"待纠错"中处理，或下载错误报告：/api/v1/intake/batches/${job.batchId}/error-report`,
      );
    if (r.status !== 'DONE') process.exitCode = 1;
  } else if (ledgerCommand === 'audit') {
    const r = await deps.ledger.audit();
    for (const p of r.problems) console.log(`${p.code}  ${p.message}`);
    console.log(
      r.ok
        ? `账本审计通过：${r.treeSize} 个叶子、分片、树根与最新检查点均一致`
        : `账本审计发现 ${r.problems.length} 个问题`,
    );
    if (!r.ok) process.exitCode = 1;
  } else if (ledgerCommand === 'checkpoint') {
    process.stdout.write((await deps.ledger.checkpoint()).note);
  } else {
    console.log(`已结束公示 ${await runPublicationExpiry(deps)} 条`);
  }
  // Changes made here reach the tree before the process ends.
  await deps.ledger.flush();
} catch (err) {
  console.error(err instanceof AppError ? `${err.code}: ${err.message}` : (err as Error).message);
  process.exitCode = 1;
} finally {
  await deps.sanctions.close();
  await deps.db.close();
}
