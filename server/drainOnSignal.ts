/**
 * What SIGTERM (or SIGINT) does to a running server: drain it (`ClinicApp.close`), then exit, 0 once
 * the drain is done. `main.ts` uses it, and so does the fan-out benchmark's drain mode, so that what
 * the benchmark counts is what production does.
 */
import type { ClinicApp } from './app.ts';
import type { Logger } from './logger.ts';

/** Past this, a drain that still has not finished is given up (within the usual 30 s grace of an orchestrator). */
export const DRAIN_LIMIT_MS = 20_000;

export function drainOnSignal(app: Pick<ClinicApp, 'close'>, logger: Logger): void {
  let draining = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (draining) return;
      draining = true;
      const started = performance.now();
      logger.info({ signal }, 'draining');
      setTimeout(() => {
        logger.error({ limitMs: DRAIN_LIMIT_MS }, 'drain did not finish in time; exiting');
        process.exit(1);
      }, DRAIN_LIMIT_MS).unref();
      app.close().then(
        () => {
          logger.info({ ms: Math.round(performance.now() - started) }, 'drained');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'drain failed');
          process.exit(1);
        },
      );
    });
  }
}
