import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../functions/catalog.js';

/**
 * Each function's declared `sendTo` (its IAM grant and, locally, the only queue URLs it is given)
 * must be exactly the queues its code sends to. The code's queues are read by the type checker:
 * starting from the handler module, every declaration it reaches is walked, and the first argument
 * of each `sendMessage(s)` call there contributes its type — a queue id literal, or a union of them.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SQS_ADAPTER = join(ROOT, 'shared/adapters/sqs.ts');
const SENDERS = new Set(['sendMessage', 'sendMessages']);

const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
const program = ts.createProgram(FUNCTIONS.map((f) => join(ROOT, f.entry)), config.options);
const checker = program.getTypeChecker();

const isOwnCode = (node: ts.Node) => {
  const file = node.getSourceFile().fileName;
  return !file.includes('/node_modules/') && !file.endsWith('.d.ts');
};

function resolved(symbol: ts.Symbol | undefined): ts.Symbol | undefined {
  return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

const isSender = (symbol: ts.Symbol | undefined) =>
  !!symbol && SENDERS.has(symbol.name) && !!symbol.declarations?.some((d) => d.getSourceFile().fileName === SQS_ADAPTER);

/** The queue ids a queue argument may hold; a plain `string` cannot be checked and is reported. */
function queuesOf(argument: ts.Expression): { queues: string[]; unknown?: string } {
  const type = checker.getTypeAtLocation(argument);
  const parts = type.isUnion() ? type.types : [type];
  if (parts.every((t) => t.isStringLiteral())) return { queues: parts.map((t) => (t as ts.StringLiteralType).value) };
  const where = argument.getSourceFile();
  const { line } = where.getLineAndCharacterOfPosition(argument.getStart());
  return { queues: [], unknown: `${relative(ROOT, where.fileName)}:${line + 1} sends to ${checker.typeToString(type)}` };
}

/** Queues sent to by the code reachable from a handler module (declarations it references, transitively). */
function sentFrom(entry: string): { queues: string[]; unknown: string[] } {
  const queues = new Set<string>();
  const unknown: string[] = [];
  const seen = new Set<ts.Node>();
  const pending: ts.Node[] = [program.getSourceFile(join(ROOT, entry))!];
  const reach = (symbol: ts.Symbol | undefined) => {
    for (const declaration of resolved(symbol)?.declarations ?? []) {
      if (isOwnCode(declaration) && !seen.has(declaration)) pending.push(declaration);
    }
  };
  const visit = (node: ts.Node): void => {
    // sendMessage forwards its own argument to sendMessages: its callers' arguments are what count.
    const forwarded = node.getSourceFile().fileName === SQS_ADAPTER;
    if (ts.isCallExpression(node) && !forwarded && isSender(resolved(checker.getSymbolAtLocation(node.expression))) && node.arguments[0]) {
      const found = queuesOf(node.arguments[0]);
      found.queues.forEach((q) => queues.add(q));
      if (found.unknown) unknown.push(found.unknown);
    }
    if (ts.isShorthandPropertyAssignment(node)) reach(checker.getShorthandAssignmentValueSymbol(node));
    if (ts.isIdentifier(node)) reach(checker.getSymbolAtLocation(node));
    ts.forEachChild(node, visit);
  };
  while (pending.length) {
    const node = pending.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    visit(node);
  }
  return { queues: [...queues].sort(), unknown };
}

describe('declared sendTo = the queues a function’s code sends to', () => {
  it.each(FUNCTIONS.map((f) => [f.id, f] as const))('%s', (_, f) => {
    const sent = sentFrom(f.entry);
    expect(sent.unknown, 'every queue argument must be a declared queue id (a literal or a union of them)').toEqual([]);
    expect([...(f.access.sendTo ?? [])].sort()).toEqual(sent.queues);
  });
});
