import type { IConstruct } from 'constructs';
import { durationProblem } from './validation/durations.js';
import { DNS_SUBDOMAIN, isDnsLabel, isDnsSubdomain, isLabelValue, QUALIFIED_NAME } from './validation/names.js';

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
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return typeof value;
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** RFC 9110 token characters, lowercase only: Istio matches header names in lowercase. */
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
/** The Docker reference grammar: [registry[:port]/]path[:tag][@digest]. */
const IMAGE =
  /^(?:[a-zA-Z0-9]+(?:[.-][a-zA-Z0-9]+)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/;

/** Ports Istio reserves for its proxies and agent (15000 admin … 15090 Envoy Prometheus). */
export const ISTIO_RESERVED_PORTS = { from: 15000, to: 15090 } as const;
/** The uid (and gid) of Istio's sidecar proxy: traffic from it bypasses interception. */
export const ISTIO_PROXY_UID = 1337;

/** Options of a {@link PropChecker}. */
export interface PropCheckerOptions {
  /**
   * Maps the prop names the checks use to the names the construct's user wrote, for a construct whose
   * props are translated into another's (DogAppMesh's `egress.apiHost` is MeshService's `egress.hosts[0].host`).
   * @default - names are reported as checked
   */
  readonly rename?: (prop: string) => string;
}

/** Collects prop problems for one construct and throws them together. */
export class PropChecker {
  private readonly found: PropProblem[] = [];

  constructor(
    private readonly scope: IConstruct,
    private readonly options: PropCheckerOptions = {},
  ) {}

  /** The problems recorded so far, in the order they were found. */
  public get problems(): readonly PropProblem[] {
    return this.found;
  }

  /** Records a problem unless `ok` holds. */
  public expect(ok: boolean, prop: string, value: unknown, allowed: string): this {
    if (!ok) this.found.push({ prop: this.options.rename ? this.options.rename(prop) : prop, value, allowed });
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
      isDnsLabel(value, maxLength),
      prop,
      value,
      `expected a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most ${maxLength} characters`,
    );
  }

  /** A Kubernetes object name that is a DNS-1123 subdomain (Secrets, ConfigMaps, most custom resources). */
  public objectName(prop: string, value: string): this {
    return this.expect(
      isDnsSubdomain(value),
      prop,
      value,
      "expected a Kubernetes object name: lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit, at most 253 characters",
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

  /** A number (not necessarily an integer) within [min, max]. */
  public number(prop: string, value: number, min: number, max: number): this {
    return this.expect(
      typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max,
      prop,
      value,
      `expected a number from ${min} to ${max}`,
    );
  }

  /** One of a fixed set of values. */
  public oneOf<T>(prop: string, value: T, allowed: readonly T[]): this {
    return this.expect(allowed.includes(value), prop, value, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }

  /** A list without repeated values. */
  public unique(prop: string, values: readonly unknown[]): this {
    const seen = new Set<unknown>();
    const repeated = values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
    return this.expect(repeated.length === 0, prop, values, `expected unique values; repeated: ${repeated.map((v) => JSON.stringify(v)).join(', ')}`);
  }

  /** A DNS-1123 subdomain (host names, Secret names); `wildcard` also accepts `*` and `*.example.com`. */
  public hostname(prop: string, value: string, wildcard = false): this {
    const host = wildcard && typeof value === 'string' ? value.replace(/^\*(\.|$)/, 'x$1') : value;
    return this.expect(
      isDnsSubdomain(host),
      prop,
      value,
      `expected a DNS name: lowercase letters, digits, '-' and '.', at most 253 characters${wildcard ? ", or '*' / '*.<domain>'" : ''}`,
    );
  }

  /**
   * A TCP port a workload may use: 1..65535 and outside the range Istio reserves for its proxy
   * (15000-15090: 15000 admin, 15001 outbound, 15006 inbound, 15008 HBONE, 15020 merged metrics,
   * 15021 health, 15053 DNS, 15090 Envoy metrics).
   */
  public port(prop: string, value: number): this {
    const { from, to } = ISTIO_RESERVED_PORTS;
    return this.expect(
      Number.isInteger(value) && value >= 1 && value <= 65535 && !(value >= from && value <= to),
      prop,
      value,
      `expected an integer port from 1 to 65535, outside ${from}-${to} which Istio reserves for its proxy`,
    );
  }

  /** A Go duration (or cdk8s Duration) of whole milliseconds, at least `minMs`. */
  public duration(prop: string, value: unknown, minMs = 1): this {
    const problem = durationProblem(value, minMs);
    return this.expect(problem === undefined, prop, value, problem ?? '');
  }

  /** An HTTP header name as Istio and the Gateway API match it: a lowercase RFC 9110 token. */
  public headerName(prop: string, value: string): this {
    return this.expect(
      typeof value === 'string' && value.length <= 256 && HEADER_NAME.test(value),
      prop,
      value,
      "expected a lowercase HTTP header name (letters, digits and !#$%&'*+-.^_`|~), at most 256 characters",
    );
  }

  /** A header value: printable, no control characters, at most 4096 characters. */
  public headerValue(prop: string, value: string): this {
    return this.expect(
      typeof value === 'string' && value.length > 0 && value.length <= 4096 && !/\p{Cc}/u.test(value),
      prop,
      value,
      'expected a non-empty header value without control characters, at most 4096 characters',
    );
  }

  /** A container image reference pinned to a tag other than `latest`, or to a digest. */
  public image(prop: string, value: string): this {
    const match = typeof value === 'string' && value.length <= 4096 ? IMAGE.exec(value) : null;
    const [, tag, digest] = match ?? [];
    return this.expect(
      match !== null && (digest !== undefined || (tag !== undefined && tag !== 'latest')),
      prop,
      value,
      'expected an image reference such as "registry.example.com/dog-app-mesh:0.1.0", pinned to a tag other than "latest" or to an @sha256 digest',
    );
  }

  /** Kubernetes labels: qualified names (`[prefix/]name`) and values of at most 63 characters. */
  public labels(prop: string, value: Readonly<Record<string, string>>): this {
    for (const [key, v] of Object.entries(value ?? {})) {
      const slash = key.lastIndexOf('/');
      const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
      const name = key.slice(slash + 1);
      const keyOk = name.length <= 63 && QUALIFIED_NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)));
      this.expect(keyOk, `${prop}[${JSON.stringify(key)}]`, key, 'expected a label key: [prefix/]name, name up to 63 alphanumerics, -, _ or .');
      this.expect(isLabelValue(v), `${prop}[${JSON.stringify(key)}]`, v, 'expected a label value: up to 63 alphanumerics, -, _ or ., starting and ending alphanumeric');
    }
    return this;
  }

  /** Whether a problem has been recorded for `prop` or any of its sub-props. */
  public hasProblem(prop: string): boolean {
    const name = this.options.rename ? this.options.rename(prop) : prop;
    return this.found.some((p) => p.prop === name || p.prop.startsWith(`${name}.`) || p.prop.startsWith(`${name}[`));
  }

  /** Throws an InvalidPropsError listing everything recorded so far. */
  public throwIfAny(): void {
    if (this.found.length > 0) throw new InvalidPropsError(this.scope, this.found);
  }
}
