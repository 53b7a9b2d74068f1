import ts from './typescript.cjs';
import type { ExportFact, ImportFact } from './file-facts.js';

/** The names a binding pattern declares (`const { a, b: [c] } = …` → a, c). */
export function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) names.push(...bindingNames(element.name));
  }
  return names;
}

function moduleName(specifier: ts.Expression | undefined): string | undefined {
  return specifier && ts.isStringLiteralLike(specifier) ? specifier.text : undefined;
}

/** Value imports (type-only ones are erased, so they are not references). */
export function readImports(sf: ts.SourceFile): ImportFact[] {
  const imports: ImportFact[] = [];
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause || statement.importClause.isTypeOnly) continue;
    const module = moduleName(statement.moduleSpecifier);
    if (module === undefined) continue;
    const clause = statement.importClause;
    if (clause.name) imports.push({ local: clause.name.text, imported: 'default', module });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) imports.push({ local: bindings.name.text, imported: '*', module });
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        if (element.isTypeOnly) continue;
        imports.push({ local: element.name.text, imported: (element.propertyName ?? element.name).text, module });
      }
    }
  }
  return imports;
}

/** What the module exports, local or re-exported. */
export function readExports(sf: ts.SourceFile): ExportFact[] {
  const exports: ExportFact[] = [];
  for (const statement of sf.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) continue;
      const module = moduleName(statement.moduleSpecifier);
      const clause = statement.exportClause;
      if (!clause) {
        if (module !== undefined) exports.push({ exported: '*', module });
      } else if (ts.isNamespaceExport(clause)) {
        if (module !== undefined) exports.push({ exported: clause.name.text, imported: '*', module });
      } else {
        for (const element of clause.elements) {
          if (element.isTypeOnly) continue;
          const name = (element.propertyName ?? element.name).text;
          const exported = element.name.text;
          exports.push(module === undefined ? { exported, local: name } : { exported, imported: name, module });
        }
      }
      continue;
    }
    if (!ts.canHaveModifiers(statement)) continue;
    const modifiers = ts.getModifiers(statement) ?? [];
    if (!modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        for (const name of bindingNames(declaration.name)) exports.push({ exported: name, local: name });
      }
    } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      const name = statement.name?.text ?? 'default';
      exports.push({ exported: isDefault ? 'default' : name, local: name });
    }
  }
  return exports;
}
