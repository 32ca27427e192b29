#!/usr/bin/env bash
# Starts the built server as `npm start` does (no DATABASE_URL: embedded PostgreSQL, demo seed),
# waits until it is ready, checks a page, an API call and a demo sign-in, that background work runs
# in this process (a queued reports refresh completes), then stops it.
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
jar="$data_dir/cookies"
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -X POST -H 'content-type: application/json' \
  --data '{"json":{"email":"admin@societas.test","password":"societas-admin"}}' \
  "http://127.0.0.1:$port/trpc/auth.signIn")
[ "$status" = "200" ] || { echo "demo admin sign-in answered $status"; cat "$log"; exit 1; }
# The built server reports a field mistake in people's words (contracts/messages.ts is loaded even
# though the contracts package is otherwise free of side effects), not zod's developer wording.
long_next=$(printf '/%.0s' $(seq 1 1001))
refusal=$(curl -s -X POST -H 'content-type: application/json' \
  --data "{\"json\":{\"name\":\"Ana\",\"email\":\"ana@example.org\",\"password\":\"a long enough passphrase\",\"next\":\"$long_next\"}}" \
  "http://127.0.0.1:$port/trpc/auth.signUp")
echo "$refusal" | grep -q 'At most 1000 characters' ||
  { echo "the sign-up refusal is not in the people-facing wording: $refusal"; exit 1; }
grep -q "is running at" "$log" || { echo "no URL printed"; cat "$log"; exit 1; }
# WORKER=auto on the embedded database: the worker runs inside this process.
grep -q "Background work: in this process" "$log" ||
  { echo "the banner does not say background work runs in this process"; cat "$log"; exit 1; }

# ...so "Refresh now" on reports is queued and done by that in-process worker.
dashboard="http://127.0.0.1:$port/trpc/reports.dashboard?input=%7B%22json%22%3A%7B%22filters%22%3A%7B%7D%7D%7D"
as_of() { curl -fsS -b "$jar" "$dashboard" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () =>
    console.log(JSON.parse(s).result.data.json.refreshedAt ?? "never"));'; }
before=$(as_of)
queued=$(curl -fsS -b "$jar" -X POST -H 'content-type: application/json' --data '{}' \
  "http://127.0.0.1:$port/trpc/reports.refresh")
echo "$queued" | grep -Eq '"status":"(already-)?queued"' ||
  { echo "reports refresh was not queued: $queued"; cat "$log"; exit 1; }
for _ in $(seq 1 120); do
  after=$(as_of)
  [ "$after" != "$before" ] && break
  sleep 1
done
[ "$after" != "$before" ] || { echo "the queued reports refresh never ran (figures as of $before)"; cat "$log"; exit 1; }
echo "reports refreshed in the background: figures as of $after (were $before)"
echo "smoke test passed"
