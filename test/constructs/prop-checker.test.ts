import { expect } from 'chai';
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { InvalidPropsError, PropChecker, type PropCheckerOptions } from '../../constructs/index.js';

// PropChecker as a construct author uses it: each check with the values at its bounds, and the whole message a
// user reads for a value it refuses (construct path, prop, the value as given, what is allowed).

/** A checker for a construct at `chart/thing`. */
function checker(options?: PropCheckerOptions): PropChecker {
  return new PropChecker(new Construct(new Chart(Testing.app(), 'chart'), 'thing'), options);
}

/** The message `throwIfAny` throws after `check`, or undefined when it throws nothing. */
function messageOf(check: (c: PropChecker) => unknown): string | undefined {
  const c = checker();
  check(c);
  try {
    c.throwIfAny();
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidPropsError);
    return (err as Error).message;
  }
  return undefined;
}

/** The one-problem message for `line`. */
const refusal = (line: string) => `[chart/thing] invalid props:\n  - ${line}`;
const bad = <T>(value: unknown) => value as T;

const OBJECT_NAME =
  "expected a Kubernetes object name: lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit, at most 253 characters";
const TOKEN = 'expected a non-empty string without whitespace';
const PORT = 'expected an integer port from 1 to 65535, outside 15000-15090 which Istio reserves for its proxy';
const DNS_NAME = "expected a DNS name: lowercase letters, digits, '-' and '.', at most 253 characters";
const WILDCARD_NAME = `${DNS_NAME}, or '*' / '*.<domain>'`;
const HEADER_NAME = "expected a lowercase HTTP header name (letters, digits and !#$%&'*+-.^_`|~), at most 256 characters";
const HEADER_VALUE = 'expected a non-empty header value without control characters, at most 4096 characters';
const IMAGE = 'expected an image reference such as "registry.example.com/dog-app-mesh:0.1.0", pinned to a tag other than "latest" or to an @sha256 digest';
const LABEL_KEY = 'expected a label key: [prefix/]name, name up to 63 alphanumerics, -, _ or .';
const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('PropChecker: what each check accepts and the message it gives', () => {
  it('throws an InvalidPropsError named so, listing every problem under the construct path', () => {
    const c = checker().integer('replicas', 0, 1, 10).token('image', 'a b');
    let thrown: unknown;
    try {
      c.throwIfAny();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).to.be.instanceOf(InvalidPropsError);
    const err = thrown as InvalidPropsError;
    expect(err.name).to.equal('InvalidPropsError');
    expect(String(err)).to.equal(
      `InvalidPropsError: [chart/thing] invalid props:\n  - replicas: got 0; expected an integer from 1 to 10\n  - image: got "a b"; ${TOKEN}`,
    );
    expect(err.problems).to.deep.equal([
      { prop: 'replicas', value: 0, allowed: 'expected an integer from 1 to 10' },
      { prop: 'image', value: 'a b', allowed: TOKEN },
    ]);
  });

  it('object names: a DNS subdomain, with what is allowed', () => {
    expect(messageOf((c) => c.objectName('adminSecret.name', 'grafana.admin'))).to.equal(undefined);
    expect(messageOf((c) => c.objectName('adminSecret.name', 'Grafana_Admin'))).to.equal(refusal(`adminSecret.name: got "Grafana_Admin"; ${OBJECT_NAME}`));
  });

  it('tokens: strings only, so a list is refused rather than read as its text', () => {
    expect(messageOf((c) => c.token('image', 'nginx:1.27'))).to.equal(undefined);
    expect(messageOf((c) => c.token('image', bad<string>(['nginx:1.27'])))).to.equal(refusal(`image: got ["nginx:1.27"]; ${TOKEN}`));
    expect(messageOf((c) => c.token('image', bad<string>(null)))).to.equal(refusal(`image: got null; ${TOKEN}`));
  });

  it('numbers: finite numbers within both bounds; numeric text and infinities are refused', () => {
    expect(messageOf((c) => c.number('rate', 0, 0, 100))).to.equal(undefined);
    expect(messageOf((c) => c.number('rate', 100, 0, 100))).to.equal(undefined);
    expect(messageOf((c) => c.number('rate', 12.5, 0, 100))).to.equal(undefined);
    expect(messageOf((c) => c.number('rate', bad<number>('50'), 0, 100))).to.equal(refusal('rate: got "50"; expected a number from 0 to 100'));
    expect(messageOf((c) => c.number('min', Number.POSITIVE_INFINITY, 0, Number.POSITIVE_INFINITY))).to.equal(
      refusal('min: got Infinity; expected a number from 0 to Infinity'),
    );
  });

  it('unique: names every repeated value', () => {
    expect(messageOf((c) => c.unique('env', ['A', 'B']))).to.equal(undefined);
    expect(messageOf((c) => c.unique('env', ['A', 'B', 'A', 'C', 'B']))).to.equal(
      refusal('env: got ["A","B","A","C","B"]; expected unique values; repeated: "A", "B"'),
    );
  });

  it("host names with wildcards: '*' and '*.<domain>' only as the first label", () => {
    expect(messageOf((c) => c.hostname('hosts[0]', '*', true))).to.equal(undefined);
    expect(messageOf((c) => c.hostname('hosts[0]', '*.example.com', true))).to.equal(undefined);
    expect(messageOf((c) => c.hostname('hosts[0]', 'a*.example.com', true))).to.equal(refusal(`hosts[0]: got "a*.example.com"; ${WILDCARD_NAME}`));
    expect(messageOf((c) => c.hostname('hosts[0]', 'www.*.example.com', true))).to.equal(refusal(`hosts[0]: got "www.*.example.com"; ${WILDCARD_NAME}`));
    expect(messageOf((c) => c.hostname('hosts[0]', bad<string>(8080), true))).to.equal(refusal(`hosts[0]: got 8080; ${WILDCARD_NAME}`));
    expect(messageOf((c) => c.hostname('host', '*.example.com'))).to.equal(refusal(`host: got "*.example.com"; ${DNS_NAME}`));
  });

  it('ports: 1 to 65535 without the range Istio reserves', () => {
    for (const ok of [1, 65535, 14999, 15091, 20000]) expect(messageOf((c) => c.port('port', ok)), String(ok)).to.equal(undefined);
    for (const no of [0, 65536, 15000, 15090, 8080.5]) expect(messageOf((c) => c.port('port', no)), String(no)).to.equal(refusal(`port: got ${no}; ${PORT}`));
  });

  it('header names: lowercase tokens of at most 256 characters, strings only', () => {
    expect(messageOf((c) => c.headerName('header', 'x'.repeat(256)))).to.equal(undefined);
    const long = 'x'.repeat(257);
    expect(messageOf((c) => c.headerName('header', long))).to.equal(refusal(`header: got "${long}"; ${HEADER_NAME}`));
    expect(messageOf((c) => c.headerName('header', bad<string>(['x-user'])))).to.equal(refusal(`header: got ["x-user"]; ${HEADER_NAME}`));
  });

  it('header values: 1 to 4096 characters without control characters, strings only', () => {
    expect(messageOf((c) => c.headerValue('value', 'v'.repeat(4096)))).to.equal(undefined);
    const long = 'v'.repeat(4097);
    expect(messageOf((c) => c.headerValue('value', long))).to.equal(refusal(`value: got "${long}"; ${HEADER_VALUE}`));
    expect(messageOf((c) => c.headerValue('value', bad<string>(['canary'])))).to.equal(refusal(`value: got ["canary"]; ${HEADER_VALUE}`));
  });

  it('images: a pinned tag or a digest, at most 4096 characters, strings only', () => {
    expect(messageOf((c) => c.image('image', `registry.example.com/dog-app-mesh@${DIGEST}`)), 'a digest alone').to.equal(undefined);
    expect(messageOf((c) => c.image('image', `dog-app-mesh:latest@${DIGEST}`)), 'latest pinned by a digest').to.equal(undefined);
    const longest = `${'a'.repeat(4094)}:1`;
    expect(longest).to.have.length(4096);
    expect(messageOf((c) => c.image('image', longest))).to.equal(undefined);
    const tooLong = `${'a'.repeat(4095)}:1`;
    expect(messageOf((c) => c.image('image', tooLong))).to.equal(refusal(`image: got "${tooLong}"; ${IMAGE}`));
    expect(messageOf((c) => c.image('image', bad<string>(['nginx:1.27'])))).to.equal(refusal(`image: got ["nginx:1.27"]; ${IMAGE}`));
  });

  it('label keys: the prefix before the last slash a DNS subdomain, the name up to 63 characters', () => {
    const prefix253 = `${`${'p'.repeat(63)}.`.repeat(3)}${'p'.repeat(61)}`;
    expect(prefix253).to.have.length(253);
    const good = { my_key: 'a', App: 'b', [`${'n'.repeat(63)}`]: 'c', [`${prefix253}/n`]: 'd', 'example.com/Name_1': 'e' };
    expect(messageOf((c) => c.labels('labels', good))).to.equal(undefined);
    const keyLine = (key: string) => `labels[${JSON.stringify(key)}]: got ${JSON.stringify(key)}; ${LABEL_KEY}`;
    for (const key of ['/name', 'Example.com/name', 'bad_prefix/name', `p${prefix253}/n`, 'n'.repeat(64)]) {
      expect(messageOf((c) => c.labels('labels', { [key]: 'v' })), key).to.equal(refusal(keyLine(key)));
    }
  });

  it('hasProblem: the prop itself and its sub-props (after a dot or a bracket), under the user-facing name', () => {
    const c = checker();
    expect(c.hasProblem('retries')).to.equal(false);
    c.integer('timeoutMs', -1, 0, 10);
    expect(c.hasProblem('timeoutMs')).to.equal(true);
    expect(c.hasProblem('retries'), 'a problem of another prop').to.equal(false);
    expect(c.hasProblem('timeout'), 'a prop whose name starts the same').to.equal(false);
    c.integer('hosts[1].port', 0, 1, 10).integer('retries.attempts', -1, 0, 10);
    expect(c.hasProblem('hosts')).to.equal(true);
    expect(c.hasProblem('retries')).to.equal(true);
    expect(c.hasProblem('hosts[1]')).to.equal(true);
    expect(c.hasProblem('ports')).to.equal(false);

    const renamed = checker({ rename: (p) => `egress.${p}` }).integer('port', 0, 1, 10);
    expect(renamed.problems.map((p) => p.prop)).to.deep.equal(['egress.port']);
    expect(renamed.hasProblem('port')).to.equal(true);
    expect(renamed.hasProblem('egress.port'), 'names are checked as the checks give them').to.equal(false);
  });
});
