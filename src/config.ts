import path from 'node:path';
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
  };
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`配置项应为整数: ${value}`);
  return n;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}
