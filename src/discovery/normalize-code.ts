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

/**
 * Every token of the text. Whitespace and comments are dropped; template literals and regular
 * expressions are rescanned so their insides stay one token each.
 */
export function tokenize(text: string, jsx = false): TokenStream {
  scanner.setLanguageVariant(jsx ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard);
  scanner.setText(text);
  const texts: string[] = [];
  const starts: number[] = [];
  // Brace depths at which an open template substitution `${` will be closed by a `}`.
  const templates: number[] = [];
  let depth = 0;
  let previous: ts.SyntaxKind | undefined;
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
    texts.push(scanner.getTokenText());
    starts.push(scanner.getTokenStart());
    previous = token;
  }
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
