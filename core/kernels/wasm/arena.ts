/** A first-fit allocator over a range of WebAssembly linear memory: where tensors that stay resident in wasm (weights, optimizer state, recurrent workspaces) live. */

/** One allocated or free block, in bytes. */
interface Block {
  offset: number;
  bytes: number;
  free: boolean;
}

/** Alignment of every block: a cache line, so SIMD loads never straddle two blocks' lines. */
export const ARENA_ALIGN = 64;

/**
 * Hands out 64-byte-aligned blocks from `base` upwards. Freed blocks are merged with free
 * neighbours and reused first-fit; a free block at the end gives its space back, so the arena's
 * `end` is the high-water mark of live data. The arena never touches memory itself: the owner
 * grows linear memory to cover `end` (see WasmKernels).
 */
export class Arena {
  private readonly blocks: Block[] = [];
  private readonly base: number;
  private top: number;

  constructor(base: number) {
    this.base = Math.ceil(base / ARENA_ALIGN) * ARENA_ALIGN;
    this.top = this.base;
  }

  /** First byte past the last live block. */
  get end(): number {
    return this.top;
  }

  /** Bytes held by live blocks. */
  get liveBytes(): number {
    let n = 0;
    for (const b of this.blocks) if (!b.free) n += b.bytes;
    return n;
  }

  /**
   * Reserves `bytes` (rounded up to the alignment) and returns the byte offset.
   * @throws RangeError for a negative or non-integer size.
   */
  alloc(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) {
      throw new RangeError(`Arena.alloc: bytes must be a non-negative integer, got ${bytes}.`);
    }
    const size = Math.max(ARENA_ALIGN, Math.ceil(bytes / ARENA_ALIGN) * ARENA_ALIGN);
    for (let i = 0; i < this.blocks.length; i++) {
      const b = this.blocks[i] as Block;
      if (!b.free || b.bytes < size) continue;
      if (b.bytes > size) {
        this.blocks.splice(i + 1, 0, {
          offset: b.offset + size,
          bytes: b.bytes - size,
          free: true,
        });
        b.bytes = size;
      }
      b.free = false;
      return b.offset;
    }
    const offset = this.top;
    this.blocks.push({ offset, bytes: size, free: false });
    this.top += size;
    return offset;
  }

  /**
   * Returns a block to the arena.
   * @throws RangeError when `offset` is not a live block of this arena (a double free).
   */
  free(offset: number): void {
    const i = this.blocks.findIndex((b) => b.offset === offset && !b.free);
    if (i < 0) throw new RangeError(`Arena.free: offset must be a live block, got ${offset}.`);
    const b = this.blocks[i] as Block;
    b.free = true;
    const next = this.blocks[i + 1];
    if (next?.free) {
      b.bytes += next.bytes;
      this.blocks.splice(i + 1, 1);
    }
    const prev = this.blocks[i - 1];
    if (prev?.free) {
      prev.bytes += b.bytes;
      this.blocks.splice(i, 1);
    }
    const last = this.blocks[this.blocks.length - 1];
    if (last?.free) {
      this.blocks.pop();
      this.top = last.offset;
    }
  }
}
