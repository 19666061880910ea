/**
 * The fan-out benchmark's drain mode, small: 300 devices get commands, the app is sent SIGTERM while
 * they keep coming, drains and exits 0; restarted on the same data, every device joins again and
 * finds every command its clinic had acknowledged. Run as `npm run bench:fanout -- --drain` runs it,
 * its own processes included; its last line is the report.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/servers.ts';

const DEVICES = 300;
/** Far past what the run takes (about 10 s on a quiet machine): a run that hangs is ended. */
const RUN_LIMIT_MS = 60_000;

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

function runDrainMode(): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/fanout.ts', '--drain', '--devices', String(DEVICES), '--signal-after-s', '3'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('bench:fanout --drain', () => {
  it(
    'loses no acknowledged command across SIGTERM under load and a restart on the same data',
    async () => {
      const { code, output } = await runDrainMode();
      expect(code, output).toBe(0);
      const report = JSON.parse(output.trim().split('\n').at(-1)!);
      console.log(output.slice(output.indexOf(`${DEVICES} devices (`)));

      expect(report).toMatchObject({ bench: 'fanout-drain', devices: DEVICES, exit: { code: 0, signal: null }, rejoined: DEVICES });
      expect(report.acknowledged, 'commands acknowledged before or while draining').toBeGreaterThan(0);
      // Every command sent is accounted for: acknowledged, refused, or unanswered as its connection closed.
      const refused = Object.values(report.refusals as Record<string, number>).reduce((sum, count) => sum + count, 0);
      expect(report.acknowledged + refused + report.unanswered).toBe(report.sent);
      expect(Object.keys(report.refusals).filter((reason) => reason !== 'SERVER_RESTARTING'), 'refusals other than a draining server’s').toEqual([]);
      // Sent away as a dropped connection, which clients take as a cue to reconnect.
      expect(report.dropped).toEqual({ 'transport close': DEVICES });
      expect(report.devicesMissingCommands).toBe(0);
      expect(report.acknowledgedLost).toBe(0);
    },
    RUN_LIMIT_MS,
  );
});
