import path from 'node:path';

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
