/** Tests picking files to open from the command line and queueing them for the window. */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesFromArgv, OpenFileQueue } from './openFiles.ts';

describe('filesFromArgv', () => {
  it('keeps .rnnmodel arguments, made absolute, and skips the executable and flags', () => {
    const cwd = resolve('/home/ana');
    expect(
      filesFromArgv(
        [
          '/opt/RNN Studio/rnn-studio',
          '--no-sandbox',
          'models/Sentiment.RNNMODEL',
          '/tmp/x.rnnmodel',
          'notes.txt',
        ],
        cwd,
      ),
    ).toEqual([join(cwd, 'models', 'Sentiment.RNNMODEL'), resolve('/tmp/x.rnnmodel')]);
  });
});

describe('OpenFileQueue', () => {
  it('holds files until a receiver attaches, then delivers each once', () => {
    const queue = new OpenFileQueue();
    queue.push('/a.rnnmodel');
    const got: string[] = [];
    queue.attach((p) => got.push(p));
    queue.push('/b.rnnmodel');
    expect(got).toEqual(['/a.rnnmodel', '/b.rnnmodel']);
    queue.attach(null);
    queue.push('/c.rnnmodel');
    expect(got).toEqual(['/a.rnnmodel', '/b.rnnmodel']);
    queue.attach((p) => got.push(p));
    expect(got).toEqual(['/a.rnnmodel', '/b.rnnmodel', '/c.rnnmodel']);
  });
});
