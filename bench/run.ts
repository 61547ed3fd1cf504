// `npm run bench`: every bench script at small sizes, one after the other (they share 2 cores).
// `npm run bench -- --full` runs them at the sizes the targets name (seeds 1,000,000 subjects once;
// publication-search.ts generates 5,000,000 records and checks.ts 1,000,000 subjects each time, unless a --keep
// database is there).
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { ROOT } from './lib.ts';

const { values } = parseArgs({ options: { full: { type: 'boolean', default: false } } });

const small: [string, string[]][] = [
  ['seed.ts', ['--subjects', '20000', '--pglite-subjects', '5000']],
  ['search.ts', ['--quick']],
  ['publication-search.ts', ['--quick']],
  ['intake.ts', ['--rows', '100000', '--pglite-rows', '20000']],
  ['ledger.ts', ['--quick']],
  ['checks.ts', ['--quick']],
  ['evaluation.ts', ['--quick']],
  ['startup.ts', ['--runs', '1']],
];
const full: [string, string[]][] = [
  ['seed.ts', []],
  ['search.ts', []],
  ['publication-search.ts', []],
  ['intake.ts', []],
  ['ledger.ts', []],
  ['checks.ts', []],
  ['evaluation.ts', []],
  ['startup.ts', []],
];

const failed: string[] = [];
for (const [script, flags] of values.full ? full : small) {
  console.log(`\n=== bench/${script} ${flags.join(' ')}`);
  const { status } = spawnSync('npx', ['tsx', `bench/${script}`, ...flags], { cwd: ROOT, stdio: 'inherit' });
  if (status !== 0) failed.push(script);
}
console.log(failed.length ? `\nfailed: ${failed.join(', ')}` : '\nall bench scripts ran');
process.exitCode = failed.length ? 1 : 0;
