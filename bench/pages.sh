#!/usr/bin/env bash
# Serve a 10,000-article newsroom with gunicorn (2 workers, DEBUG off, PostgreSQL with persistent
# connections) and measure the home and article pages with wrk: first with the page cache off,
# then with it on (Redis, as in production). The home page is measured twice: automatic (no
# arrangement) and curated (bench/curate_front.py: a lead, 10 top stories, 3 blocks of 4), and a
# live blog of 500 entries (bench/live_blog.py) beside them.
# Run by hand from the repository root:
#   bench/pages.sh            # ARTICLES=10000 DURATION=20s CONNECTIONS=16 by default
# Needs PostgreSQL and Redis on 127.0.0.1, and wrk (apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-10000}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-8791}
DB=${DB:-newsroom_bench}
WORK=${WORK:-/tmp/newsroom-bench}
PY=.venv/bin/python

export DEBUG=false SECRET_KEY=bench-only-not-secret SECURE_SSL_REDIRECT=false
export ALLOWED_HOSTS=127.0.0.1 SITE_URL="http://127.0.0.1:$PORT"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB?conn_max_age=60"
export MEDIA_ROOT="$WORK/media" STATIC_ROOT="$WORK/static" LOG_LEVEL=ERROR

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
mkdir -p "$WORK"

# A fresh database of $ARTICLES articles, unless the last run left exactly that.
have=$($PY manage.py shell --no-imports -c "from articles.models import Article; print(Article.objects.count())" 2>/dev/null || echo 0)
if [ "$have" != "$ARTICLES" ]; then
  echo "== Building a newsroom of $ARTICLES articles in $DB"
  dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"
  createdb -h 127.0.0.1 -U postgres "$DB"
  $PY manage.py migrate --no-input -v 0
  time $PY manage.py generate_articles "$ARTICLES"
  $PY manage.py shell --no-imports -c "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')"
fi
$PY manage.py migrate --no-input -v 0  # a database left by an earlier run may predate a migration
$PY manage.py collectstatic --no-input -v 0

echo "== Queries per page (page cache off)"
$PY bench/curate_front.py --clear
$PY bench/page_queries.py | tee "$WORK/queries.txt"
$PY bench/curate_front.py
$PY bench/page_queries.py | awk '$1 == "home" {$1 = "home-curated"; print}' | tee -a "$WORK/queries.txt"
$PY bench/curate_front.py --clear
ARTICLE_URL=$(awk '$1 == "article" {print $2}' "$WORK/queries.txt")
LIVE_URL=$($PY bench/live_blog.py 500 | tail -1)

serve() {  # $1: page-cache seconds, $2: CACHE_URL
  if curl -so /dev/null "http://127.0.0.1:$PORT/"; then
    echo "Something already answers on port $PORT: stop it or run with PORT=..." >&2; exit 1
  fi
  rm -f "$WORK/gunicorn.pid"
  PUBLIC_PAGE_CACHE_SECONDS=$1 CACHE_URL=$2 .venv/bin/gunicorn newsroom.wsgi \
    --workers 2 --bind "127.0.0.1:$PORT" --log-level warning --pid "$WORK/gunicorn.pid" &
  for _ in $(seq 50); do
    [ -s "$WORK/gunicorn.pid" ] && curl -fso /dev/null "http://127.0.0.1:$PORT/" && return
    sleep 0.2
  done
  echo "gunicorn did not start" >&2; exit 1
}

stop() {
  kill "$(cat "$WORK/gunicorn.pid")"
  while [ -e "$WORK/gunicorn.pid" ]; do sleep 0.2; done
}

measure() {  # $1: label, $2...: pages (home, article)
  label=$1; shift
  for page in "$@"; do
    url="http://127.0.0.1:$PORT/"; [ "$page" = article ] && url="http://127.0.0.1:$PORT$ARTICLE_URL"
    [ "$page" = live ] && url="http://127.0.0.1:$PORT$LIVE_URL"
    curl -fso /dev/null "$url"  # warm: renditions, and the cache when it is on
    rps=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$url" | awk '/Requests\/sec/ {print $2}')
    echo "$label $page: $rps requests/s" | tee -a "$WORK/results.txt"
  done
}

compare() {  # $1: label. The home page automatic, then curated, twice, interleaved (the
  # machine's speed drifts); curate_front.py purges the front's pages in the server's cache.
  for round in 1 2; do
    CACHE_URL=$CACHE $PY bench/curate_front.py --clear
    measure "$1-automatic-$round" home
    CACHE_URL=$CACHE $PY bench/curate_front.py
    measure "$1-curated-$round" home
  done
  CACHE_URL=$CACHE $PY bench/curate_front.py --clear
}

: > "$WORK/results.txt"
echo "== Uncached (PUBLIC_PAGE_CACHE_SECONDS=0)"
CACHE="locmemcache://bench"
serve 0 "$CACHE"
measure uncached home article live
compare uncached
stop

echo "== Page cache on (Redis)"
redis-cli -n 3 flushdb >/dev/null
CACHE="redis://127.0.0.1:6379/3"
serve 600 "$CACHE"
measure cached home article live
compare cached
stop

echo "== Summary ($ARTICLES articles, gunicorn 2 workers, wrk -c$CONNECTIONS -d$DURATION; load: $(cut -d' ' -f1-3 /proc/loadavg))"
cat "$WORK/queries.txt" "$WORK/results.txt"
