/** The envelope that carries control messages and bridged port traffic over a Node child's IPC channel. */
import { z } from 'zod';

// NOTE: Node's child_process IPC cannot transfer MessagePorts (Electron's parentPort can), so the
// Node host gives each transferred port an id and relays its messages in these envelopes.
export const bridgeEnvelopeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('control'),
    message: z.unknown(),
    portIds: z.array(z.number().int().nonnegative()),
  }),
  z.object({ kind: z.literal('port'), portId: z.number().int().nonnegative(), data: z.unknown() }),
  z.object({ kind: z.literal('port-closed'), portId: z.number().int().nonnegative() }),
]);
export type BridgeEnvelope = z.infer<typeof bridgeEnvelopeSchema>;
