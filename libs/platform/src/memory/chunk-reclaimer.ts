import { Transform, type TransformCallback } from 'node:stream';

/** V8's `gc()` as `--expose-gc` installs it (its options are V8's gc extension). */
export type CollectGarbage = (options: { type: 'minor' | 'major'; execution?: 'sync' | 'async' }) => unknown;

/** Default of `CHUNK_RECLAIM_BYTES`: a young-generation collection after every 2 MiB streamed. */
export const DEFAULT_CHUNK_RECLAIM_BYTES = 2 * 1024 * 1024;

/**
 * Keeps the memory of a process that streams large bodies (the gateway's proxy, document uploads and
 * downloads) flat. Node gives every socket read, parsed body chunk and cipher output a fresh ArrayBuffer;
 * once a chunk is written on it is garbage, but V8 frees young ArrayBuffers only at a scavenge and forces
 * one for their sake only after about 32 MB of them (2 × its default max semi-space; `--trace-gc`:
 * "external memory pressure"). So without help a 20 MB upload raises the resident memory of each process it
 * passes by 15–30 MB of dead chunks. The streams count the bytes they pass on here; after every
 * `everyBytes` of them one minor GC (well under a millisecond with this little live data) frees them.
 *
 * Process-wide on purpose: garbage and collections are per process, so concurrent uploads share one
 * budget instead of each collecting on its own. Needs `gc`, i.e. node started with `--expose-gc`
 * (`npm start`, the container image); without it, or with `everyBytes` 0, counting does nothing.
 */
export class ChunkReclaimer {
  private pending = 0;
  private collections = 0;

  constructor(
    private everyBytes: number = DEFAULT_CHUNK_RECLAIM_BYTES,
    private collect: CollectGarbage | undefined = exposedGc(),
  ) {}

  /** Sets the interval (0 turns reclaiming off) and, for tests, the collector. */
  configure(everyBytes: number, collect: CollectGarbage | undefined = this.collect): void {
    this.everyBytes = everyBytes;
    this.collect = collect;
    this.pending = 0;
  }

  /** Whether counting leads to collections (a collector is available and the interval is not 0). */
  get active(): boolean {
    return this.collect !== undefined && this.everyBytes > 0;
  }

  /** Minor collections run so far (exported as a metric by whoever wants it; tests read it). */
  get collected(): number {
    return this.collections;
  }

  /** Counts `bytes` of chunks that were passed on and become garbage once written. */
  passed(bytes: number): void {
    if (!this.active) return;
    this.pending += bytes;
    if (this.pending < this.everyBytes) return;
    this.pending %= this.everyBytes; // one collection covers however many intervals a chunk crossed
    this.collections++;
    this.collect!({ type: 'minor', execution: 'sync' });
  }
}

/** `globalThis.gc` when node runs with `--expose-gc`. */
export function exposedGc(): CollectGarbage | undefined {
  const candidate = (globalThis as { gc?: unknown }).gc;
  return typeof candidate === 'function' ? (candidate as CollectGarbage) : undefined;
}

/** The process's reclaimer; createApp configures it from `CHUNK_RECLAIM_BYTES`. */
export const chunkReclaimer = new ChunkReclaimer();

/** A pass-through that reports every chunk to a reclaimer (default: the process's). */
export class ReclaimingPassThrough extends Transform {
  constructor(private readonly reclaimer: ChunkReclaimer = chunkReclaimer) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.reclaimer.passed(chunk.length);
    callback(null, chunk);
  }
}
