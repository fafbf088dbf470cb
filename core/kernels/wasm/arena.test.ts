/** The arena hands out aligned blocks, reuses freed ones first-fit, merges neighbours, and refuses double frees. */
import { describe, expect, it } from 'vitest';
import { ARENA_ALIGN, Arena } from './arena.ts';

describe('Arena', () => {
  it('aligns the base and every block to 64 bytes', () => {
    const arena = new Arena(1000);
    const a = arena.alloc(4);
    const b = arena.alloc(100);
    expect(a).toBe(1024);
    expect(b).toBe(1024 + ARENA_ALIGN);
    expect(arena.end).toBe(1024 + ARENA_ALIGN + 128);
  });

  it('reuses a freed block first-fit and splits what is left', () => {
    const arena = new Arena(0);
    const a = arena.alloc(256);
    arena.alloc(64);
    arena.free(a);
    expect(arena.alloc(64)).toBe(a);
    expect(arena.alloc(64)).toBe(a + 64);
    expect(arena.liveBytes).toBe(64 * 3);
  });

  it('merges free neighbours and gives a free tail back', () => {
    const arena = new Arena(0);
    const a = arena.alloc(64);
    const b = arena.alloc(64);
    const c = arena.alloc(64);
    arena.free(a);
    arena.free(b);
    expect(arena.alloc(128)).toBe(a);
    arena.free(c);
    expect(arena.end).toBe(128);
    arena.free(a);
    expect(arena.end).toBe(0);
    expect(arena.liveBytes).toBe(0);
  });

  it('refuses a double free and a negative size', () => {
    const arena = new Arena(0);
    const a = arena.alloc(8);
    arena.free(a);
    expect(() => arena.free(a)).toThrow('Arena.free: offset must be a live block, got 0.');
    expect(() => arena.alloc(-1)).toThrow(
      'Arena.alloc: bytes must be a non-negative integer, got -1.',
    );
  });
});
