#!/usr/bin/env bash
# Growth from 10,000 to 1,000,000 articles: serve each newsroom with gunicorn (2 workers, DEBUG
# off, PostgreSQL with persistent connections, page cache off so each request does its own work)
# and measure with wrk the public list pages, an article, the public search (a common and a rare
# word) and the admin's article list, filtered and searched (as an editor, by session cookie);
# and, less sensitive to the machine's other work, the database's own time for those queries.
# Each page is measured REPEATS times; the table gives the medians. Run by hand from the
# repository root:
#   bench/scale.sh                      # SIZES="10000 100000 1000000" DURATION=5s REPEATS=3
#   SIZES=100000 bench/scale.sh         # one size
#   DROP=1 bench/scale.sh               # drop the databases of 100,000 and more afterwards
# Needs PostgreSQL on 127.0.0.1 and wrk (apt-get install -y wrk). A database is built once per
# size (newsroom_scale_<size>, a million articles take about half an hour) and reused after.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-10000 100000 1000000}
DURATION=${DURATION:-5s}
REPEATS=${REPEATS:-3}
CONNECTIONS=${CONNECTIONS:-8}
ADMIN_CONNECTIONS=${ADMIN_CONNECTIONS:-2}  # one per worker: p50 is the time of one page
PORT=${PORT:-8792}
WORK=${WORK:-/tmp/newsroom-scale}
VENV=${VENV:-.venv}
PY=$VENV/bin/python
COMMON=${COMMON:-nato}    # in about half the generated articles
RARE=${RARE:-zanzibar}    # added below to 20 articles

export DEBUG=false SECRET_KEY=bench-only-not-secret SECURE_SSL_REDIRECT=false
export ALLOWED_HOSTS=127.0.0.1 SITE_URL="http://127.0.0.1:$PORT" LOG_LEVEL=ERROR
export STATIC_ROOT="$WORK/static" PUBLIC_PAGE_CACHE_SECONDS=0 CACHE_URL=locmemcache://bench

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
mkdir -p "$WORK"

build() {  # $1: number of articles; uses DB and MEDIA_ROOT
  have=$($PY manage.py shell --no-imports -c "from articles.models import Article; print(Article.objects.count())" 2>/dev/null || echo 0)
  if [ "$have" != "$1" ]; then
    echo "== Building a newsroom of $1 articles in $DB"
    dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"
    createdb -h 127.0.0.1 -U postgres "$DB"
    rm -rf "$MEDIA_ROOT"
    $PY manage.py migrate --no-input -v 0
    $PY manage.py generate_articles "$1" --batch-size 2000 | tail -1
  fi
  $PY manage.py migrate --no-input -v 0  # a database left by an earlier run may predate a migration
  # A rare word: 20 articles spread over the archive (the trigger re-indexes their bodies).
  psql -qAt -h 127.0.0.1 -U postgres -d "$DB" -c "UPDATE articles_article SET body = body || '<p>A ferry to Zanzibar.</p>'
    WHERE id % ($1 / 20) = 0 AND body NOT LIKE '%Zanzibar%'"
  psql -qAt -h 127.0.0.1 -U postgres -d "$DB" -c "VACUUM ANALYZE"
}

serve() {
  if curl -so /dev/null "http://127.0.0.1:$PORT/"; then
    echo "Something already answers on port $PORT: stop it or run with PORT=..." >&2; exit 1
  fi
  rm -f "$WORK/gunicorn.pid"
  $VENV/bin/gunicorn newsroom.wsgi --workers 2 --bind "127.0.0.1:$PORT" --log-level warning \
    --pid "$WORK/gunicorn.pid" &
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

median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

to_ms() {  # wrk's latency (850.00us, 12.34ms, 1.20s) in milliseconds
  awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}'
}

measure() {  # $1: size, $2: label, $3: path, $4: connections, $5: cookie (optional)
  local url="http://127.0.0.1:$PORT$3" rps=() p50=() out
  local header=()
  [ -n "${5:-}" ] && header=(-H "Cookie: $5")
  status=$(curl -s -o /dev/null -w '%{http_code}' "${header[@]}" "$url")
  [ "$status" = 200 ] || { echo "$url answered $status" >&2; exit 1; }
  for _ in $(seq "$REPEATS"); do
    out=$(wrk -t2 -c"$4" -d"$DURATION" --latency "${header[@]}" "$url")
    if grep -q "Non-2xx" <<<"$out"; then echo "$url: errors under load" >&2; echo "$out" >&2; exit 1; fi
    rps+=("$(awk '/Requests\/sec/ {print $2}' <<<"$out")")
    p50+=("$(awk '$1 == "50%" {print $2}' <<<"$out" | to_ms)")
  done
  printf '%-9s %-22s %9.1f %9.1f   (%s)\n' "$1" "$2" \
    "$(printf '%s\n' "${rps[@]}" | median)" "$(printf '%s\n' "${p50[@]}" | median)" \
    "load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/scale.txt"
}

: > "$WORK/scale.txt"
$PY manage.py collectstatic --no-input -v 0
for size in $SIZES; do
  export DB="newsroom_scale_$size"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB?conn_max_age=60"
  export MEDIA_ROOT="$WORK/$DB/media"
  build "$size"
  read -r ARTICLE SECTION AUTHOR AUTHOR_ID SECTION_ID COOKIE < <($PY bench/scale_targets.py)
  echo "== $size articles: the database's time for search and the admin list (EXPLAIN ANALYZE)"
  $PY bench/scale_queries.py "$COMMON" "$RARE" | tee "$WORK/queries-$size.txt"
  serve
  echo "== $size articles (wrk -d$DURATION, $REPEATS runs; public -c$CONNECTIONS, admin -c$ADMIN_CONNECTIONS)"
  measure "$size" home / "$CONNECTIONS"
  measure "$size" section "$SECTION" "$CONNECTIONS"
  measure "$size" tag /tag/nato/ "$CONNECTIONS"
  measure "$size" author "$AUTHOR" "$CONNECTIONS"
  measure "$size" article "$ARTICLE" "$CONNECTIONS"
  measure "$size" "search common" "/search/?q=$COMMON" "$CONNECTIONS"
  measure "$size" "search common p.5" "/search/?q=$COMMON&page=5" "$CONNECTIONS"
  measure "$size" "search rare" "/search/?q=$RARE" "$CONNECTIONS"
  admin=/admin/articles/article/
  measure "$size" "admin list" "$admin" "$ADMIN_CONNECTIONS" "$COOKIE"
  measure "$size" "admin status" "$admin?status__exact=published" "$ADMIN_CONNECTIONS" "$COOKIE"
  measure "$size" "admin section" "$admin?section__id__exact=$SECTION_ID" "$ADMIN_CONNECTIONS" "$COOKIE"
  measure "$size" "admin author" "$admin?author=$AUTHOR_ID" "$ADMIN_CONNECTIONS" "$COOKIE"
  measure "$size" "admin search common" "$admin?q=$COMMON" "$ADMIN_CONNECTIONS" "$COOKIE"
  measure "$size" "admin search rare" "$admin?q=$RARE" "$ADMIN_CONNECTIONS" "$COOKIE"
  stop
  if [ -n "${DROP:-}" ] && [ "$size" -ge 100000 ]; then dropdb -h 127.0.0.1 -U postgres "$DB"; fi
done

echo "== The database's time, median of 5 EXPLAIN ANALYZE (ms)"
for size in $SIZES; do grep ' ms$' "$WORK/queries-$size.txt"; done
echo "== One request at a time, in-process (median ms; cpu = Python's own, the database's excluded)"
for size in $SIZES; do grep ' ms cpu$' "$WORK/queries-$size.txt"; done
echo "== Summary (gunicorn 2 workers, page cache off; medians of $REPEATS runs of wrk -d$DURATION)"
printf '%-9s %-22s %9s %9s\n' articles page "req/s" "p50 ms"
cat "$WORK/scale.txt"
