import fs from 'node:fs';
import path from 'node:path';
import type { AppDeps } from '../app-deps.ts';
import type { Queryable } from '../db/db.ts';
import { recordAudit } from '../modules/audit/audit.ts';
import { fullRun } from '../modules/evaluation/service.ts';
import { orgCodeCheckChar, usccCheckChar } from '../modules/identifiers/uscc.ts';
import { hashPassword } from '../modules/identity/password.ts';
import { API_SCOPES } from '../modules/identity/permissions.ts';
import { newApiKey } from '../modules/identity/tokens.ts';
import { SYSTEM_CONTEXT } from '../modules/identity/viewer.ts';
import { shanghaiDate } from '../shared/clock.ts';
import { seedDemoInspectors, seedDemoLists } from './lists.ts';
import { seedDemoRecords } from './records.ts';
import { seedSubjects } from './subjects.ts';

/** The one password of every demo account (demo mode only; listed in the README). */
export const DEMO_PASSWORD = 'Xinyong2026';

// [code, name, region, parent code]
const DEPARTMENTS: [string, string, string, string | null][] = [
  ['JL-FGW', '吉林省发展和改革委员会（省信用办）', '220000', null],
  ['JL-SCJG', '吉林省市场监督管理厅', '220000', null],
  ['JL-SW', '国家税务总局吉林省税务局', '220000', null],
  ['CC-FGW', '长春市发展和改革委员会', '220100', 'JL-FGW'],
  ['CC-SCJG', '长春市市场监督管理局', '220100', 'JL-SCJG'],
  ['CC-NG-SCJG', '长春市南关区市场监督管理局', '220102', 'CC-SCJG'],
  ['CC-CY-SCJG', '长春市朝阳区市场监督管理局', '220104', 'CC-SCJG'],
  ['JLS-SCJG', '吉林市市场监督管理局', '220200', 'JL-SCJG'],
];

// [username, display name, role, region, department code]
const USERS: [string, string, string, string, string | null][] = [
  ['admin', '平台管理员', 'PLATFORM_ADMIN', '220000', 'JL-FGW'],
  ['province-reviewer', '省市场监管厅审核员', 'DEPT_REVIEWER', '220000', 'JL-SCJG'],
  ['cc-operator', '长春市市场监管局经办人', 'DEPT_OPERATOR', '220100', 'CC-SCJG'],
  ['cc-reviewer', '长春市市场监管局审核人', 'DEPT_REVIEWER', '220100', 'CC-SCJG'],
  ['nanguan-operator', '南关区市场监管局经办人', 'DEPT_OPERATOR', '220102', 'CC-NG-SCJG'],
  ['chaoyang-operator', '朝阳区市场监管局经办人', 'DEPT_OPERATOR', '220104', 'CC-CY-SCJG'],
  ['jilin-operator', '吉林市市场监管局经办人', 'DEPT_OPERATOR', '220200', 'JLS-SCJG'],
  ['bank-demo', '吉林银行信贷员', 'BANK', '220000', null],
  ['subject-demo', '企业自助用户', 'SUBJECT_USER', '220000', null],
];

export interface DemoCredentials {
  users: { username: string; password: string; role: string; regionCode: string }[];
  apiClients: { name: string; departmentCode: string; regionCode: string; scopes: string[]; key: string }[];
}

/** A government agency's USCC (category 11) with a valid inner organisation code. */
function agencyUscc(region: string, serial: number): string {
  const body = `${(11_000_000 + serial * 7919) % 100_000_000}`.padStart(8, '0');
  const first17 = `11${region}${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}

/**
 * Seeds an empty database with demo subjects, departments, accounts and API keys, all in one
 * transaction (a crash leaves nothing half-seeded), and writes the credentials file.
 * Returns null when the database already has users.
 */
export async function seedDemo(deps: AppDeps) {
  const [{ n }] = await deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  if (n > 0) return null;
  const { config } = deps;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const credentials: DemoCredentials = { users: [], apiClients: [] };
  const subjects = await deps.db.transaction(async (tx) => {
    const count = await seedSubjects(tx, deps.vault, {
      subjects: config.demoSubjects,
      seed: config.demoSeed,
    });
    const deptIds = await seedDepartments(tx);
    for (const [username, displayName, role, regionCode, dept] of USERS) {
      await tx.query(
        `INSERT INTO users (username, display_name, password_hash, role_code, region_code, department_id) VALUES ($1, $2, $3, $4, $5, $6)`,
        [username, displayName, passwordHash, role, regionCode, dept ? deptIds.get(dept) : null],
      );
      credentials.users.push({ username, password: DEMO_PASSWORD, role, regionCode });
    }
    const scopes = Object.keys(API_SCOPES);
    for (const [code, name, regionCode] of DEPARTMENTS) {
      const key = newApiKey();
      await tx.query(
        `INSERT INTO api_clients (name, department_id, scopes, key_prefix, key_hash) VALUES ($1, $2, $3, $4, $5)`,
        [`${name}业务系统`, deptIds.get(code), scopes, key.prefix, key.hash],
      );
      credentials.apiClients.push({
        name: `${name}业务系统`,
        departmentCode: code,
        regionCode,
        scopes,
        key: key.key,
      });
    }
    await recordAudit(tx, SYSTEM_CONTEXT, {
      action: 'DEMO_DATA_SEEDED',
      detail: {
        subjects: count,
        departments: DEPARTMENTS.length,
        users: USERS.length,
        seed: config.demoSeed,
      },
    });
    return count;
  });
  // Records go through the intake pipeline, which runs its own transactions.
  const records = await seedDemoRecords(deps, {
    seed: config.demoSeed,
    penalties: Math.round(config.demoSubjects * 0.3),
    licences: Math.round(config.demoSubjects * 0.2),
  });
  // The self-service demo account acts for an enterprise with published penalties and licences, so its
  // credit report has something to show.
  await deps.db.query(
    `UPDATE users SET subject_id = (
       SELECT r.subject_id FROM credit_records r JOIN subjects s ON s.id = r.subject_id
       WHERE r.is_public AND s.type = 'ENTERPRISE' GROUP BY r.subject_id
       ORDER BY count(DISTINCT r.item_code) DESC, count(*) DESC, r.subject_id LIMIT 1)
     WHERE username = 'subject-demo'`,
  );
  const [cc] = await deps.db.query<{ id: number; name: string }>(
    "SELECT id, name FROM departments WHERE name = '长春市市场监督管理局'",
  );
  await deps.db.transaction(async (tx) => {
    await seedDemoLists(tx, deps.ledger, shanghaiDate(deps.clock.now()), cc.id, cc.name);
    await seedDemoInspectors(tx);
  });
  // Everyone scored once; from here on the credit log's leaves keep the results current.
  await deps.ledger.flush();
  await fullRun(deps, deps.clock.now(), 'demo data');
  await deps.db.query(
    'UPDATE evaluation_cursor SET ledger_idx = (SELECT coalesce(max(idx) + 1, 0) FROM ledger_leaves)',
  );
  fs.mkdirSync(config.dataDir, { recursive: true });
  const credentialsFile = path.join(config.dataDir, 'demo-credentials.json');
  fs.writeFileSync(credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return { subjects, records, credentialsFile, credentials };
}

async function seedDepartments(tx: Queryable): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const [i, [code, name, region, parent]] of DEPARTMENTS.entries()) {
    const [{ id }] = await tx.query<{ id: number }>(
      'INSERT INTO departments (code, name, uscc, region_code, parent_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [code, name, agencyUscc(region, i + 1), region, parent ? ids.get(parent) : null],
    );
    ids.set(code, id);
  }
  return ids;
}
