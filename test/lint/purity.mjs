// Keeps the simulation core pure: src/sim, src/dist and src/semaphore.ts import no UI or file
// system module and read no wall clock or global randomness. Parsed with the TypeScript compiler,
// so comments and strings cannot fool it. Run by `npm run lint`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('../..', import.meta.url).pathname;
const PURE = ['src/sim', 'src/dist', 'src/semaphore.ts'];
const FORBIDDEN_MODULES = /^(ink|ink-.*|react|react\/.*|chalk|commander|fs|node:fs|fs\/promises|node:fs\/promises|node:child_process|child_process|node:worker_threads)$/;
const FORBIDDEN_CALLS = new Set(['Math.random', 'Date.now', 'performance.now', 'process.hrtime', 'crypto.randomInt']);
const FORBIDDEN_GLOBALS = new Set(['process', 'console']);

function files(path) {
  const full = join(root, path);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full, { recursive: true })
    .map((f) => join(full, f))
    .filter((f) => /\.tsx?$/.test(f));
}

const problems = [];
for (const file of PURE.flatMap(files)) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const report = (node, what) => {
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart());
    problems.push(`${relative(root, file)}:${line + 1}:${character + 1}: ${what}`);
  };
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (FORBIDDEN_MODULES.test(node.moduleSpecifier.text)) report(node, `imports "${node.moduleSpecifier.text}": the core stays free of UI and I/O`);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      report(node, 'dynamic import(): the core loads nothing at run time');
    }
    if (ts.isPropertyAccessExpression(node) && FORBIDDEN_CALLS.has(node.getText(source))) {
      report(node, `uses ${node.getText(source)}: inject time and randomness instead`);
    }
    if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text) && !ts.isPropertyAccessExpression(node.parent) ) {
      report(node, `uses the global "${node.text}": the core neither prints nor reads the process`);
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && FORBIDDEN_GLOBALS.has(node.expression.text)) {
      report(node, `uses ${node.getText(source)}: the core neither prints nor reads the process`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`\nlint: ${problems.length} problem(s) in the pure core`);
  process.exit(1);
}
console.log(`lint: pure core clean (${PURE.join(', ')})`);
