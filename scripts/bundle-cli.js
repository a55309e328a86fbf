// Bundles the compiled CLI into one file (dist/bin/tsdb-cli.js) and the executable stub that loads
// it with a V8 code cache (dist/bin/tsdb.js): a cold `tsdb current` otherwise spends most of its
// time resolving and compiling small modules (see README, design notes).
const esbuild = require('esbuild');
const path = require('node:path');

// commander requires child_process at load (4-5 ms) for executable subcommands, which tsdb never uses.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${path.sep}commander${path.sep}`) ? { path: 'lazy-child-process', namespace: 'tsdb-shim' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'tsdb-shim' }, () => ({
      contents: 'const name = "child_process"; module.exports = new Proxy({}, { get: (_, key) => require(name)[key] });',
      loader: 'js',
    }));
  },
};

const dist = path.join(__dirname, '..', 'dist');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // heavy or rarely used, and loaded lazily anyway; better-sqlite3's JavaScript is bundled (its addon is loaded by path), so a
  // start-up that opens a database compiles it from the code cache (~10 ms less than requiring it from node_modules)
  external: ['knex', 'esbuild', 'pg', 'picomatch', 'chalk'],
  // a smaller file reads and deserializes faster; names are kept (identifiers are not minified)
  minifyWhitespace: true,
  minifySyntax: true,
  // tsdb resolves better-sqlite3's package at run time to name its compiled addon
  logOverride: { 'require-resolve-not-external': 'silent' },
  logLevel: 'warning',
};

async function build() {
  // pg and its dependencies as one file, loaded with a code cache for PostgreSQL URLs only (src/dialect/postgres/pg-driver.ts)
  await esbuild.build({
    ...common,
    external: ['pg-native', 'pg-cloudflare'],
    // pg-driver.ts uses the bundle only when the installed pg is this version
    banner: { js: `// pg ${require('pg/package.json').version}` },
    entryPoints: [require.resolve('pg')],
    outfile: path.join(dist, 'bin', 'tsdb-pg.js'),
  });
  const cli = path.join(dist, 'bin', 'tsdb-cli.js');
  await esbuild.build({ ...common, entryPoints: [path.join(dist, 'src', 'main.js')], outfile: cli, plugins: [lazyChildProcess] });
  // The stub keys the V8 code cache on this hash: V8 itself only checks the source length.
  const buildId = require('node:crypto').createHash('sha256').update(require('node:fs').readFileSync(cli)).digest('hex').slice(0, 16);
  await esbuild.build({
    ...common,
    entryPoints: [path.join(dist, 'bin', 'tsdb.js')],
    outfile: path.join(dist, 'bin', 'tsdb.js'),
    allowOverwrite: true,
    define: { __TSDB_BUILD_ID__: JSON.stringify(buildId) },
  });
}

build().catch(() => process.exit(1));
