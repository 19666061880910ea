/**
 * Finds words a person would read that are written into a view instead of looked up in the
 * catalogs: JSX text, and the text of attributes read out or shown (aria-*, title, alt,
 * placeholder, and this app's own components' text props). It parses the source with a real
 * TypeScript/JSX parser and walks the tree; a string counts when it has a letter in it.
 */
import { parseSync } from 'oxc-parser';

/** Attributes whose value a person sees or hears: the HTML ones, and the text props of this app's components. */
const TEXT_ATTRIBUTES = new Set(['title', 'alt', 'placeholder', 'label', 'body', 'hint', 'action', 'confirmLabel', 'submitLabel', 'ariaLabel']);
/** aria-* attributes that hold a token or an id, never words. */
const TOKEN_ARIA = new Set([
  'aria-live', 'aria-hidden', 'aria-current', 'aria-pressed', 'aria-checked', 'aria-expanded', 'aria-invalid', 'aria-busy', 'aria-disabled',
  'aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-owns', 'aria-keyshortcuts', 'aria-haspopup', 'aria-atomic', 'aria-relevant',
  'aria-modal', 'aria-orientation', 'aria-sort', 'aria-level', 'aria-posinset', 'aria-setsize', 'aria-valuemin', 'aria-valuemax', 'aria-valuenow',
]);

const hasLetter = (text: string) => /\p{L}/u.test(text);

export interface Literal {
  readonly line: number;
  readonly text: string;
  readonly where: string;
}

type Node = { readonly type: string; readonly start: number; readonly [key: string]: unknown };
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

/** The literal words an expression can evaluate to: string literals, template text, and both sides of a choice. */
function wordsOf(expression: unknown): Node[] {
  if (!isNode(expression)) return [];
  switch (expression.type) {
    case 'Literal':
      return typeof expression.value === 'string' && hasLetter(expression.value) ? [expression] : [];
    case 'TemplateLiteral':
      return (expression.quasis as { value: { cooked: string } }[]).some((quasi) => hasLetter(quasi.value.cooked)) ? [expression] : [];
    case 'ConditionalExpression':
      return [...wordsOf(expression.consequent), ...wordsOf(expression.alternate)];
    case 'LogicalExpression':
      return wordsOf(expression.right);
    case 'JSXExpressionContainer':
    case 'ParenthesizedExpression':
      return wordsOf(expression.expression);
    default:
      return [];
  }
}

const textOf = (node: Node, source: string) => source.slice(node.start, node.end as number).trim();

/** Every user-facing literal in one source file. */
export function userFacingLiterals(fileName: string, source: string): Literal[] {
  const { program, errors } = parseSync(fileName, source);
  if (errors.length > 0) throw new Error(`${fileName} does not parse: ${errors[0]!.message}`);
  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length;
  const found: (Literal & { readonly offset: number })[] = [];
  const report = (node: Node, where: string) => found.push({ offset: node.start, line: lineOf(node.start), text: textOf(node, source), where });

  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isNode(node)) return;
    if (node.type === 'JSXText' && hasLetter(String(node.value))) report(node, 'JSX text');
    if (node.type === 'JSXElement' || node.type === 'JSXFragment') {
      for (const child of node.children as Node[]) if (child.type === 'JSXExpressionContainer') wordsOf(child).forEach((words) => report(words, 'JSX child'));
    }
    if (node.type === 'JSXAttribute') {
      const name = (node.name as Node).name as string;
      if (TEXT_ATTRIBUTES.has(name) || (name.startsWith('aria-') && !TOKEN_ARIA.has(name))) wordsOf(node.value).forEach((words) => report(words, `${name}=`));
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'type') visit(value);
  };
  visit(program);
  return found.sort((a, b) => a.offset - b.offset).map(({ line, text, where }) => ({ line, text, where }));
}
