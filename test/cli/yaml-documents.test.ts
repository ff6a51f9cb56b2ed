import { expect } from 'chai';
import fc from 'fast-check';
import { LineIndex, splitDocuments } from '../../cli/yaml-documents.js';

const texts = (text: string): string[] | undefined => splitDocuments(text)?.map((c) => text.slice(c.start, c.end));

describe('a YAML stream split into documents, and lines of offsets', () => {
  it('cuts at each --- line, keeping the marker with the document it starts', () => {
    expect(texts('a: 1\n---\nb: 2\n--- \nc: 3\n---\t# x\nd: 4')).to.deep.equal(['a: 1\n', '---\nb: 2\n', '--- \nc: 3\n', '---\t# x\nd: 4']);
    expect(texts('---\na: 1\n---\n')).to.deep.equal(['---\na: 1\n', '---\n']);
    expect(texts('---\r\na: 1\r\n---\r\nb: 2\r\n')).to.deep.equal(['---\r\na: 1\r\n', '---\r\nb: 2\r\n']);
    expect(texts('---')).to.deep.equal(['---']);
  });

  it('ends a document at a ... line, after its line end', () => {
    expect(texts('a: 1\n...\nb: 2\n...\n')).to.deep.equal(['a: 1\n...\n', 'b: 2\n...\n']);
    expect(texts('a: 1\n... # end\n---\nb: 2\n...')).to.deep.equal(['a: 1\n... # end\n', '---\nb: 2\n...']);
    expect(texts('...\n...\n')).to.deep.equal(['...\n', '...\n']);
  });

  it('does not cut at ---x, ----, indented markers or markers inside a line', () => {
    expect(texts('a: |\n  ---\n---x: 1\n----\nb: "--- x"\nc: ...\n...x: 2\n')).to.deep.equal(['a: |\n  ---\n---x: 1\n----\nb: "--- x"\nc: ...\n...x: 2\n']);
  });

  it('gives no chunk for an empty text, and none for the text before the first marker when there is none', () => {
    expect(texts('')).to.deep.equal([]);
    expect(texts('---\n')).to.deep.equal(['---\n']);
  });

  it('gives up on directives, at the start or after a line end', () => {
    expect(splitDocuments('%YAML 1.1\n---\na: 1\n')).to.equal(undefined);
    expect(splitDocuments('a: 1\n...\n%TAG !e! tag:e.com,2000:\n---\nb: 2\n')).to.equal(undefined);
    expect(texts('a: "50%"\nb: 100%\n')).to.deep.equal(['a: "50%"\nb: 100%\n']);
  });

  it('covers the whole text, in order, for any mix of lines', () => {
    const line = fc.constantFrom('---', '--- x', '...', '... # c', 'a: 1', '  ---', '----', '', '#');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.boolean(), (lines, trailing) => {
        const text = lines.join('\n') + (trailing ? '\n' : '');
        const chunks = splitDocuments(text)!;
        let at = 0;
        for (const c of chunks) {
          expect(c.start).to.equal(at);
          expect(c.end).to.be.greaterThan(c.start);
          at = c.end;
        }
        expect(at).to.equal(text.length);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the 1-based line of every offset, line ends included, and the last line past the end', () => {
    const text = 'ab\n\ncd\r\nef';
    const index = new LineIndex(text);
    expect([...text].map((_, i) => index.lineOf(i))).to.deep.equal([1, 1, 1, 2, 3, 3, 3, 3, 4, 4]);
    expect(index.lineOf(text.length)).to.equal(4);
    expect(new LineIndex('').lineOf(0)).to.equal(1);
    expect(new LineIndex('\n\n\n').lineOf(3)).to.equal(4);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', 'b'), maxLength: 40 }), (s) => {
        const lines = new LineIndex(s);
        for (let i = 0; i <= s.length; i++) expect(lines.lineOf(i)).to.equal(s.slice(0, i).split('\n').length);
      }),
      { numRuns: 300 },
    );
  });
});
