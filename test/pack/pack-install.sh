#!/usr/bin/env bash
# The package as users get it: `npm pack`, then `npm install --save-dev <tarball>` into a new
# project, with CommonJS and "type": "module" TypeScript sub-projects, a JavaScript ES module one and a
# PostgreSQL one (a throwaway server), and the whole workflow via npx tsdb.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
tarball="$(npm pack "$repo" --silent | tail -n 1)"
mkdir project && cd project
npm init -y >/dev/null
# as README's install section says: name-only approvals, so npm 12 builds the driver (and npm 11 does not warn)
node -e "const f='package.json',p=require('./'+f);p.allowScripts={tsdb:true,'better-sqlite3':true,esbuild:true};require('fs').writeFileSync(f,JSON.stringify(p,null,2))"
npm install --save-dev --no-audit --no-fund "$work/$tarball" >/dev/null
fail() { echo "pack-install: $*" >&2; exit 1; }

for kind in commonjs module; do
  mkdir "$kind" && cd "$kind"
  printf '{ "name": "app-%s", "private": true, "type": "%s" }\n' "$kind" "$kind" > package.json
  ../node_modules/.bin/tsdb init >/dev/null
  sed -i "s#'common/models.ts'#'models.ts'#" tsdb.config.ts
  printf "import { table, integer, text } from 'tsdb';\nexport const note = table('note', { id: integer().primaryKey(), body: text() });\n" > models.ts
  out="$(../node_modules/.bin/tsdb revision -m 'create note')"
  file="$(echo "$out" | sed -n 's/^Generating \(.*\) \.\.\.  done$/\1/p')"
  [ -f "$file" ] || fail "$kind: revision wrote no file ($out)"
  sed -i "s#import { type Operations }#import { integer, text, type Operations }#; s#  // write the upgrade here.*#  await op.createTable('note', { id: integer().primaryKey(), body: text() });#; s#  // write the downgrade here.*#  await op.dropTable('note');#" "$file"
  ../node_modules/.bin/tsdb upgrade 2>upgrade.log || { cat upgrade.log; fail "$kind: upgrade failed"; }
  grep -q 'Running upgrade  -> ' upgrade.log || fail "$kind: no 'Running upgrade' line"
  current="$(../node_modules/.bin/tsdb current)"
  echo "$current" | grep -q '(head)' || fail "$kind: current printed '$current'"
  ../node_modules/.bin/tsdb downgrade base 2>/dev/null
  [ -z "$(../node_modules/.bin/tsdb current)" ] || fail "$kind: downgrade base left a version row"
  echo "pack-install: $kind project OK"
  cd ..
done
# A JavaScript ES module project: init --format esm writes tsdb.config.js and script.mjs.tmpl, migrate writes a .js
# script, and Node itself resolves `import … from 'tsdb'` in the config, the models and the script.
mkdir js-esm && cd js-esm
printf '{ "name": "app-js-esm", "private": true, "type": "module" }\n' > package.json
printf "export const app = 'notes';\n" > app.js
../node_modules/.bin/tsdb init --format esm >/dev/null
[ -f tsdb.config.js ] && [ -f migrations/script.mjs.tmpl ] || fail "js-esm: init did not choose JavaScript"
sed -i "s#'common/models.js'#'models.js'#" tsdb.config.js
printf "import { table, integer, text } from 'tsdb';\nexport const note = table('note', { id: integer().primaryKey(), body: text() });\n" > models.js
out="$(../node_modules/.bin/tsdb migrate -m 'create note' 2>/dev/null)" || fail "js-esm: migrate failed"
file="$(echo "$out" | sed -n 's/^Generating \(.*\) \.\.\.  done$/\1/p')"
case "$file" in *.js) grep -q "^import { integer, text } from 'tsdb';" "$file" || fail "js-esm: $file is not an ES module" ;; *) fail "js-esm: migrate wrote '$file'" ;; esac
../node_modules/.bin/tsdb upgrade 2>upgrade.log || { cat upgrade.log; fail "js-esm: upgrade failed"; }
../node_modules/.bin/tsdb current | grep -q '(head)' || fail "js-esm: not at head after upgrade"
../node_modules/.bin/tsdb downgrade base 2>/dev/null
echo "pack-install: js-esm project OK"
cd ..

# PostgreSQL from the installed package (pg loads from its bundle, dist/bin/tsdb-pg.js): a throwaway server, the workflow.
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$pgbin" ] && [ -x "$pgbin/postgres" ] || fail "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin"
pgdir="$(mktemp -d)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pgdir"
stop_pg() { [ -f "$pgdir/data/postmaster.pid" ] && kill -INT "$(head -n 1 "$pgdir/data/postmaster.pid")" 2>/dev/null; rm -rf "$pgdir"; }
trap 'stop_pg; rm -rf "$work"' EXIT
(cd "$pgdir" && as_pg "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres --no-sync -E UTF8 >/dev/null)
port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
(cd "$pgdir" && as_pg "$pgbin/postgres" -D "$pgdir/data" -c listen_addresses=127.0.0.1 -p "$port" -k "$pgdir" -c fsync=off) >"$pgdir/server.log" 2>&1 &
for _ in $(seq 100); do "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$port" && break; sleep 0.1; done
"$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres app || fail "postgresql: createdb failed ($(cat "$pgdir/server.log"))"
mkdir postgresql && cd postgresql
printf '{ "name": "app-postgresql", "private": true }\n' > package.json
../node_modules/.bin/tsdb init >/dev/null
sed -i "s#'common/models.ts'#'models.ts'#; s#url: .*#url: 'postgresql://postgres@127.0.0.1:$port/app',#" tsdb.config.ts
printf "import { table, integer, text, jsonb } from 'tsdb';\nexport const note = table('note', { id: integer().primaryKey(), body: text(), meta: jsonb() });\n" > models.ts
../node_modules/.bin/tsdb migrate -m 'create note' >/dev/null 2>migrate.log || { cat migrate.log; fail "postgresql: migrate failed"; }
../node_modules/.bin/tsdb upgrade 2>upgrade.log || { cat upgrade.log; fail "postgresql: upgrade failed"; }
../node_modules/.bin/tsdb check >/dev/null || fail "postgresql: check found a difference right after upgrade"
../node_modules/.bin/tsdb current | grep -q '(head)' || fail "postgresql: not at head after upgrade"
../node_modules/.bin/tsdb downgrade base 2>/dev/null
[ -z "$(../node_modules/.bin/tsdb current)" ] || fail "postgresql: downgrade base left a version row"
echo "pack-install: postgresql project OK"
cd ..

npx --no-install tsdb --version >/dev/null || fail "npx tsdb does not run"
echo "pack-install: 4 passed, 0 failed"
