import { expect } from 'chai';
import { baseMesh, call, route, virtualService } from './support.js';

const VS = 'https://istio.io/latest/docs/reference/config/networking/virtual-service/';

/** A VirtualService sending `match` to v2 and everything else to v1. */
const matching = (match: Record<string, unknown>) => [...baseMesh(), virtualService([{ match: [match], route: [route('v2')] }, { route: [route('v1')] }])];

describe('explain: Istio StringMatch in VirtualService matches', () => {
  it(`matching is case-sensitive; ignoreUriCase folds the case of exact and prefix uri matches (${VS}#HTTPMatchRequest)`, () => {
    expect(call(matching({ uri: { exact: '/Img' } }), 'GET', '/img').versions).to.deep.equal(['v1']);
    expect(call(matching({ uri: { exact: '/Img' }, ignoreUriCase: true }), 'GET', '/img').versions).to.deep.equal(['v2']);
    expect(call(matching({ uri: { prefix: '/API' }, ignoreUriCase: true }), 'GET', '/api/x').versions).to.deep.equal(['v2']);
    expect(call(matching({ uri: { prefix: '/API' } }), 'GET', '/api/x').versions).to.deep.equal(['v1']);
    expect(call(matching({ headers: { 'x-canary': { exact: 'On' } } }), 'GET', '/', { headers: { 'x-canary': 'on' } }).versions, 'header values').to.deep.equal(['v1']);
    expect(call(matching({ headers: { 'x-canary': { prefix: 'On' } }, ignoreUriCase: true }), 'GET', '/', { headers: { 'x-canary': 'on' } }).versions, 'ignoreUriCase is for the uri only').to.deep.equal(['v1']);
    expect(call(matching({ headers: { 'x-canary': { exact: 'On' } } }), 'GET', '/', { headers: { 'x-canary': 'On' } }).versions).to.deep.equal(['v2']);
  });

  it(`ignoreUriCase does not apply to a regex uri match (${VS}#HTTPMatchRequest: "the case will be ignored only in the case of exact and prefix URI matches")`, () => {
    expect(call(matching({ uri: { regex: '/img/[a-z]+' }, ignoreUriCase: true }), 'GET', '/img/ABC').versions).to.deep.equal(['v1']);
    expect(call(matching({ uri: { regex: '/img/[a-z]+' }, ignoreUriCase: true }), 'GET', '/img/abc').versions).to.deep.equal(['v2']);
  });

  it('a regex on a header the request lacks does not match, even one that matches the empty string', () => {
    expect(call(matching({ headers: { 'x-id': { regex: '.*' } } }), 'GET', '/').versions).to.deep.equal(['v1']);
    expect(call(matching({ headers: { 'x-id': { regex: '.*' } } }), 'GET', '/', { headers: { 'x-id': '' } }).versions).to.deep.equal(['v2']);
  });

  it(`RE2 syntax JavaScript shares runs (groups, classes, Unicode properties); lookaround and backreferences, which RE2 lacks, are unknown (${VS}#StringMatch)`, () => {
    expect(call(matching({ uri: { regex: '/(?:img|pic)/\\d+' } }), 'GET', '/pic/42').versions).to.deep.equal(['v2']);
    expect(call(matching({ uri: { regex: '/(?:img|pic)/\\d+' } }), 'GET', '/pic/4x').versions).to.deep.equal(['v1']);
    expect(call(matching({ headers: { 'x-team': { regex: '\\p{Lu}+' } } }), 'GET', '/', { headers: { 'x-team': 'ÉQUIPE' } }).versions, 'Unicode classes').to.deep.equal(['v2']);
    for (const regex of ['/img(?=/)', '/img(?!x).*', '/(?<=i)mg', '/(a)\\1']) {
      const r = call(matching({ uri: { regex } }), 'GET', '/img/');
      expect(r.verdict, regex).to.equal('unknown');
      expect(r.unknowns.join('\n'), regex).to.match(/not modelled/);
    }
  });
});
