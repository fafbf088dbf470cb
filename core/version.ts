/** The compute core's version, reported by the trainer's `hello` reply and `rnn-studio --version`. */
export const CORE_VERSION = '0.1.0';
