import { expect } from 'chai';
import { parseFile, type Loaded } from '../../cli/yaml-loader.js';

function problemsOf(text: string): { objects: unknown[]; problems: string[] } {
  const loaded: Loaded = { objects: [], sources: new Map(), files: 0 };
  const problems: string[] = [];
  parseFile(text, 'f.yaml', loaded, problems);
  return { objects: loaded.objects, problems };
}

const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n';
/** Each level doubles ten times: 10^4 copies of `v` from 43 aliases. */
const laughs = `${head}v: &v [a, b]\na: &a [*v, *v, *v, *v, *v, *v, *v, *v, *v, *v]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\ndata: { d: [*c, *c] }\n`;

describe('reading YAML for analyze: documents that expand too many aliases', () => {
  it("reports a document expanding more than 1000 aliases as malformed, with its line, instead of throwing; the file's other documents are read", () => {
    const text = `${head}---\n${laughs}`;
    const { objects, problems } = problemsOf(text);
    expect(problems).to.deep.equal(['f.yaml:5:1: Excessive alias count indicates a resource exhaustion attack']);
    expect(objects).to.have.length(1);
  });

  it('reports it among the other malformed documents of the file', () => {
    const refs = Array.from({ length: 1200 }, (_, i) => `  k${i}: *v`).join('\n');
    const { problems } = problemsOf(`${head}v: &v shared\ndata:\n${refs}\n---\n${head}a: [\n`);
    expect(problems).to.deep.equal(['f.yaml:1:1: Excessive alias count indicates a resource exhaustion attack', 'f.yaml:1211:1: Flow sequence in block collection must be sufficiently indented and end with a ]']);
  });

  it('reports a document with a syntax error by that error alone, however many aliases it holds', () => {
    expect(problemsOf(`${laughs}kind: Secret\n`).problems).to.deep.equal(['f.yaml:9:1: Map keys must be unique']);
  });
});
