/**
 * The launch rule language: integer expressions over `batch`, `vocab`, `multiprocessors` (the device's SM/CU
 * count), `draft` (draft tokens per row, for entries with a draft scalar), `block` (the resolved block size; not
 * inside `launch.block` itself) and `parts` (the split factor of a launch declaring `split`; only in its grid, its
 * shared memory and the workspace formula). Parsed once when the manifest
 * loads (so a typo fails at load time, naming the entry and field), evaluated per launch.
 * Grammar: expr := term (('+'|'-') term)* ; term := factor ('*' factor)* ;
 * factor := integer | identifier | fn '(' expr ',' expr ')' | '(' expr ')'.
 */
export const LAUNCH_IDENTIFIERS = ['batch', 'vocab', 'multiprocessors', 'draft', 'block', 'parts'] as const;
export type LaunchIdentifier = (typeof LAUNCH_IDENTIFIERS)[number];
export const LAUNCH_FUNCTIONS = ['ceilDiv', 'min', 'max'] as const;
type LaunchFunction = (typeof LAUNCH_FUNCTIONS)[number];

/**
 * Values of the identifiers; `multiprocessors` is absent where no device is known (CPU-side use), `block` while
 * the block rule itself is evaluated and `parts` outside a split launch: an expression reading an absent one fails
 * with a clear error.
 */
export type LaunchEnv = Readonly<Record<'batch' | 'vocab', number>> & Readonly<Partial<Record<'multiprocessors' | 'draft' | 'block' | 'parts', number>>>;

const MISSING_WHY: Readonly<Record<LaunchIdentifier, string>> = {
  batch: 'the launch shape has no batch',
  vocab: 'the launch shape has no vocab',
  multiprocessors: "the device's multiprocessor count is only known at bind time (pass the runner's DeviceInfo)",
  draft: "the call has no draft length (only an entry with a 'draft' scalar has one)",
  block: 'block is not defined inside the block rule itself',
  parts: "only a launch that declares 'split' has parts, and only its grid, shared memory and the workspace formula read it",
};

export type ExprNode =
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'id'; readonly name: LaunchIdentifier }
  | { readonly kind: 'bin'; readonly op: '+' | '-' | '*'; readonly left: ExprNode; readonly right: ExprNode }
  | { readonly kind: 'call'; readonly fn: LaunchFunction; readonly args: readonly [ExprNode, ExprNode] };

const TOKEN = /\s*(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*)|([-+*(),]))/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (m === null) throw new SyntaxError(`unexpected character at position ${at} in '${source}'`);
    tokens.push((m[1] ?? m[2] ?? m[3]) as string);
  }
  return tokens;
}

/** Parses a launch expression; throws SyntaxError with the offending token. */
export function parseLaunchExpr(source: string): ExprNode {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const expect = (t: string): void => {
    if (tokens[pos] !== t) throw new SyntaxError(`expected '${t}' but found '${tokens[pos] ?? 'end'}' in '${source}'`);
    pos++;
  };
  const factor = (): ExprNode => {
    const t = tokens[pos++];
    if (t === undefined) throw new SyntaxError(`unexpected end of '${source}'`);
    if (/^\d+$/.test(t)) {
      const value = Number(t);
      if (!Number.isSafeInteger(value)) throw new SyntaxError(`integer ${t} is too large in '${source}'`);
      return { kind: 'num', value };
    }
    if (t === '(') {
      const inner = expr();
      expect(')');
      return inner;
    }
    if ((LAUNCH_FUNCTIONS as readonly string[]).includes(t)) {
      expect('(');
      const a = expr();
      expect(',');
      const b = expr();
      expect(')');
      return { kind: 'call', fn: t as LaunchFunction, args: [a, b] };
    }
    if ((LAUNCH_IDENTIFIERS as readonly string[]).includes(t)) return { kind: 'id', name: t as LaunchIdentifier };
    throw new SyntaxError(
      `unknown name '${t}' in '${source}' (identifiers: ${LAUNCH_IDENTIFIERS.join(', ')}; functions: ${LAUNCH_FUNCTIONS.join(', ')})`,
    );
  };
  const term = (): ExprNode => {
    let left = factor();
    while (peek() === '*') {
      pos++;
      left = { kind: 'bin', op: '*', left, right: factor() };
    }
    return left;
  };
  const expr = (): ExprNode => {
    let left = term();
    for (let t = peek(); t === '+' || t === '-'; t = peek()) {
      pos++;
      left = { kind: 'bin', op: t, left, right: term() };
    }
    return left;
  };
  if (tokens.length === 0) throw new SyntaxError('empty launch expression');
  const root = expr();
  if (pos !== tokens.length) throw new SyntaxError(`unexpected '${tokens[pos]}' in '${source}'`);
  return root;
}

/** Evaluates a parsed expression; the result must be a non-negative safe integer. */
export function evaluateLaunchExpr(node: ExprNode, env: LaunchEnv): number {
  const value = evaluate(node, env);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`launch expression evaluated to ${value}; it must be a non-negative safe integer`);
  }
  return value;
}

function evaluate(node: ExprNode, env: LaunchEnv): number {
  switch (node.kind) {
    case 'num':
      return node.value;
    case 'id': {
      const v = env[node.name];
      if (v === undefined) throw new RangeError(`'${node.name}' is not available here: ${MISSING_WHY[node.name]}`);
      return v;
    }
    case 'bin': {
      const a = evaluate(node.left, env);
      const b = evaluate(node.right, env);
      return node.op === '+' ? a + b : node.op === '-' ? a - b : a * b;
    }
    case 'call': {
      const a = evaluate(node.args[0], env);
      const b = evaluate(node.args[1], env);
      if (node.fn === 'min') return Math.min(a, b);
      if (node.fn === 'max') return Math.max(a, b);
      if (b <= 0) throw new RangeError(`ceilDiv divisor must be > 0, got ${b}`);
      return Math.ceil(a / b);
    }
  }
}

/** The identifiers an expression reads (to reject `block` inside the block rule, or a device-dependent one). */
export function identifiersOf(node: ExprNode): Set<LaunchIdentifier> {
  const out = new Set<LaunchIdentifier>();
  const walk = (n: ExprNode): void => {
    if (n.kind === 'id') out.add(n.name);
    else if (n.kind === 'bin') (walk(n.left), walk(n.right));
    else if (n.kind === 'call') (walk(n.args[0]), walk(n.args[1]));
  };
  walk(node);
  return out;
}

/** A LaunchExpr (number or expression string) as a parsed node. */
export function toExprNode(value: number | string): ExprNode {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`launch constant must be a non-negative safe integer, got ${value}`);
    }
    return { kind: 'num', value };
  }
  return parseLaunchExpr(value);
}
