#!/usr/bin/env bash
# Production smoke test: the documented setup (docs/production.md), run for real on this machine.
#
#   DATABASE_URL=postgres://statements:statements@127.0.0.1:5432/statements scripts/smoke_production.sh
#
# With production settings (DEBUG=0, a random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, emails to a folder, rate-limit
# counters in the database cache) it runs check --deploy, migrate, createcachetable, collectstatic, load_demo and
# verify_pdfs, starts gunicorn on 127.0.0.1 (with the token-masking logger) and a db_worker, then fetches the home
# page, the demo statement, a static file and the statement's PDF, and checks that a signing link's token is not
# in gunicorn's access log. There is no TLS terminator here, so
# requests carry `X-Forwarded-Proto: https` as the proxy would; one request without it must be redirected.
# Both processes are stopped on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?Set DATABASE_URL, e.g. postgres://statements:statements@127.0.0.1:5432/statements}"
PY=${PY:-.venv/bin/python}
GUNICORN=${GUNICORN:-.venv/bin/gunicorn}
SLUG=kazakhstan-ruling-against-civil-society-activists-sets-dangerous-precedent
PORT=${SMOKE_PORT:-$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d)

export DJANGO_SETTINGS_MODULE=config.settings DEBUG=0 ALLOWED_HOSTS=127.0.0.1
SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export STATIC_ROOT=${STATIC_ROOT:-$WORK/static}
# Media of its own, like the database: verify_pdfs reports stored PDFs that no row of this database points at.
export MEDIA_ROOT=${MEDIA_ROOT:-$WORK/media}
# Production requires EMAIL_URL: here emails go to files (nothing leaves the machine).
export EMAIL_URL=${EMAIL_URL:-file://$WORK/mail}
# The shared rate-limit cache of docs/production.md ("Several app servers"): a table in the same PostgreSQL.
export CACHE_URL=${CACHE_URL:-db://}
unset DJANGO_ALLOW_ASYNC_UNSAFE SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

step() { echo "== smoke: $*"; }
fail() {
  echo "SMOKE TEST FAILED: $*" >&2
  for log in error.log worker.log; do
    [ -s "$WORK/$log" ] && { echo "--- last lines of $log" >&2; tail -n 20 "$WORK/$log" >&2; }
  done
  exit 1
}

# fetch PATH [curl options...]: status code on stdout, body in $WORK/body, headers in $WORK/headers.
fetch() {
  local path=$1
  shift
  # curl prints 000 itself when it cannot connect.
  curl -s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' --max-time 60 "$@" "$BASE$path" || true
}
https_fetch() { fetch "$1" -H 'X-Forwarded-Proto: https'; }
header() { grep -i "^$1:" "$WORK/headers" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }

step "check --deploy"
$PY manage.py check --deploy --fail-level WARNING || fail "check --deploy reports problems"
step "migrate"
$PY manage.py migrate --noinput -v 0 || fail "migrate"
step "createcachetable"
$PY manage.py createcachetable || fail "createcachetable (the CACHE_URL=db:// table)"
step "collectstatic into $STATIC_ROOT"
$PY manage.py collectstatic --noinput -v 0 || fail "collectstatic (see the error above)"
step "load_demo"
$PY manage.py load_demo --allow-demo-logins || fail "load_demo"
step "verify_pdfs"
$PY manage.py verify_pdfs || fail "a stored PDF does not match its hash (or is missing from MEDIA_ROOT)"

step "gunicorn on $BASE"
$GUNICORN config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 \
  --logger-class config.gunicorn_logging.TokenMaskingLogger \
  --access-logfile "$WORK/access.log" --error-logfile "$WORK/error.log" &
pids+=($!)
step "db_worker"
$PY manage.py db_worker --no-reload --interval 0.5 >"$WORK/worker.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 150); do
  [ "$(https_fetch /)" != 000 ] && break
  sleep 0.2
done

status=$(https_fetch /)
[ "$status" = 200 ] || fail "GET / answered $status"
[ -n "$(header Content-Security-Policy)" ] || fail "GET / has no Content-Security-Policy"
[ -n "$(header Strict-Transport-Security)" ] || fail "GET / has no Strict-Transport-Security"
css=$(grep -o 'href="/static/[^"]*\.css"' "$WORK/body" | head -n 1 | cut -d'"' -f2)
echo "GET /                       $status"

status=$(https_fetch "$css")
[ "$status" = 200 ] || fail "GET $css (WhiteNoise) answered $status"
echo "GET $css  $status"

status=$(fetch /)
location=$(header Location)
[ "$status" = 301 ] && [[ "$location" == https://* ]] || fail "plain HTTP was not redirected to HTTPS ($status $location)"
echo "GET / over plain HTTP       $status -> $location"

status=$(https_fetch "/statements/$SLUG/")
[ "$status" = 200 ] || fail "GET the demo statement page answered $status"
grep -q "Kazakhstan" "$WORK/body" || fail "the demo statement page does not show the statement"
echo "GET /statements/$SLUG/  $status"

status=$(https_fetch "/statements/$SLUG.pdf")
if [ "$status" != 200 ]; then
  fail "GET the demo statement's PDF answered $status: the PDF route or the published version is not there yet"
fi
[ "$(head -c 4 "$WORK/body")" = "%PDF" ] || fail "the demo statement's PDF does not start with %PDF"
echo "GET /statements/$SLUG.pdf  $status ($(wc -c <"$WORK/body") bytes, $(header Content-Type))"

token=$($PY -c 'import secrets; print(secrets.token_urlsafe(32))')
status=$(https_fetch "/sign/$token/")
[ "$status" = 404 ] || fail "GET an unknown signing link answered $status"
sleep 0.5 # gunicorn writes the access log line after the response
grep -q "/sign/\[token\]/" "$WORK/access.log" || fail "the access log has no masked signing link"
! grep -q -- "$token" "$WORK/access.log" "$WORK/error.log" || fail "a signing token was written to a log"
echo "GET /sign/<token>/          $status, logged as /sign/[token]/"

step "a task through the db_worker"
task_id=$($PY manage.py shell -v 0 -c \
  "from statements.privacy import purge_private_data; print(purge_private_data.enqueue().id)")
for _ in $(seq 1 100); do
  state=$($PY manage.py shell -v 0 -c \
    "from statements.privacy import purge_private_data as t; print(t.get_result('$task_id').status)")
  case "$state" in SUCCESSFUL | FAILED) break ;; esac
  sleep 0.3
done
[ "$state" = SUCCESSFUL ] || fail "the worker did not run the task ($state)"
echo "task $task_id             $state"

echo "== smoke: production setup OK"
