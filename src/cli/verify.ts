// `npx xinyong-verify <report.pdf|report.json> [--keys keys.json ...] [--bundle bundle.json]`
//
// Verifies a credit report offline — no database, no network: its signatures, content hash, PDF
// seal, log entry and inclusion proof, against the public keys of the platforms you trust (each
// platform's GET /api/v1/ledger/keys saved as a file). A bundle (GET /api/v1/reports/{no}/bundle)
// brings a fresher inclusion proof and checkpoint; its keys are used only with --trust-bundle-keys.
// Exit status: 0 valid, 1 invalid, 2 usage or unreadable input.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { TrustedPlatform } from '../modules/ledger/peers.ts';
import { type ProofBundle, verifyReportFile } from '../modules/reports/verify.ts';

const usage = `用法: xinyong-verify <报告.pdf|报告.json> --keys <平台公钥.json> [--keys …] [--bundle <证明包.json>] [--trust-bundle-keys] [--json]`;

function main(argv: string[]): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) {
    console.error(usage);
    return 2;
  }
  let trusted: TrustedPlatform[];
  let bundle: (ProofBundle & { keys?: TrustedPlatform }) | undefined;
  let file: Buffer;
  try {
    file = fs.readFileSync(positionals[0]);
    trusted = (values.keys ?? []).map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as TrustedPlatform);
    if (values.bundle) bundle = JSON.parse(fs.readFileSync(values.bundle, 'utf8'));
  } catch (err) {
    console.error(`无法读取输入：${(err as Error).message}`);
    return 2;
  }
  if (values['trust-bundle-keys'] && bundle?.keys) trusted.push(bundle.keys);
  if (!trusted.length) {
    console.error(`没有受信任的公钥：请用 --keys 指定出具平台的公钥文件（其 /api/v1/ledger/keys）\n${usage}`);
    return 2;
  }
  const result = verifyReportFile(file, trusted, bundle);
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(
      `报告 ${result.reportNo ?? '（未识别）'}  出具平台 ${result.origin ?? '（未知）'}  文件类型 ${result.kind}`,
    );
    for (const c of result.checks) console.log(`${c.ok ? '✓' : '✗'} ${c.code}  ${c.message}`);
    console.log(result.valid ? '结论：报告真实有效，未被篡改。' : '结论：验证未通过，请勿采信此报告。');
  }
  return result.valid ? 0 : 1;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      keys: { type: 'string', multiple: true },
      bundle: { type: 'string' },
      'trust-bundle-keys': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
}

process.exitCode = main(process.argv.slice(2));
