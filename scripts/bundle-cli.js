// Bundles the compiled CLI into one file: a cold `tsdb current` spends most of its time resolving
// and compiling small modules, so one file starts much faster (see README, design notes).
const esbuild = require('esbuild');
const path = require('node:path');

// commander requires child_process at load (4-5 ms) for executable subcommands, which tsdb never uses.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${path.sep}commander${path.sep}`) ? { path: 'lazy-child-process', namespace: 'tsdb-shim' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'tsdb-shim' }, () => ({
      contents: 'const name = "child_process"; module.exports = new Proxy({}, { get: (_, key) => require(name)[key] });',
      loader: 'js',
    }));
  },
};

const entry = path.join(__dirname, '..', 'dist', 'bin', 'tsdb.js');
esbuild.build({
  entryPoints: [entry],
  outfile: entry,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // native or heavy, and loaded lazily anyway
  external: ['better-sqlite3', 'knex', 'esbuild'],
  plugins: [lazyChildProcess],
  logLevel: 'warning',
}).catch(() => process.exit(1));
