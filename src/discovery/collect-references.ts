import ts from './typescript.cjs';

/**
 * Module-level names an expression or declaration refers to, syntactically: identifiers in
 * reference position that are one of `moduleNames`. A member of a namespace import is recorded
 * as `ns.member` so that only that member counts. Local shadowing is not tracked, which can only
 * add a helper to a fingerprint, never lose one.
 */
export function collectReferences(root: ts.Node, moduleNames: ReadonlySet<string>, namespaces: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  // Parents are passed down rather than read from the tree: files are parsed without parent links (faster).
  const visit = (node: ts.Node, parent: ts.Node | undefined): void => {
    if (ts.isIdentifier(node)) {
      if (moduleNames.has(node.text) && isReference(node, parent)) {
        if (namespaces.has(node.text) && parent && ts.isPropertyAccessExpression(parent) && parent.expression === node && ts.isIdentifier(parent.name)) {
          found.add(`${node.text}.${parent.name.text}`);
        } else {
          found.add(node.text);
        }
      }
      return;
    }
    // Types are erased at run time: they are not behaviour.
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
    ts.forEachChild(node, (child) => visit(child, node));
  };
  visit(root, undefined);
  return [...found].sort();
}

function isReference(node: ts.Identifier, parent: ts.Node | undefined): boolean {
  if (!parent) return true;
  if (ts.isPropertyAccessExpression(parent)) return parent.expression === node;
  if (ts.isQualifiedName(parent)) return parent.left === node;
  if (ts.isShorthandPropertyAssignment(parent)) return true;
  if (
    ts.isPropertyAssignment(parent) ||
    ts.isMethodDeclaration(parent) ||
    ts.isPropertyDeclaration(parent) ||
    ts.isGetAccessorDeclaration(parent) ||
    ts.isSetAccessorDeclaration(parent) ||
    ts.isPropertySignature(parent) ||
    ts.isMethodSignature(parent) ||
    ts.isEnumMember(parent) ||
    ts.isJsxAttribute(parent)
  ) {
    return parent.name !== node;
  }
  if (
    ts.isVariableDeclaration(parent) ||
    ts.isParameter(parent) ||
    ts.isFunctionDeclaration(parent) ||
    ts.isFunctionExpression(parent) ||
    ts.isClassDeclaration(parent) ||
    ts.isClassExpression(parent) ||
    ts.isTypeParameterDeclaration(parent)
  ) {
    return parent.name !== node;
  }
  if (ts.isBindingElement(parent)) return parent.name !== node && parent.propertyName !== node;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent)) {
    return false;
  }
  return true;
}
