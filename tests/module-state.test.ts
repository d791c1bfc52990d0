/**
 * No module-level mutable state in src/: state belongs to an object (a network's engine, the app instance), so
 * that a second network or a second test never shares it. Every file of src/ is parsed with the TypeScript
 * compiler and its top level is checked for `let`/`var`, static class fields that can be reassigned, and
 * top-level containers (new Map, Set, WeakMap, an array or object literal, any `new` object) that the file
 * changes afterwards (a mutating method called on them, an element or property assigned, counted up or down).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

/** Methods that change the object they are called on (collections, arrays, net.BlockList). */
const MUTATING_METHODS = new Set([
  'set',
  'add',
  'delete',
  'clear',
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
  'addAddress',
  'addRange',
  'addSubnet',
]);

/** Whether a top-level initializer makes an object a file could go on changing. */
function isContainer(init: ts.Expression | undefined): boolean {
  if (init === undefined) return false;
  let e = init;
  while (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e))
    e = e.expression;
  return ts.isNewExpression(e) || ts.isArrayLiteralExpression(e) || ts.isObjectLiteralExpression(e);
}

/** What an expression ultimately names: `a` for `a`, `a.b[c].d`. */
function rootName(e: ts.Expression): string | undefined {
  let x = e;
  while (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x) || ts.isNonNullExpression(x))
    x = x.expression;
  return ts.isIdentifier(x) ? x.text : undefined;
}

const isAssignment = (k: ts.SyntaxKind) =>
  k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;

/** The module-level mutable state of one source file, each as `line: what`. */
function moduleStateIn(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const where = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const containers = new Set<string>();

  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      const flags = statement.declarationList.flags;
      const isConst = (flags & ts.NodeFlags.Const) !== 0;
      for (const d of statement.declarationList.declarations) {
        const name = d.name.getText(file);
        if (!isConst)
          found.push(`${where(d)}: top-level ${flags & ts.NodeFlags.Let ? 'let' : 'var'} ${name}`);
        else if (ts.isIdentifier(d.name) && isContainer(d.initializer)) containers.add(d.name.text);
      }
    }
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        const mods = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
        const isStatic = mods.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        const isReadonly = mods.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
        if (ts.isPropertyDeclaration(member) && isStatic && !isReadonly)
          found.push(`${where(member)}: static field ${member.name.getText(file)} can be reassigned`);
      }
    }
  }

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const root = rootName(node.expression.expression);
      if (root !== undefined && containers.has(root) && MUTATING_METHODS.has(method))
        found.push(`${where(node)}: ${root} is changed (${method})`);
    }
    if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) {
      const left = node.left;
      if (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) {
        const root = rootName(left);
        if (root !== undefined && containers.has(root))
          found.push(`${where(node)}: ${root} is changed (assigned)`);
      }
    }
    if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      const root = rootName(node.operand);
      if (root !== undefined && containers.has(root) && !ts.isIdentifier(node.operand))
        found.push(`${where(node)}: ${root} is changed (counted)`);
    }
    ts.forEachChild(node, visit);
  };
  if (containers.size > 0) visit(file);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('module-level mutable state', () => {
  it('src/ has none', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((path) =>
      moduleStateIn(path, readFileSync(path, 'utf8')).map((s) => `${relative(SRC, path)}:${s}`),
    );
    expect(found).toEqual([]);
  });

  it('finds a top-level let or var, a changed cache, array or counter, and a static field', () => {
    const sample = [
      'let started = false;',
      'var count = 0;',
      'const cache = new WeakMap<object, string>();',
      'const seen: string[] = [];',
      'const totals = { calls: 0 };',
      'const table = new Map<string, number>();',
      'export class Pool { static made = 0; static readonly LIMIT = 4; }',
      'export function remember(key: object, id: string) {',
      '  cache.set(key, id);',
      '  seen.push(id);',
      '  totals.calls++;',
      '  table.get(id);',
      '}',
    ].join('\n');
    expect(moduleStateIn('sample.ts', sample)).toEqual([
      '1: top-level let started',
      '2: top-level var count',
      '7: static field made can be reassigned',
      '9: cache is changed (set)',
      '10: seen is changed (push)',
      '11: totals is changed (counted)',
    ]);
  });

  it('lets constants and tables that are only read stand at the top level', () => {
    const sample = [
      'const LIMITS = { maxStops: 8 } as const;',
      "const BY_CODE = new Map([['GE', 'Georgia']]);",
      "const KINDS = ['port', 'border'];",
      'export function nameOf(code: string) {',
      '  const local = new Map<string, number>();',
      '  local.set(code, 1);',
      '  return BY_CODE.get(code) ?? KINDS[LIMITS.maxStops];',
      '}',
    ].join('\n');
    expect(moduleStateIn('sample.ts', sample)).toEqual([]);
  });

  it('finds a table filled at the top level, and an element assigned', () => {
    const sample = [
      'const BY_CODE = new Map<string, string>();',
      "for (const c of ['GE', 'AZ']) BY_CODE.set(c, c);",
      'const slots: number[] = [];',
      'export const put = (i: number) => { slots[i] = 1; };',
    ].join('\n');
    expect(moduleStateIn('sample.ts', sample)).toEqual([
      '2: BY_CODE is changed (set)',
      '4: slots is changed (assigned)',
    ]);
  });
});
