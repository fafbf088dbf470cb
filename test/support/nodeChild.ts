/** The trainer runtime in a plain Node child process (the tests' stand-in for Electron's utility process): ports are bridged over `process.send`. */
import type { TrainerStatus } from '../../core/protocol/control.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';
import { TrainingService } from '../../core/train/service.ts';
import { setProcessTrainingService } from '../../core/train/trainerEndpoint.ts';
import { openFolderHandles, readFileStreamed } from '../../electron/trainer/fileSource.ts';
import { type RuntimePort, runTrainer } from '../../electron/trainer/trainerRuntime.ts';
import { nodeImageDecoder } from '../../node/images/nodeImageDecoder.ts';
import { type BridgeEnvelope, bridgeEnvelopeSchema } from './nodeBridge.ts';

const send = (envelope: BridgeEnvelope): void => {
  process.send?.(envelope);
};

const portListeners = new Map<number, { message: (data: unknown) => void; close: () => void }>();

function bridgedPort(portId: number): RuntimePort {
  const entry = { message: (_data: unknown) => {}, close: () => {} };
  portListeners.set(portId, entry);
  return {
    postMessage: (data) => send({ kind: 'port', portId, data }),
    onMessage: (listener) => {
      entry.message = listener;
    },
    onClose: (listener) => {
      entry.close = listener;
    },
    start: () => {},
  };
}

let controlListener: (data: unknown, ports: readonly RuntimePort[]) => void = () => {};

process.on('message', (raw) => {
  const parsed = bridgeEnvelopeSchema.safeParse(raw);
  if (!parsed.success) {
    send({
      kind: 'control',
      message: { type: 'control-error', message: `Trainer: bridge envelope is malformed.` },
      portIds: [],
    });
    return;
  }
  const envelope = parsed.data;
  if (envelope.kind === 'port') {
    portListeners.get(envelope.portId)?.message(envelope.data);
  } else if (envelope.kind === 'port-closed') {
    portListeners.get(envelope.portId)?.close();
    portListeners.delete(envelope.portId);
  } else {
    controlListener(envelope.message, envelope.portIds.map(bridgedPort));
  }
});

// As the utility process (electron/trainer/trainer.ts): caption runs decode with jpeg-js/pngjs.
setProcessTrainingService(
  () => new TrainingService({ tasks: taskDefinition, imageDecoder: nodeImageDecoder }),
);

runTrainer({
  host: 'node-worker',
  pid: process.pid,
  readFile: readFileStreamed,
  openFolder: openFolderHandles,
  parent: {
    onMessage: (listener) => {
      controlListener = listener;
    },
    postMessage: (message: TrainerStatus) => send({ kind: 'control', message, portIds: [] }),
    exit: (code) => process.exit(code),
  },
});
