/**
 * The baseline for the fan-out benchmark: a bare Socket.IO server doing the app's fan-out and
 * nothing else. A join puts the socket in its clinic's room and sends the room the state; a command
 * sends the room the next revision of it. The state is a real ClinicState the app sent in the same
 * run, so every message is the app's size.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import { serveBenchmark } from './benchServer.ts';

type Reply = (answer: { ok: true; data: { revision: number } }) => void;

const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false });
const revisions = new Map<string, number>();
let template: ClinicState;

function broadcastNext(clinicId: string): number {
  const revision = (revisions.get(clinicId) ?? 0) + 1;
  revisions.set(clinicId, revision);
  io.to(clinicId).emit('clinic:state', { ...template, clinicId, revision });
  return revision;
}

io.on('connection', (socket) => {
  socket.on('clinic:join', ({ clinicId }: { clinicId: string }, reply: Reply) => {
    void socket.join(clinicId);
    socket.data.clinicId = clinicId;
    reply({ ok: true, data: { revision: broadcastNext(clinicId) } });
  });
  socket.on('clinic:command', (_payload: unknown, reply: Reply) => {
    reply({ ok: true, data: { revision: broadcastNext(socket.data.clinicId as string) } });
  });
});

serveBenchmark(async (state: ClinicState) => {
  template = state;
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const address = httpServer.address();
  return typeof address === 'object' && address ? address.port : 0;
});
