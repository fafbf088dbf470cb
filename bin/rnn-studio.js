#!/usr/bin/env node
// Launcher of the `rnn-studio` command: registers tsx's loader, then runs cli/index.ts in-process.
import { register } from 'tsx/esm/api';

register();
await import('../cli/index.ts');
