/** A stand-in for socket.io-client whose one socket is connected and answers every ask with `answer`. */
export const answeringSocketModule = (answer: (event: string, payload: unknown) => unknown) => ({
  io: () => ({
    connected: true,
    on: () => undefined,
    off: () => undefined,
    timeout: () => ({ emitWithAck: async (event: string, payload: unknown) => answer(event, payload) }),
  }),
});
