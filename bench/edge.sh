#!/usr/bin/env bash
# The edge cache measured by hand: the article page through Varnish (deploy/varnish/newsroom.vcl)
# against nginx serving a static file of the same size, both with a new connection per request
# (wrk -H "Connection: close"), back to back; then how long a publication and an edit take to be
# visible through Varnish (bench/edge_publish.py); then READERS readers on an article published a
# second earlier with a fresh 24-megapixel photo, the worker running (bench/breaking.py). From the
# repository root:
#   bench/edge.sh            # ARTICLES=2000 DURATION=15s CONNECTIONS=16 ROUNDS=2 READERS=200 by default
# Needs PostgreSQL and Redis on 127.0.0.1, varnish varnish-modules nginx wrk (apt-get install -y).
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-2000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
ROUNDS=${ROUNDS:-2}
READERS=${READERS:-200}
APP_PORT=${APP_PORT:-8793}
VARNISH_PORT=${VARNISH_PORT:-6093}
NGINX_PORT=${NGINX_PORT:-8094}
DB=${DB:-newsroom_edge_bench}
WORK=${WORK:-/tmp/newsroom-edge-bench}
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=/work/main/.venv/bin/python

for tool in varnishd nginx wrk; do
  command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin" command -v "$tool" >/dev/null ||
    { echo "$tool is missing: apt-get install -y varnish varnish-modules nginx wrk" >&2; exit 1; }
done
export PATH="$PATH:/usr/sbin"

export DEBUG=false SECRET_KEY=bench-only-not-secret SECURE_SSL_REDIRECT=false
export ALLOWED_HOSTS=127.0.0.1 SITE_URL="http://127.0.0.1:$VARNISH_PORT"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB?conn_max_age=60"
export MEDIA_ROOT="$WORK/media" STATIC_ROOT="$WORK/static" LOG_LEVEL=ERROR
export CACHE_URL="redis://127.0.0.1:6379/6" PUBLIC_PAGE_CACHE_SECONDS=600
mkdir -p "$WORK"
# varnishd reads its VCL and work directory as an unprivileged user
chmod 755 "$WORK"

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

have=$($PY manage.py shell --no-imports -c "from articles.models import Article; print(Article.objects.count())" 2>/dev/null || echo 0)
if [ "$have" -lt "$ARTICLES" ]; then
  echo "== Building a newsroom of $ARTICLES articles in $DB"
  dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"
  createdb -h 127.0.0.1 -U postgres "$DB"
  $PY manage.py migrate --no-input -v 0
  $PY manage.py generate_articles "$ARTICLES" >/dev/null
fi
$PY manage.py migrate --no-input -v 0
$PY manage.py collectstatic --no-input -v 0
redis-cli -n 6 flushdb >/dev/null
export EDGE_PURGE_VARNISH="http://127.0.0.1:$VARNISH_PORT/"  # once Varnish runs

echo "== gunicorn (2 workers) on :$APP_PORT, Varnish on :$VARNISH_PORT, nginx on :$NGINX_PORT"
"$(dirname "$PY")/gunicorn" newsroom.wsgi --workers 2 --bind "127.0.0.1:$APP_PORT" --log-level warning \
  2>"$WORK/gunicorn.log" &
PIDS+=($!)
sed -e "s/\.port = \"8000\";/.port = \"$APP_PORT\";/" \
  -e "s/\.host_header = \"news.example.org\";/.host_header = \"127.0.0.1\";/" \
  deploy/varnish/newsroom.vcl > "$WORK/newsroom.vcl"
rm -rf "$WORK/varnish"
varnishd -F -a "127.0.0.1:$VARNISH_PORT" -f "$WORK/newsroom.vcl" -n "$WORK/varnish" -s malloc,256m \
  >"$WORK/varnishd.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
  curl -fso /dev/null "http://127.0.0.1:$APP_PORT/robots.txt" &&
    curl -fso /dev/null "http://127.0.0.1:$VARNISH_PORT/robots.txt" && break
  sleep 0.2
done

ARTICLE_URL=$($PY manage.py shell --no-imports -c "from articles.models import Article; print(Article.objects.published().order_by('-published_at')[5].get_absolute_url())")
mkdir -p "$WORK/html"
curl -fs "http://127.0.0.1:$VARNISH_PORT$ARTICLE_URL" > "$WORK/html/article.html"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/html; }
}
CONF
nginx -c "$WORK/nginx.conf" -p "$WORK" &
PIDS+=($!)
sleep 1
echo "article page: $ARTICLE_URL ($(wc -c < "$WORK/html/article.html") bytes; X-Cache: $(curl -sI "http://127.0.0.1:$VARNISH_PORT$ARTICLE_URL" | awk -F': ' 'tolower($1)=="x-cache" {print $2}' | tr -d '\r'))"

rps() {  # requests/s, and any error wrk counted (non-2xx answers, socket errors)
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -H "Connection: close" "$1" > "$WORK/wrk.txt"
  errors=$(grep -E "Non-2xx|Socket errors" "$WORK/wrk.txt" | tr -s ' ' | tr '\n' ';' || true)
  echo "$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")${errors:+ ($errors)}"
}
: > "$WORK/results.txt"
for round in $(seq "$ROUNDS"); do
  static=$(rps "http://127.0.0.1:$NGINX_PORT/article.html")
  varnish=$(rps "http://127.0.0.1:$VARNISH_PORT$ARTICLE_URL")
  ratio=$(awk -v v="$varnish" -v s="$static" 'BEGIN {printf "%.0f", 100 * v / s}')
  echo "round $round: nginx static $static req/s, Varnish article $varnish req/s = $ratio% (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$WORK/results.txt"
done

echo "== Publish and edit to visible through Varnish"
$PY bench/edge_publish.py "http://127.0.0.1:$VARNISH_PORT" | tee -a "$WORK/results.txt"

echo "== Breaking news: $READERS readers on an article published a second earlier with a fresh 24-MP photo"
"$PY" manage.py db_worker --no-reload --interval 0.5 --no-startup-delay >"$WORK/worker.log" 2>&1 &
PIDS+=($!)
$PY bench/breaking.py "http://127.0.0.1:$VARNISH_PORT" "$READERS" "$DURATION" | tee "$WORK/breaking.txt"
tail -1 "$WORK/breaking.txt" >> "$WORK/results.txt"

echo "== Summary ($ARTICLES articles, wrk -t2 -c$CONNECTIONS -d$DURATION, new connection per request)"
cat "$WORK/results.txt"
