// helm-lite: renders a Helm chart offline, for the subset of Go templates and Sprig functions
// that deploy/helm/strata uses. There is no helm binary on the build machines (no Debian package,
// no npm package that renders charts), so CI renders the chart with this and validates the
// result (tools/scripts/validate-deploy.mjs). Tested by helm-lite.test.mjs; `helm template` is
// the reference: a construct outside the subset is an error here, never a silent difference.
//
// Supported: text with {{ }} actions and {{- -}} trimming; comments {{/* */}}; pipelines with |;
// .Values / .Release / .Chart / .Capabilities-free fields, $ and $var; `$x := pipeline`;
// if / else if / else / end; range (`range $v := x`, `range $k, $v := x`, maps in key order);
// with / end; define / include / template; functions: quote squote toYaml toJson nindent indent
// default upper lower replace printf eq ne lt gt le ge not and or required b64enc trimSuffix
// trimPrefix hasKey list dict int add1 until toString contains empty ternary.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

class TemplateError extends Error {}

// ---- lexing -------------------------------------------------------------------------------
function lex(src, name) {
  const out = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push({ t: 'text', v: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src[start] === '-' && /\s/.test(src[start + 1] ?? '')) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    out.push({ t: 'text', v: text });
    const close = src.indexOf('}}', start);
    if (close < 0) throw new TemplateError(`${name}: unclosed action`);
    let body = src.slice(start, close);
    let next = close + 2;
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      const m = /^\s*/.exec(src.slice(next));
      next += m[0].length;
    }
    body = body.trim();
    if (!(body.startsWith('/*') && body.endsWith('*/'))) out.push({ t: 'action', v: body });
    i = next;
  }
  return out;
}

// ---- expression tokens ----------------------------------------------------------------------
function tokens(expr) {
  const out = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)'|\(|\)|\||:=|=|-?\d+(?:\.\d+)?|\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*|\.[A-Za-z0-9_.]*|[A-Za-z_][A-Za-z0-9_]*|,)/y;
  let m;
  let pos = 0;
  while (pos < expr.length) {
    re.lastIndex = pos;
    m = re.exec(expr);
    if (m === null) {
      if (/^\s*$/.test(expr.slice(pos))) break;
      throw new TemplateError(`cannot parse "${expr}" at "${expr.slice(pos)}"`);
    }
    out.push(m[1]);
    pos = re.lastIndex;
  }
  return out;
}

// pipeline := command ('|' command)* ; command := operand+ ; operand := literal | field | var | '(' pipeline ')'
function parsePipeline(toks, pos = 0, stopAtParen = false) {
  const cmds = [];
  let cmd = [];
  while (pos < toks.length) {
    const t = toks[pos];
    if (t === ')') {
      if (!stopAtParen) throw new TemplateError('unbalanced )');
      break;
    }
    if (t === '|') {
      cmds.push(cmd);
      cmd = [];
      pos += 1;
      continue;
    }
    if (t === '(') {
      const [inner, end] = parsePipeline(toks, pos + 1, true);
      cmd.push({ k: 'pipe', v: inner });
      pos = end + 1;
      continue;
    }
    cmd.push(operand(t));
    pos += 1;
  }
  cmds.push(cmd);
  return [cmds, pos];
}

function operand(t) {
  if (t.startsWith('"')) return { k: 'lit', v: JSON.parse(t) };
  if (t.startsWith('`')) return { k: 'lit', v: t.slice(1, -1) };
  if (/^-?\d/.test(t)) return { k: 'lit', v: Number(t) };
  if (t === 'true' || t === 'false') return { k: 'lit', v: t === 'true' };
  if (t === 'nil') return { k: 'lit', v: null };
  if (t.startsWith('.')) return { k: 'field', v: t === '.' ? [] : t.slice(1).split('.') };
  if (t.startsWith('$')) {
    const [name, ...path] = t.split('.');
    return { k: 'var', name, v: path };
  }
  return { k: 'fn', v: t };
}

// ---- parsing into a tree ----------------------------------------------------------------------
function parse(items, name) {
  const root = { kind: 'list', nodes: [] };
  const stack = [root];
  const defines = {};
  const top = () => stack[stack.length - 1];
  for (const it of items) {
    if (it.t === 'text') {
      if (it.v !== '') top().nodes.push({ kind: 'text', v: it.v });
      continue;
    }
    const a = it.v;
    let m;
    if ((m = /^if\s+(.*)$/s.exec(a))) {
      const node = { kind: 'if', branches: [{ cond: parsePipeline(tokens(m[1]))[0], nodes: [] }], else: null };
      top().nodes.push(node);
      stack.push({ kind: 'if-frame', node, nodes: node.branches[0].nodes });
    } else if ((m = /^else\s+if\s+(.*)$/s.exec(a))) {
      const f = top();
      if (f.kind !== 'if-frame') throw new TemplateError(`${name}: else if outside if`);
      const b = { cond: parsePipeline(tokens(m[1]))[0], nodes: [] };
      f.node.branches.push(b);
      f.nodes = b.nodes;
    } else if (a === 'else') {
      const f = top();
      if (f.kind === 'if-frame' || f.kind === 'with-frame') {
        f.node.else = [];
        f.nodes = f.node.else;
      } else if (f.kind === 'range-frame') {
        f.node.else = [];
        f.nodes = f.node.else;
      } else throw new TemplateError(`${name}: else outside if/range/with`);
    } else if ((m = /^range\s+(?:(\$\w+)\s*(?:,\s*(\$\w+))?\s*:=\s*)?(.*)$/s.exec(a))) {
      const node = { kind: 'range', k: m[2] ? m[1] : null, v: m[2] ?? m[1] ?? null, expr: parsePipeline(tokens(m[3]))[0], nodes: [], else: null };
      top().nodes.push(node);
      stack.push({ kind: 'range-frame', node, nodes: node.nodes });
    } else if ((m = /^with\s+(.*)$/s.exec(a))) {
      const node = { kind: 'with', expr: parsePipeline(tokens(m[1]))[0], nodes: [], else: null };
      top().nodes.push(node);
      stack.push({ kind: 'with-frame', node, nodes: node.nodes });
    } else if ((m = /^define\s+"([^"]+)"$/.exec(a))) {
      const node = { kind: 'list', nodes: [] };
      defines[m[1]] = node;
      stack.push({ kind: 'define-frame', nodes: node.nodes });
    } else if (a === 'end') {
      if (stack.length === 1) throw new TemplateError(`${name}: end without a block`);
      stack.pop();
    } else if ((m = /^(\$\w+)\s*(:=|=)\s*(.*)$/s.exec(a))) {
      top().nodes.push({ kind: 'assign', name: m[1], expr: parsePipeline(tokens(m[3]))[0] });
    } else if ((m = /^template\s+"([^"]+)"\s*(.*)$/s.exec(a))) {
      top().nodes.push({ kind: 'out', expr: [[{ k: 'fn', v: 'include' }, { k: 'lit', v: m[1] }, ...(m[2] ? [{ k: 'pipe', v: parsePipeline(tokens(m[2]))[0] }] : [{ k: 'field', v: [] }])]] });
    } else {
      top().nodes.push({ kind: 'out', expr: parsePipeline(tokens(a))[0] });
    }
  }
  if (stack.length !== 1) throw new TemplateError(`${name}: missing {{ end }}`);
  return { root, defines };
}

// ---- evaluation ----------------------------------------------------------------------------
const truthy = (v) =>
  !(v === undefined || v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0));

function walk(value, path, what) {
  let v = value;
  for (const p of path) {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object') throw new TemplateError(`cannot read .${p} of ${JSON.stringify(v)} (${what})`);
    v = v[p];
  }
  return v;
}

// Go marshals maps with their keys sorted; so do toYaml and toJson here.
const sortKeys = (v) =>
  Array.isArray(v) ? v.map(sortKeys) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])])) : v;
const toYaml = (v) => (v === undefined || v === null ? 'null' : stringifyYaml(sortKeys(v), { lineWidth: 0 }).replace(/\n$/, ''));
const indentLines = (n, s) => String(s).split('\n').map((l) => (l === '' ? l : ' '.repeat(n) + l)).join('\n');

function makeFunctions(ctx) {
  return {
    quote: (...a) => a.map((v) => JSON.stringify(v === undefined || v === null ? '' : String(v))).join(' '),
    squote: (...a) => a.map((v) => `'${v ?? ''}'`).join(' '),
    toYaml,
    toJson: (v) => JSON.stringify(sortKeys(v ?? null)),
    nindent: (n, s) => `\n${indentLines(n, s)}`,
    indent: (n, s) => indentLines(n, s),
    default: (d, v) => (truthy(v) ? v : d),
    upper: (s) => String(s).toUpperCase(),
    lower: (s) => String(s).toLowerCase(),
    replace: (a, b, s) => String(s).split(a).join(b),
    trimSuffix: (suf, s) => (String(s).endsWith(suf) ? String(s).slice(0, -suf.length) : String(s)),
    trimPrefix: (pre, s) => (String(s).startsWith(pre) ? String(s).slice(pre.length) : String(s)),
    printf: (fmt, ...args) => {
      let i = 0;
      return String(fmt).replace(/%[sdv%]/g, (m) => (m === '%%' ? '%' : String(args[i++])));
    },
    eq: (a, ...b) => b.some((x) => x === a),
    ne: (a, b) => a !== b,
    lt: (a, b) => a < b,
    gt: (a, b) => a > b,
    le: (a, b) => a <= b,
    ge: (a, b) => a >= b,
    not: (v) => !truthy(v),
    and: (...a) => a.reduce((acc, v) => (truthy(acc) ? v : acc)),
    or: (...a) => a.find((v) => truthy(v)) ?? a[a.length - 1],
    empty: (v) => !truthy(v),
    ternary: (a, b, c) => (truthy(c) ? a : b),
    required: (msg, v) => {
      if (v === undefined || v === null || v === '') throw new TemplateError(`required: ${msg}`);
      return v;
    },
    b64enc: (s) => Buffer.from(String(s)).toString('base64'),
    hasKey: (m, k) => m !== null && typeof m === 'object' && Object.prototype.hasOwnProperty.call(m, k),
    list: (...a) => a,
    dict: (...a) => Object.fromEntries(Array.from({ length: a.length / 2 }, (_, i) => [a[2 * i], a[2 * i + 1]])),
    int: (v) => Math.trunc(Number(v)),
    add1: (v) => Number(v) + 1,
    until: (n) => Array.from({ length: Math.max(0, Math.trunc(Number(n))) }, (_, i) => i),
    toString: (v) => String(v),
    contains: (sub, s) => String(s).includes(sub),
    include: (name, dot) => {
      const def = ctx.defines[name];
      if (def === undefined) throw new TemplateError(`include: no template "${name}"`);
      return renderNodes(def.nodes, dot, ctx, new Map([['$', ctx.root]]));
    },
  };
}

function evalPipeline(cmds, dot, ctx, vars) {
  let piped;
  let first = true;
  for (const cmd of cmds) {
    const args = cmd.map((op) => evalOperand(op, dot, ctx, vars));
    let value;
    if (cmd[0]?.k === 'fn') {
      const fn = ctx.fns[cmd[0].v];
      if (fn === undefined) throw new TemplateError(`unknown function ${cmd[0].v}`);
      const rest = args.slice(1);
      if (!first) rest.push(piped);
      value = fn(...rest);
    } else {
      if (cmd.length !== 1) throw new TemplateError('a value cannot take arguments');
      if (!first) throw new TemplateError('a value cannot be piped into');
      value = args[0];
    }
    piped = value;
    first = false;
  }
  return piped;
}

function evalOperand(op, dot, ctx, vars) {
  switch (op.k) {
    case 'lit':
      return op.v;
    case 'field':
      return walk(dot, op.v, `.${op.v.join('.')}`);
    case 'var': {
      if (!vars.has(op.name)) throw new TemplateError(`undefined variable ${op.name}`);
      return walk(vars.get(op.name), op.v, op.name);
    }
    case 'pipe':
      return evalPipeline(op.v, dot, ctx, vars);
    case 'fn':
      return op.v;
  }
}

function renderNodes(nodes, dot, ctx, vars) {
  let out = '';
  for (const n of nodes) {
    switch (n.kind) {
      case 'text':
        out += n.v;
        break;
      case 'out': {
        const v = evalPipeline(n.expr, dot, ctx, vars);
        out += v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
        break;
      }
      case 'assign':
        vars.set(n.name, evalPipeline(n.expr, dot, ctx, vars));
        break;
      case 'if': {
        const b = n.branches.find((br) => truthy(evalPipeline(br.cond, dot, ctx, vars)));
        if (b) out += renderNodes(b.nodes, dot, ctx, new Map(vars));
        else if (n.else) out += renderNodes(n.else, dot, ctx, new Map(vars));
        break;
      }
      case 'with': {
        const v = evalPipeline(n.expr, dot, ctx, vars);
        if (truthy(v)) out += renderNodes(n.nodes, v, ctx, new Map(vars));
        else if (n.else) out += renderNodes(n.else, dot, ctx, new Map(vars));
        break;
      }
      case 'range': {
        const v = evalPipeline(n.expr, dot, ctx, vars);
        const entries = Array.isArray(v)
          ? v.map((x, i) => [i, x])
          : v !== null && typeof v === 'object'
            ? Object.keys(v).sort().map((k) => [k, v[k]])
            : typeof v === 'number'
              ? Array.from({ length: v }, (_, i) => [i, i])
              : [];
        if (entries.length === 0 && n.else) out += renderNodes(n.else, dot, ctx, new Map(vars));
        for (const [k, x] of entries) {
          const scope = new Map(vars);
          if (n.k) scope.set(n.k, k);
          if (n.v) scope.set(n.v, x);
          out += renderNodes(n.nodes, x, ctx, scope);
        }
        break;
      }
      default:
        throw new TemplateError(`unexpected node ${n.kind}`);
    }
  }
  return out;
}

function deepMerge(base, over) {
  if (over === undefined) return base;
  if (base === null || typeof base !== 'object' || Array.isArray(base) || over === null || typeof over !== 'object' || Array.isArray(over)) return over;
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

/** Renders one template string (tests). */
export function renderString(src, dot, defines = {}) {
  const { root, defines: own } = parse(lex(src, 'inline'), 'inline');
  const ctx = { defines: { ...defines, ...own }, root: dot };
  ctx.fns = makeFunctions(ctx);
  return renderNodes(root.nodes, dot, ctx, new Map([['$', dot]]));
}

/**
 * Renders every template of a chart directory like `helm template <release> <chart> -f values`:
 * returns { '<file>': '<yaml>' } for templates/*.yaml (files starting with _ only define).
 */
export function renderChart(chartDir, { releaseName = 'strata', namespace = 'default', values = {} } = {}) {
  const chart = parseYaml(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'));
  const defaults = parseYaml(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) ?? {};
  const merged = deepMerge(defaults, values);
  const tdir = join(chartDir, 'templates');
  const files = existsSync(tdir) ? readdirSync(tdir).filter((f) => /\.(ya?ml|tpl)$/.test(f)).sort() : [];
  const parsed = files.map((f) => ({ f, ...parse(lex(readFileSync(join(tdir, f), 'utf8'), f), f) }));
  const defines = Object.assign({}, ...parsed.map((p) => p.defines));
  const dot = {
    Values: merged,
    Release: { Name: releaseName, Namespace: namespace, Service: 'Helm', IsInstall: true, IsUpgrade: false },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
  };
  const ctx = { defines, root: dot };
  ctx.fns = makeFunctions(ctx);
  const out = {};
  for (const p of parsed) {
    if (p.f.startsWith('_')) continue;
    try {
      out[p.f] = renderNodes(p.root.nodes, dot, ctx, new Map([['$', dot]]));
    } catch (error) {
      throw new TemplateError(`${p.f}: ${error.message}`);
    }
  }
  return out;
}

export { TemplateError };
