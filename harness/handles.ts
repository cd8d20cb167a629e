/** Parent-side handles. A buffer lives in one worker generation; a module is reloaded into each new worker. */
export interface BufferHandle {
  readonly kind: 'buffer';
  readonly id: number;
  readonly bytes: number;
  /** The worker generation that holds the memory; a killed worker's buffers are gone. */
  readonly generation: number;
}

export interface ModuleHandle {
  readonly kind: 'module';
  readonly id: number;
  readonly name: string;
  /** Cache key of the compiled binary (sha256). */
  readonly key: string;
}
