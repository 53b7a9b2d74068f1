import ts from './typescript.cjs';

/** Tokens after which a `/` is division; anywhere else it starts a regular expression. */
const ENDS_EXPRESSION = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
  ts.SyntaxKind.PlusPlusToken,
  ts.SyntaxKind.MinusMinusToken,
]);

const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true);

/** A file's tokens in order, each with its start offset: scanned once, sliced per declaration. */
export interface TokenStream {
  texts: string[];
  starts: number[];
}

/** Tokens that may start a line that ASI would join to the previous one: a `;` before them matters. */
const ASI_HAZARDS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.OpenParenToken,
  ts.SyntaxKind.OpenBracketToken,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.PlusToken,
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.SlashEqualsToken,
  ts.SyntaxKind.RegularExpressionLiteral,
]);

const CLOSERS = new Set<ts.SyntaxKind>([ts.SyntaxKind.CloseParenToken, ts.SyntaxKind.CloseBracketToken, ts.SyntaxKind.CloseBraceToken]);

/**
 * Every token of the text, in a form that formatting cannot change: whitespace and comments are
 * dropped; string literals are written one way whatever their quotes; a trailing comma before a
 * closing bracket and a semicolon that ends a line (where ASI would end the statement anyway) are
 * dropped. So a Prettier run (quotes, semicolons, trailing commas, line breaks) changes nothing.
 * Template literals and regular expressions are rescanned so their insides stay one token each.
 */
export function tokenize(text: string, jsx = false): TokenStream {
  scanner.setLanguageVariant(jsx ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard);
  scanner.setText(text);
  const texts: string[] = [];
  const starts: number[] = [];
  const kinds: ts.SyntaxKind[] = [];
  // Brace depths at which an open template substitution `${` will be closed by a `}`.
  const templates: number[] = [];
  let depth = 0;
  let previous: ts.SyntaxKind | undefined;
  const pop = () => {
    texts.pop();
    starts.pop();
    kinds.pop();
  };
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.OpenBraceToken) {
      depth++;
    } else if (token === ts.SyntaxKind.CloseBraceToken) {
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        token = scanner.reScanTemplateToken(false);
        if (token === ts.SyntaxKind.TemplateTail) templates.pop();
      } else {
        depth--;
      }
    } else if (
      (token === ts.SyntaxKind.SlashToken || token === ts.SyntaxKind.SlashEqualsToken) &&
      (previous === undefined || !ENDS_EXPRESSION.has(previous))
    ) {
      token = scanner.reScanSlashToken();
    }
    if (token === ts.SyntaxKind.TemplateHead) templates.push(depth);
    const last = kinds[kinds.length - 1];
    if (last === ts.SyntaxKind.CommaToken && CLOSERS.has(token)) pop();
    else if (
      last === ts.SyntaxKind.SemicolonToken &&
      (token === ts.SyntaxKind.CloseBraceToken || (scanner.hasPrecedingLineBreak() && !ASI_HAZARDS.has(token)))
    ) {
      pop();
    }
    texts.push(token === ts.SyntaxKind.StringLiteral ? JSON.stringify(scanner.getTokenValue()) : scanner.getTokenText());
    starts.push(scanner.getTokenStart());
    kinds.push(token);
    previous = token;
  }
  if (kinds[kinds.length - 1] === ts.SyntaxKind.SemicolonToken) pop();
  return { texts, starts };
}

/** The tokens starting within [start, end), joined by single spaces: the normalised form of that code. */
export function normalizedRange(tokens: TokenStream, start: number, end: number): string {
  const first = lowerBound(tokens.starts, start);
  const last = lowerBound(tokens.starts, end);
  return tokens.texts.slice(first, last).join(' ');
}

function lowerBound(values: readonly number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The code's tokens joined by single spaces: whitespace and comments do not count, everything else does. */
export function normalizeCode(text: string, jsx = false): string {
  return tokenize(text, jsx).texts.join(' ');
}
