/**
 * The clinic the benchmark watches: created, staffed and started over plain loopback, so its first
 * phase has a running deadline. A facilitator stays connected so the server keeps the room loaded;
 * the simulated devices join as the people created here, by their participant tokens.
 */
import { createClinicAt, TestParticipant } from '../support/participant.ts';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';

export interface RunningClinic {
  readonly clinicId: string;
  readonly deadlineAt: number;
  /** One per person; several devices may join as the same person. */
  readonly participantTokens: readonly string[];
  close(): void;
}

/** The deadline of the running step, or null while there is none. */
function runningDeadlineOf(state: ClinicState): number | null {
  const timer = state.progress.step?.timer;
  return timer?.status === 'running' ? timer.deadlineAt : null;
}

/** Starts a clinic with `people` participants besides the facilitator; the first is the case giver. */
export async function startRunningClinic(url: string, people: number): Promise<RunningClinic> {
  const { clinicId, facilitatorKey } = await createClinicAt(url, { title: 'Countdown spread benchmark' });
  const facilitator = await TestParticipant.join(url, clinicId, 'Facilitator', facilitatorKey);
  const joined: TestParticipant[] = [];
  try {
    for (let person = 0; person < people; person += 1) joined.push(await TestParticipant.join(url, clinicId, `Person ${person + 1}`));
    for (const command of [{ type: 'SET_CASE_GIVER', participantId: joined[0]!.id }, { type: 'START' }] as const) {
      const reply = await facilitator.command(command);
      if (!reply.ok) throw new Error(`${command.type} was refused: ${reply.error.message}`);
    }
    const deadlineAt = runningDeadlineOf(await facilitator.waitFor((state) => runningDeadlineOf(state) !== null, 'a running timer'))!;
    return {
      clinicId,
      deadlineAt,
      participantTokens: joined.map((person) => person.me!.participantToken),
      close: () => facilitator.close(),
    };
  } catch (error) {
    facilitator.close();
    throw error;
  } finally {
    // These people come back as simulated devices; their setup connections are done.
    for (const person of joined) person.close();
  }
}
