/** The compute core's public surface: pure TypeScript that runs in any process. */

export { assertNever, ConfigError, DatasetError, ProtocolError, ShapeError } from './errors.ts';
export * from './protocol/messages.ts';
export { createTrainerClient, type TrainerClient, TrainerError } from './protocol/trainerClient.ts';
export { createTrainerEndpoint } from './protocol/trainerEndpoint.ts';
export { validateTrainerMessage, validateTrainerRequest } from './protocol/validate.ts';
export { CORE_VERSION } from './version.ts';
