#!/usr/bin/env bash
# Starts the built server as `npm start` does (no DATABASE_URL: embedded PostgreSQL, demo seed),
# waits until it is ready, checks a page, an API call and a demo sign-in, then stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

data_dir="$(mktemp -d /tmp/societas-smoke-XXXXXX)"
chmod 755 "$data_dir"
port=3917
log="$data_dir/server.log"
env -u DATABASE_URL DATA_DIR="$data_dir" PORT="$port" EMBEDDED_PG_PORT=54391 \
  node apps/api/dist/main.js >"$log" 2>&1 &
pid=$!
cleanup() {
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data_dir"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "server exited"; exit 1; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/ready"
echo
curl -fsS "http://127.0.0.1:$port/" | grep -q '<div id="root">' || { echo "web app not served"; exit 1; }
curl -fsS "http://127.0.0.1:$port/committees" | grep -q '<div id="root">' || { echo "SPA fallback missing"; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' \
  --data '{"json":{"email":"admin@societas.test","password":"societas-admin"}}' \
  "http://127.0.0.1:$port/trpc/auth.signIn")
[ "$status" = "200" ] || { echo "demo admin sign-in answered $status"; cat "$log"; exit 1; }
grep -q "is running at" "$log" || { echo "no URL printed"; cat "$log"; exit 1; }
echo "smoke test passed"
