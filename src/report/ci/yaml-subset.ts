/**
 * A small YAML reader for the structural CI-workflow test (no YAML dependency in the project): block mappings,
 * block sequences (including "- key: value" items), flow sequences of scalars, quoted scalars, literal/folded
 * block scalars and comments. Scalars stay strings. Anything outside this subset (tabs, anchors, flow mappings,
 * inconsistent indentation) is rejected with the line number rather than misread.
 */

export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  /** Index into the raw lines (0-based). */
  readonly no: number;
  readonly indent: number;
  /** Content with the indentation and any trailing comment removed. */
  readonly text: string;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s"'#\-?:,[\]{}&*!|>][^:]*?|-[^\s:][^:]*?)\s*:(?:\s+(.*))?$/;

/** Removes a trailing comment (" #…") outside quotes. */
function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ')) {
      return text.slice(0, i).trimEnd();
    }
  }
  return text.trimEnd();
}

function fail(no: number, message: string): never {
  throw new SyntaxError(`YAML line ${no + 1}: ${message}`);
}

function scalar(raw: string, no: number): YamlValue {
  const t = raw.trim();
  if (t === '' || t === '~' || t === 'null') return null;
  if (t.startsWith('"')) {
    if (!t.endsWith('"') || t.length < 2) fail(no, `unterminated double-quoted string ${t}`);
    return t.slice(1, -1).replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n');
  }
  if (t.startsWith("'")) {
    if (!t.endsWith("'") || t.length < 2) fail(no, `unterminated single-quoted string ${t}`);
    return t.slice(1, -1).replace(/''/g, "'");
  }
  if (t.startsWith('[')) {
    if (!t.endsWith(']')) fail(no, `unterminated flow sequence ${t}`);
    const inner = t.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((s) => scalar(s, no));
  }
  if (t.startsWith('{') || t.startsWith('&') || t.startsWith('*') || t.startsWith('!')) fail(no, `unsupported YAML construct ${t}`);
  return t;
}

export function parseYamlSubset(source: string): YamlValue {
  const raw = source.split(/\r?\n/);
  const lines: Line[] = [];
  raw.forEach((r, no) => {
    const m = /^( *)(.*)$/.exec(r) as RegExpExecArray;
    const indent = (m[1] ?? '').length;
    if ((m[2] ?? '').startsWith('\t')) fail(no, 'tabs are not allowed for indentation');
    const text = stripComment(m[2] ?? '');
    if (text !== '' && text !== '---') lines.push({ no, indent, text });
  });
  let pos = 0;
  const peek = (): Line | undefined => lines[pos];
  const isItem = (l: Line): boolean => l.text === '-' || l.text.startsWith('- ');

  /** A `|` or `>` value: the raw lines indented deeper than `parentIndent`. */
  function blockScalar(header: Line, parentIndent: number, folded: boolean): string {
    const body: string[] = [];
    let r = header.no + 1;
    for (; r < raw.length; r++) {
      const text = raw[r] ?? '';
      if (text.trim() !== '' && (/^( *)/.exec(text)?.[1] ?? '').length <= parentIndent) break;
      body.push(text);
    }
    while (body.length > 0 && (body[body.length - 1] ?? '').trim() === '') body.pop();
    const cut = Math.min(...body.filter((b) => b.trim() !== '').map((b) => (/^( *)/.exec(b)?.[1] ?? '').length));
    while ((peek()?.no ?? Infinity) < r) pos++;
    const text = body.map((b) => b.slice(cut)).join(folded ? ' ' : '\n');
    return `${text}\n`;
  }

  function value(rest: string | undefined, line: Line, parentIndent: number): YamlValue {
    if (rest !== undefined && rest !== '') {
      if (/^[|>][-+]?$/.test(rest)) return blockScalar(line, parentIndent, rest.startsWith('>'));
      return scalar(rest, line.no);
    }
    const next = peek();
    if (next === undefined) return null;
    if (next.indent > parentIndent) return block(next.indent);
    // A sequence may sit at its key's own indentation.
    if (next.indent === parentIndent && isItem(next)) return sequence(parentIndent);
    return null;
  }

  function mapping(indent: number, first?: Line): { [key: string]: YamlValue } {
    const out: { [key: string]: YamlValue } = {};
    let line = first;
    for (;;) {
      if (line === undefined) {
        const next = peek();
        if (next === undefined || next.indent < indent || (next.indent === indent && isItem(next))) break;
        if (next.indent > indent) fail(next.no, `unexpected indentation ${next.indent} (expected ${indent})`);
        pos++;
        line = next;
      }
      const m = KEY.exec(line.text);
      if (m === null) fail(line.no, `expected "key: value", got ${line.text}`);
      const key = scalar(m[1] ?? '', line.no);
      if (typeof key !== 'string') fail(line.no, `unsupported key ${m[1] ?? ''}`);
      if (Object.hasOwn(out, key)) fail(line.no, `duplicate key ${key}`);
      out[key] = value(m[2], line, indent);
      line = undefined;
    }
    return out;
  }

  function sequence(indent: number): YamlValue[] {
    const out: YamlValue[] = [];
    for (let next = peek(); next !== undefined && next.indent === indent && isItem(next); next = peek()) {
      pos++;
      const content = next.text === '-' ? '' : next.text.slice(2).trimStart();
      const column = indent + (next.text.length - content.length);
      if (content === '') out.push(value(undefined, next, indent));
      else if (KEY.test(content) && !/^["'[]/.test(content.trim()) || /^("[^"]*"|'[^']*')\s*:(\s|$)/.test(content)) {
        out.push(mapping(column, { no: next.no, indent: column, text: content }));
      } else if (content.startsWith('- ')) {
        fail(next.no, 'nested inline sequences are not supported');
      } else out.push(scalar(content, next.no));
    }
    return out;
  }

  function block(indent: number): YamlValue {
    const first = peek();
    if (first === undefined) return null;
    return isItem(first) ? sequence(indent) : mapping(indent);
  }

  const root = block(peek()?.indent ?? 0);
  const left = peek();
  if (left !== undefined) fail(left.no, `unexpected indentation ${left.indent}`);
  return root;
}
