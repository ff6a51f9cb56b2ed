/** Thrown for bad arguments; `dog-loadgen` prints the message and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
