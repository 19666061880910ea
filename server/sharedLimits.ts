/**
 * Limits counted per client address or per crew member, over an hour, through rate-limiter-flexible:
 * in memory on one node alone, in Redis in a cluster so that every node counts the same hits (an
 * address cannot get round a limit by landing on another node). What is counted per connection
 * (its pace, its asides) stays with the connection, in `rateLimits.ts`.
 */
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type * as Flexible from 'rate-limiter-flexible';

// The package's index loads every store it supports (Mongo, MySQL, etcd...): about 25 ms of every
// start. These are its own modules for the two stores used here, typed as the index declares them.
const require = createRequire(import.meta.url);
const RateLimiterMemory = require('rate-limiter-flexible/lib/RateLimiterMemory.js') as typeof Flexible.RateLimiterMemory;
const RateLimiterRes = require('rate-limiter-flexible/lib/RateLimiterRes.js') as typeof Flexible.RateLimiterRes;
const redisLimiter = () => require('rate-limiter-flexible/lib/RateLimiterRedis.js') as typeof Flexible.RateLimiterRedis;

export interface SharedLimit {
  /** Counts a hit for `key`; false once it had its limit within the window. */
  allow(key: string): Promise<boolean>;
}

export interface SharedLimitSpec {
  /** Names the limit's keys in Redis. */
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
}

export type SharedLimits = (spec: SharedLimitSpec) => SharedLimit;

function sharedLimit(limiter: Flexible.RateLimiterAbstract): SharedLimit {
  return {
    allow: (key) =>
      limiter.consume(key).then(
        () => true,
        // The library rejects with its result when the limit is reached, and with an error when it could not count.
        (rejection: unknown) => {
          if (rejection instanceof RateLimiterRes) return false;
          throw rejection;
        },
      ),
  };
}

const memoryLimiter = ({ name, limit, windowMs }: SharedLimitSpec) => new RateLimiterMemory({ keyPrefix: name, points: limit, duration: windowMs / 1_000 });

/** Counted in this process: one node alone. */
export const memoryLimits: SharedLimits = (spec) => sharedLimit(memoryLimiter(spec));

/**
 * Counted in Redis, so every node sees every hit. While Redis cannot be reached, each node counts
 * in its own memory instead (the library's insurance limiter): a limit then holds per node rather
 * than refusing everyone.
 */
export const redisLimits =
  (client: Redis): SharedLimits =>
  (spec) =>
    sharedLimit(
      new (redisLimiter())({
        storeClient: client,
        keyPrefix: `limit:${spec.name}`,
        points: spec.limit,
        duration: spec.windowMs / 1_000,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memoryLimiter(spec),
      }),
    );
