/**
 * Runs a TypeScript file in a child process, for tests that need a second real process (several
 * subgraph replicas on one SQLite file). Jest's ts-jest does not reach child processes, so this
 * registers the same transpilation (tsconfig.json's options, isolated modules, decorator metadata)
 * and then loads the file: `node tests/support/ts-child.js <file.ts> [args…]`.
 * Output is cached under the OS temp directory by content hash, so later children start faster.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const cacheDir = path.join(os.tmpdir(), 'union-hub-ts-child-cache');
fs.mkdirSync(cacheDir, { recursive: true });
const tsconfigText = fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8');

let compilerOptions = null;
function transpile(source, filename) {
  // TypeScript takes a second or more to load: only when something is not cached yet.
  const ts = require('typescript');
  if (!compilerOptions) {
    const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
    compilerOptions = { ...options, sourceMap: false, inlineSourceMap: true, noEmit: false };
  }
  return ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
}

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(tsconfigText).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    output = transpile(source, filename);
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, output);
    fs.renameSync(tmp, cached);
  }
  module._compile(output, filename);
};

require('reflect-metadata');
process.env.APOLLO_TELEMETRY_DISABLED = '1';
const [entry, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], entry, ...args];
require(path.resolve(entry));
