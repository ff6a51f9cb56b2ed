import { expect } from 'chai';
import { findingsOf } from './check-findings.js';

// IST0130 VirtualServiceUnreachableRule and IST0131 VirtualServiceIneffectiveMatch: the order of a
// VirtualService's rules, as Istio's validation analyzes it.

/** A VirtualService `api` in namespace shop with the given `http:` (or tcp/tls) rules, written as YAML. */
function vs(rules: string, section = 'http'): string {
  return `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: api, namespace: shop }
spec:
  hosts: [api]
  ${section}:
${rules.trim().replace(/^/gm, '    ')}
`;
}

const ROUTE = 'route: [{ destination: { host: api } }]';

describe('IST0130 VirtualServiceUnreachableRule', () => {
  it('a second rule without matches: only the last rule can have none', () => {
    expect(findingsOf('IST0130', vs(`- name: first\n  ${ROUTE}\n- ${ROUTE}`))).to.deep.equal([
      {
        severity: 'Warning',
        object: 'VirtualService shop/api',
        message:
          'VirtualService rule #1 not used (only the last rule can have no matches): a rule without matches takes every request, so nothing after it runs: keep a single catch-all rule and make it the last one.',
        field: 'spec.http[1]',
      },
    ]);
  });

  it('a rule after the catch-all', () => {
    expect(findingsOf('IST0130', vs(`- ${ROUTE}\n- name: admin\n  match: [{ uri: { prefix: /admin } }]\n  ${ROUTE}`))).to.deep.equal([
      {
        severity: 'Warning',
        object: 'VirtualService shop/api',
        message: 'VirtualService rule "admin" not used (route without matches defined before): a rule without matches comes before it and takes every request: move that catch-all rule to the end.',
        field: 'spec.http[1]',
      },
    ]);
  });

  it('a rule whose every match repeats an earlier rule\'s, whatever the matches are named', () => {
    const rules = `
- match: [{ name: a, uri: { exact: /a } }, { uri: { exact: /b } }]
  ${ROUTE}
- match: [{ uri: { exact: /b } }, { name: again, uri: { exact: /a } }]
  ${ROUTE}`;
    expect(findingsOf('IST0130', vs(rules))).to.deep.equal([
      {
        severity: 'Warning',
        object: 'VirtualService shop/api',
        message: "VirtualService rule #1 not used (all matches used by prior rules): every one of its matches repeats an earlier rule's: change its matches or remove it.",
        field: 'spec.http[1]',
      },
    ]);
  });

  it('names tcp and tls rules by index', () => {
    const tcp = `- route: [{ destination: { host: api } }]\n- match: [{ port: 5432 }]\n  route: [{ destination: { host: api } }]`;
    expect(findingsOf('IST0130', vs(tcp, 'tcp')).map((f) => [f.message.slice(0, 35), f.field])).to.deep.equal([['VirtualService rule #1 not used (ro', 'spec.tcp[1]']]);
    const tls = `- match: [{ sniHosts: [api] }]\n  route: [{ destination: { host: api } }]\n- match: [{ sniHosts: [api] }]\n  route: [{ destination: { host: api } }]`;
    expect(findingsOf('IST0130', vs(tls, 'tls')).map((f) => [f.message.slice(0, 35), f.field])).to.deep.equal([['VirtualService rule #1 not used (al', 'spec.tls[1]']]);
    expect(findingsOf('IST0131', vs(tls, 'tls'))).to.deep.equal([
      {
        severity: 'Info',
        object: 'VirtualService shop/api',
        message: 'VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0). Remove the match, or order the rules so the more specific one comes first.',
        field: 'spec.tls[1].match[0]',
      },
    ]);
  });

  it('a match with an empty or non-string name goes by its index; tcp and tls rules by theirs, whatever their name', () => {
    const rules = `
- match: [{ uri: { exact: /a } }]
  ${ROUTE}
- match: [{ uri: { exact: /b } }, { name: "", uri: { exact: /a } }, { name: 7, uri: { exact: /a } }]
  ${ROUTE}`;
    expect(findingsOf('IST0131', vs(rules)).map((f) => f.message.slice(0, 36))).to.deep.equal(['VirtualService rule #1 match #1 is n', 'VirtualService rule #1 match #2 is n']);
    const tls = `- name: first\n  match: [{ sniHosts: [api] }]\n  route: [{ destination: { host: api } }]\n- name: second\n  match: [{ sniHosts: [api] }]\n  route: [{ destination: { host: api } }]`;
    expect(findingsOf('IST0131', vs(tls, 'tls')).map((f) => f.message.slice(0, 100))).to.deep.equal([
      'VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0). Remove the mat',
    ]);
    expect(findingsOf('IST0130', vs(tls, 'tls')).map((f) => f.message.slice(0, 25))).to.deep.equal(['VirtualService rule #1 no']);
  });

  it('clean twin: distinct matches, then one catch-all at the end', () => {
    const rules = `
- match: [{ uri: { exact: /a } }]
  ${ROUTE}
- match: [{ uri: { exact: /b } }, { uri: { exact: /a }, method: { exact: POST } }]
  ${ROUTE}
- ${ROUTE}`;
    expect(findingsOf('IST0130', vs(rules))).to.deep.equal([]);
    expect(findingsOf('IST0131', vs(rules))).to.deep.equal([]);
  });
});

/** Two rules, "wide" then "narrow", each with one match. */
function twoRules(wide: string, narrow: string): string {
  return vs(`
- name: wide
  match: [${wide}]
  ${ROUTE}
- name: narrow
  match: [${narrow}]
  ${ROUTE}
- ${ROUTE}`);
}

const covered = (wide: string, narrow: string) => findingsOf('IST0131', twoRules(wide, narrow));

describe('IST0131 VirtualServiceIneffectiveMatch', () => {
  it('a match repeated from an earlier rule, by its quoted name', () => {
    const rules = `
- name: admin
  match: [{ uri: { prefix: /admin } }]
  ${ROUTE}
- name: beta
  match: [{ uri: { prefix: /beta } }, { name: old-admin, uri: { prefix: /admin } }]
  ${ROUTE}`;
    expect(findingsOf('IST0131', vs(rules))).to.deep.equal([
      {
        severity: 'Info',
        object: 'VirtualService shop/api',
        message: 'VirtualService rule "beta" match "old-admin" is not used (duplicate/overlapping match in rule "admin"). Remove the match, or order the rules so the more specific one comes first.',
        field: 'spec.http[1].match[1]',
      },
    ]);
  });

  it('a longer prefix after a shorter one that takes all its requests', () => {
    expect(covered('{ uri: { prefix: /api } }', '{ uri: { prefix: /api/v1 } }')).to.deep.equal([
      {
        severity: 'Info',
        object: 'VirtualService shop/api',
        message:
          'VirtualService rule "narrow" match #0 of prefix /api/v1 is not used (duplicate/overlapping match in rule #0 of prefix /api on "wide"). Remove the match, or order the rules so the more specific one comes first.',
        field: 'spec.http[1].match[0]',
      },
    ]);
  });

  it('the other order, other prefixes and non-prefix matches are not covered', () => {
    expect(covered('{ uri: { prefix: /api/v1 } }', '{ uri: { prefix: /api } }')).to.deep.equal([]);
    expect(covered('{ uri: { prefix: /api } }', '{ uri: { prefix: /web/api } }')).to.deep.equal([]);
    expect(covered('{ uri: { exact: /api } }', '{ uri: { prefix: /api/v1 } }')).to.deep.equal([]);
    expect(covered('{ uri: { regex: "/api.*" } }', '{ uri: { prefix: /api/v1 } }')).to.deep.equal([]);
  });

  it('the same prefix with other conditions is left to the duplicate check', () => {
    expect(covered('{ uri: { prefix: /api }, headers: { x: { exact: "1" } } }', '{ uri: { prefix: /api } }')).to.deep.equal([]);
    expect(covered('{ uri: { prefix: /api }, sourceLabels: { app: a } }', '{ uri: { prefix: /api } }')).to.deep.equal([]);
  });

  it('a port, method or authority the earlier match does not share keeps the later one in use', () => {
    expect(covered('{ uri: { prefix: /api }, port: 8080 }', '{ uri: { prefix: /api/v1 } }')).to.deep.equal([]);
    expect(covered('{ uri: { prefix: /api }, port: 8080 }', '{ uri: { prefix: /api/v1 }, port: 8080 }')).to.have.lengthOf(1);
    expect(covered('{ uri: { prefix: /api }, method: { exact: POST } }', '{ uri: { prefix: /api/v1 } }')).to.deep.equal([]);
    expect(covered('{ uri: { prefix: /api }, method: { exact: GET } }', '{ uri: { prefix: /api/v1 } }'), 'GET is the default method').to.have.lengthOf(1);
    expect(covered('{ uri: { prefix: /api }, method: { prefix: PO } }', '{ uri: { prefix: /api/v1 }, method: { prefix: P } }')).to.have.lengthOf(1);
    expect(covered('{ uri: { prefix: /api }, authority: { exact: a.example.com } }', '{ uri: { prefix: /api/v1 }, authority: { exact: b.example.com } }')).to.deep.equal([]);
    expect(covered('{ uri: { prefix: /api } }', '{ uri: { prefix: /api/v1 }, authority: { exact: b.example.com } }')).to.deep.equal([]);
    expect(covered('{ uri: { prefix: /api }, authority: { prefix: b.ex } }', '{ uri: { prefix: /api/v1 }, authority: { prefix: b } }')).to.have.lengthOf(1);
  });

  for (const key of ['headers', 'queryParams', 'withoutHeaders']) {
    it(`${key}: covered only when the earlier match has the same names with the same or longer values`, () => {
      const m = (prefix: string, entries: string) => `{ uri: { prefix: ${prefix} }, ${key}: { ${entries} } }`;
      expect(covered(m('/api', 'x: { exact: "1" }'), m('/api/v1', 'x: { exact: "1" }'))).to.have.lengthOf(1);
      expect(covered(m('/api', 'x: { prefix: ab }'), m('/api/v1', 'x: { prefix: a }'))).to.have.lengthOf(1);
      expect(covered(m('/api', 'x: { exact: "1" }'), m('/api/v1', 'x: { exact: "2" }'))).to.deep.equal([]);
      expect(covered(m('/api', 'x: { prefix: a }'), m('/api/v1', 'x: { prefix: ab }'))).to.deep.equal([]);
      expect(covered(m('/api', 'x: { exact: "1" }'), m('/api/v1', 'y: { exact: "1" }'))).to.deep.equal([]);
      expect(covered(m('/api', 'x: { exact: "1" }'), '{ uri: { prefix: /api/v1 } }')).to.deep.equal([]);
      expect(covered('{ uri: { prefix: /api } }', m('/api/v1', 'x: { exact: "1" }'))).to.deep.equal([]);
      expect(covered(m('/api', 'x: { exact: "1" }, y: { exact: "2" }'), m('/api/v1', 'x: { exact: "1" }, y: { exact: "3" }'))).to.deep.equal([]);
      expect(covered(m('/api', 'x: { regex: "a.*" }'), m('/api/v1', 'x: { regex: "a.*" }')), 'a regex compares as no value').to.have.lengthOf(1);
    });
  }

  it('compares exact and prefix values in their own form', () => {
    const m = (prefix: string, v: string) => `{ uri: { prefix: ${prefix} }, headers: { x: ${v} } }`;
    expect(covered(m('/api', '{ exact: ab }'), m('/api/v1', '{ prefix: ab }'))).to.deep.equal([]);
    expect(covered(m('/api', '{ prefix: ab }'), m('/api/v1', '{ exact: ab }'))).to.deep.equal([]);
  });
});
