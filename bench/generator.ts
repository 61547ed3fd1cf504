/**
 * Generation rate of the demo-data generator, and (with --check) a brute-force uniqueness check
 * of keys, codes, identity numbers and organisation names with in-memory sets.
 *
 *   npx tsx bench/generator.ts [subjects=200000] [--check] [--seed=N]
 */
import { generateDemoData } from '../src/seed/generator.ts';

const args = process.argv.slice(2);
const subjects = Number(args.find((a) => /^\d+$/.test(a)) ?? 200_000);
const check = args.includes('--check');
const seed = Number(args.find((a) => a.startsWith('--seed='))?.slice(7) ?? 2026);

const start = performance.now();
const cpu0 = process.cpuUsage();
let count = 0;
let relations = 0;
const keys = new Set<string>();
const codes = new Set<string>();
const names = new Set<string>();
const duplicates: string[] = [];
for (const batch of generateDemoData({ subjects, seed })) {
  count += batch.subjects.length;
  relations += batch.relations.length;
  if (!check) continue;
  for (const s of batch.subjects) {
    const code = s.uscc ?? s.identityNumber!;
    if (keys.has(s.key)) duplicates.push(`key ${s.key}`);
    if (codes.has(code)) duplicates.push(`code ${code}`);
    keys.add(s.key);
    codes.add(code);
    if (s.type !== 'INDIVIDUAL') {
      if (names.has(s.name)) duplicates.push(`name ${s.name}`);
      names.add(s.name);
    }
  }
}
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(
  `${count} subjects, ${relations} relations in ${seconds.toFixed(2)} s: ${Math.round(count / seconds)} subjects/s` +
    ` (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)${check ? ', with uniqueness check' : ''}`,
);
if (check) {
  console.log(`duplicates: ${duplicates.length}`, duplicates.slice(0, 20));
  if (duplicates.length > 0) process.exitCode = 1;
}
