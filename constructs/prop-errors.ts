import type { IConstruct } from 'constructs';

/** One rejected prop: which prop, the value given, and what would have been accepted. */
export interface PropProblem {
  readonly prop: string;
  readonly value: unknown;
  readonly allowed: string;
}

/** Thrown at synth time when a construct's props are invalid; lists every problem at once. */
export class InvalidPropsError extends Error {
  public readonly problems: readonly PropProblem[];

  constructor(scope: IConstruct, problems: readonly PropProblem[]) {
    const lines = problems.map((p) => `  - ${p.prop}: got ${show(p.value)}; ${p.allowed}`);
    super(`[${scope.node.path}] invalid props:\n${lines.join('\n')}`);
    this.name = 'InvalidPropsError';
    this.problems = problems;
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return typeof value;
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Collects prop problems for one construct and throws them together. */
export class PropChecker {
  private readonly problems: PropProblem[] = [];

  constructor(private readonly scope: IConstruct) {}

  /** Records a problem unless `ok` holds. */
  public expect(ok: boolean, prop: string, value: unknown, allowed: string): this {
    if (!ok) this.problems.push({ prop, value, allowed });
    return this;
  }

  /** An integer within [min, max]. */
  public integer(prop: string, value: number, min: number, max: number): this {
    return this.expect(
      Number.isInteger(value) && value >= min && value <= max,
      prop,
      value,
      `expected an integer from ${min} to ${max}`,
    );
  }

  /** A DNS-1123 label (RFC 1123): what Kubernetes requires of Namespace, Service and most object names. */
  public dnsLabel(prop: string, value: string, maxLength = 63): this {
    return this.expect(
      typeof value === 'string' && value.length <= maxLength && DNS_LABEL.test(value),
      prop,
      value,
      `expected a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most ${maxLength} characters`,
    );
  }

  /** A non-empty string without whitespace (container images, hosts). */
  public token(prop: string, value: string): this {
    return this.expect(
      typeof value === 'string' && value.length > 0 && !/\s/.test(value),
      prop,
      value,
      'expected a non-empty string without whitespace',
    );
  }

  /** Throws an InvalidPropsError listing everything recorded so far. */
  public throwIfAny(): void {
    if (this.problems.length > 0) throw new InvalidPropsError(this.scope, this.problems);
  }
}
