/** One document's text in a YAML stream: from its `---` line (or the stream's start, or a `...` line's end) to the next. */
export interface DocumentChunk {
  /** Offset of the chunk's first character in the file's text. */
  readonly start: number;
  readonly end: number;
}

/**
 * A line starting with `---` or `...` followed by a space, a tab or the line's end. YAML forbids such a line
 * inside any scalar or collection, so it always marks a document's start or end.
 */
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/**
 * Splits a YAML stream at its document markers, so each document can be parsed on its own. Returns undefined
 * when the stream holds directives (`%YAML`, `%TAG`): they apply to the document after them, which a split
 * would cut them off from.
 */
export function splitDocuments(text: string): DocumentChunk[] | undefined {
  if (text.startsWith('%') || text.includes('\n%')) return undefined;
  const chunks: DocumentChunk[] = [];
  let start = 0;
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m !== null; m = MARKER.exec(text)) {
    if (m[0] === '---') {
      if (m.index > start) chunks.push({ start, end: m.index });
      start = m.index;
    } else {
      const eol = text.indexOf('\n', m.index);
      const end = eol < 0 ? text.length : eol + 1;
      chunks.push({ start, end });
      start = end;
      MARKER.lastIndex = end;
    }
  }
  if (start < text.length) chunks.push({ start, end: text.length });
  return chunks;
}

/** 1-based line numbers of offsets in a text, from a table of line starts built on first use. */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** The 1-based line of a 0-based offset. */
  public lineOf(offset: number): number {
    const starts = (this.starts ??= this.build());
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  private build(): number[] {
    const starts = [0];
    for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
}
