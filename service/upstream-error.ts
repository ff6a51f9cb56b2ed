/**
 * Why a Dog API call failed. Each kind is a metric label and decides the status the visitor gets:
 * `timeout` → 504; `circuit_open`, `rate_limited`, `shutting_down` → 503; `not_found` (a breed's images) → 404; the rest
 * → 502 (`network`: the Dog API could not be reached; `missing_breed_list`: it answered 404 for its breed list, so
 * `DOG_API_URL` is probably wrong).
 */
export type UpstreamFailure =
  | 'timeout'
  | 'unavailable'
  | 'rate_limited'
  | 'network'
  | 'invalid_response'
  | 'too_large'
  | 'circuit_open'
  | 'not_found'
  | 'missing_breed_list'
  | 'client_error'
  | 'shutting_down';

/** A failed Dog API call, already classified; its message is for logs, never for visitors. */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(
    readonly kind: UpstreamFailure,
    message: string,
    /** Seconds the caller may suggest waiting (`Retry-After`), when known. */
    readonly retryAfterSeconds?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The HTTP status this failure becomes for the visitor. */
  get status(): number {
    switch (this.kind) {
      case 'timeout':
        return 504;
      case 'circuit_open':
      case 'rate_limited':
      case 'shutting_down':
        return 503;
      case 'not_found':
        return 404;
      default:
        return 502;
    }
  }

  /** Whether the failure says something about the Dog API's health, so the circuit breaker counts it. */
  get countsAgainstUpstream(): boolean {
    return !['not_found', 'client_error', 'circuit_open', 'shutting_down'].includes(this.kind);
  }
}
