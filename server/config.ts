/** Settings from the environment, with the embedded defaults the quick start relies on. */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Retention } from './clinicRegistry.ts';
import { LOG_LEVELS, type LogLevel } from './logger.ts';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Postgres instead of SQLite in dataDir, when set. */
  readonly databaseUrl: string | null;
  /** Redis, when set: this node is one of a cluster sharing the Postgres database. */
  readonly redisUrl: string | null;
  /** This node's name in a cluster, in logs and in Redis. */
  readonly nodeName: string;
  readonly clientDir: string;
  readonly allowedOrigins: readonly string[];
  readonly retention: Retention;
  /** Days a crew, with its sessions' clinics, is kept after its last session. */
  readonly crewRetentionDays: number;
  /** How many reverse proxies in front of the server append to `X-Forwarded-For`. */
  readonly trustedProxies: number;
  readonly logLevel: LogLevel;
}

const HOUR_MS = 3_600_000;

function positiveNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function proxyCount(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 0 || count > 10) throw new Error(`TRUST_PROXY must be a whole number of proxies (0-10), got "${raw}"`);
  return count;
}

function portFrom(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got "${raw}"`);
  return port;
}

function databaseUrlFrom(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (!/^postgres(ql)?:\/\//.test(raw)) throw new Error('DATABASE_URL must be a postgres:// or postgresql:// address');
  return raw;
}

function redisUrlFrom(raw: string | undefined, databaseUrl: string | null): string | null {
  if (raw === undefined || raw === '') return null;
  if (!/^rediss?:\/\//.test(raw)) throw new Error('REDIS_URL must be a redis:// or rediss:// address');
  // Nodes of a cluster share their clinics through the database; each SQLite file is one node's own.
  if (databaseUrl === null) throw new Error('REDIS_URL runs this node in a cluster, which needs the shared Postgres database: set DATABASE_URL too');
  return raw;
}

function nodeNameFrom(raw: string | undefined): string {
  if (raw === undefined || raw === '') return hostname().replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40) || 'node';
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(raw)) throw new Error(`NODE_ID must be 1-40 letters, digits, - or _, got "${raw}"`);
  return raw;
}

function logLevelFrom(raw: string | undefined): LogLevel {
  if (raw === undefined || raw === '') return 'info';
  const level = LOG_LEVELS.find((known) => known === raw);
  if (!level) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return level;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const databaseUrl = databaseUrlFrom(env.DATABASE_URL);
  return {
    port: portFrom(env.PORT),
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl,
    redisUrl: redisUrlFrom(env.REDIS_URL, databaseUrl),
    nodeName: nodeNameFrom(env.NODE_ID),
    clientDir: resolve(env.CLIENT_DIR || './dist/client'),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    retention: {
      afterCloseMs: positiveNumber('RETENTION_HOURS', env.RETENTION_HOURS, 24) * HOUR_MS,
      afterInactivityMs: positiveNumber('INACTIVE_DAYS', env.INACTIVE_DAYS, 7) * 24 * HOUR_MS,
    },
    crewRetentionDays: positiveNumber('CREW_RETENTION_DAYS', env.CREW_RETENTION_DAYS, 30),
    trustedProxies: proxyCount(env.TRUST_PROXY),
    logLevel: logLevelFrom(env.LOG_LEVEL),
  };
}
