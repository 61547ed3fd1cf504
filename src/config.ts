import path from 'node:path';
import type { LedgerSettings } from './modules/ledger/ledger.ts';
import type { LogHash } from './modules/ledger/merkle.ts';
import { DEFAULT_PUBLICITY_POLICY, type PublicityPolicy } from './modules/records/publicity.ts';

/** Every setting the service reads, with its default. The README's configuration table mirrors this. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: string;
  /** Seed demo data and demo credentials into an empty database. */
  demoData: boolean;
  demoSubjects: number;
  demoSeed: number;
  /** Base64 of 32 bytes; encrypts identity numbers and keys their lookup hash. */
  dataKey: string | undefined;
  sessionTtlHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  bodyLimitBytes: number;
  trustProxy: boolean;
  webDir: string;
  /** Largest accepted upload (CSV/XLSX intake files). */
  uploadLimitBytes: number;
  /** A record is late when more working days than this pass between decision and intake. */
  intakeLateWorkingDays: number;
  /** Publication periods of 双公示 records (DOMAIN §8). */
  publicity: PublicityPolicy;
  /** How often the job that ends expired publications runs. */
  publicationJobMinutes: number;
  /** The credit log (docs/ledger.md): its origin line and, for a new log, its hash. */
  ledger: LedgerSettings;
  /** How often a checkpoint is signed when the tree grew (one is also signed on demand). */
  checkpointSeconds: number;
  /** How often the ledger audit recomputes leaves and tree from the live rows; 0 turns it off. */
  ledgerAuditMinutes: number;
  /** 陈述申辩: working days a subject has to respond to a prior notice of listing. */
  listDefenceWorkingDays: number;
  /** Working days a business system has to report back on a check with hits. */
  checkFeedbackWorkingDays: number;
  /** How often each process looks for committed list changes (bounds check staleness). */
  checkIndexPollMs: number;
  /** How long a process trusts a resolved API key before reading it again (revocations elsewhere). */
  apiClientCacheSeconds: number;
  /** The portal's public address, for verification links and QR codes in reports. */
  publicBaseUrl: string;
  /** The issuing body printed on credit reports. */
  reportIssuer: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int(env.PORT, 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    demoData: bool(env.DEMO_DATA, true),
    demoSubjects: int(env.DEMO_SUBJECTS, 5000),
    demoSeed: int(env.DEMO_SEED, 2026),
    dataKey: env.DATA_KEY || undefined,
    sessionTtlHours: int(env.SESSION_TTL_HOURS, 8),
    loginMaxFailures: int(env.LOGIN_MAX_FAILURES, 5),
    loginLockMinutes: int(env.LOGIN_LOCK_MINUTES, 15),
    bodyLimitBytes: int(env.BODY_LIMIT_BYTES, 1_048_576),
    trustProxy: bool(env.TRUST_PROXY, false),
    webDir: path.resolve(env.WEB_DIR ?? './dist/web'),
    uploadLimitBytes: int(env.UPLOAD_LIMIT_BYTES, 1024 * 1024 * 1024),
    intakeLateWorkingDays: int(env.INTAKE_LATE_WORKING_DAYS, 7),
    publicity: {
      ...DEFAULT_PUBLICITY_POLICY,
      newRegimeFrom: env.PUBLICITY_NEW_REGIME_FROM || DEFAULT_PUBLICITY_POLICY.newRegimeFrom,
      publishMinor: bool(env.PUBLISH_MINOR_PENALTIES, DEFAULT_PUBLICITY_POLICY.publishMinor),
      licenceMonths: int(env.LICENCE_PUBLICITY_MONTHS, DEFAULT_PUBLICITY_POLICY.licenceMonths),
    },
    publicationJobMinutes: int(env.PUBLICATION_JOB_MINUTES, 60),
    ledger: { origin: env.LEDGER_ORIGIN || 'xinyong.demo/jilin/credit-log', hash: logHash(env.LEDGER_HASH) },
    checkpointSeconds: int(env.LEDGER_CHECKPOINT_SECONDS, 60),
    ledgerAuditMinutes: int(env.LEDGER_AUDIT_MINUTES, 1440),
    listDefenceWorkingDays: int(env.LIST_DEFENCE_WORKING_DAYS, 5),
    checkFeedbackWorkingDays: int(env.CHECK_FEEDBACK_WORKING_DAYS, 5),
    checkIndexPollMs: int(env.CHECK_INDEX_POLL_MS, 250),
    apiClientCacheSeconds: int(env.API_CLIENT_CACHE_SECONDS, 10),
    publicBaseUrl: (env.PUBLIC_BASE_URL || 'http://localhost:8080').replace(/\/+$/, ''),
    reportIssuer: env.REPORT_ISSUER || '信用吉林（吉林省公共信用信息平台）',
  };
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`配置项应为整数: ${value}`);
  return n;
}

function logHash(value: string | undefined): LogHash {
  if (!value) return 'SM3';
  if (value !== 'SM3' && value !== 'SHA-256') throw new Error(`LEDGER_HASH 只能是 SM3 或 SHA-256: ${value}`);
  return value;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}
