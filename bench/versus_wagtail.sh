#!/usr/bin/env bash
# Newsroom vs the Wagtail 8 peer site, side by side, in the same window on this machine.
#
#   bench/versus_wagtail.sh [NEWSROOM_CHECKOUT]        # default checkout: this repository
#   ROUNDS=2 bench/versus_wagtail.sh ../other-checkout  # another version of Newsroom
#
# Method (from ../shared/peer-wagtail/README.md, beside this repository): both sites on PostgreSQL, gunicorn with 2 sync
# workers each, DEBUG off, Newsroom's page cache off (PUBLIC_PAGE_CACHE_SECONDS=0) and
# conn_max_age=60 (the peer's default CONN_MAX_AGE is 60 too), the same `wrk -t2 -c16 -d20s
# --latency` after a 5 s warm-up with the same arguments; articles rotated over the same number of
# URLs (ARTICLE_URLS, default 20) on both sides; for each page kind and round: Newsroom, then
# Wagtail. One line per run (req/s, p50, load average) and the Newsroom/Wagtail ratio per pair, then
# the min/median ratio per page. Beside req/s it reports the CPU each site spent per request (its
# gunicorn workers + its PostgreSQL backends, from /proc), which other work on this shared machine
# disturbs much less than req/s; its Wagtail/Newsroom ratio approximates the req/s ratio that a quiet,
# CPU-bound box would give (wrk shares the CPU too, so not exactly).
#
# Both servers run for the whole measurement; the one not being measured sits idle (an idle
# gunicorn sync worker uses no CPU). That keeps memory and page cache the same for both sides;
# the price is two idle arbiters waking once a second.
#
# The first run builds what is missing; later runs reuse it (a run then takes ~4 min at ROUNDS=2,
# ~6 min at ROUNDS=3):
#   - Wagtail peer: site copied from $PEER_SRC to $PEER_SITE (its build writes nothing there, but
#     shared/ is read-only), venv $PEER_VENV (Python 3.11, wagtail 8.0.1, gunicorn, psycopg),
#     PostgreSQL DB $PEER_DB with N articles, media + warmed renditions in $PEER_DATA. 5–20 min.
#     PEER_REBUILD=1 rebuilds the data (not the venv).
#   - Newsroom: PostgreSQL DB $DB built with `migrate` + `generate_articles $ARTICLES` + VACUUM
#     ANALYZE, media/static under $WORK. It is rebuilt when REBUILD=1, when its article count is
#     not $ARTICLES, or when the checkout's migrations or generate_articles differ from those that
#     built it (a stamp in $WORK); `migrate` runs every time regardless.
#
# Knobs (env): ROUNDS=3 DURATION=20s WARMUP=5s THREADS=2 CONNECTIONS=16 ARTICLE_URLS=20
#   NEWSROOM=<checkout> NEWSROOM_VENV=<checkout>/.venv (falls back to this repository's .venv)
#   NPORT=8793 WPORT=8794 DB=newsroom_versus ARTICLES=10000 WORK=/tmp/newsroom-versus REBUILD=0
#   PEER_SRC=../shared/peer-wagtail/wagtail PEER_SITE=/tmp/peer-site PEER_VENV=/tmp/peer-venv
#   PEER_DATA=/tmp/peer-data PEER_DB=wagtail_bench PEER_N=10000 PEER_IMAGES=20 PEER_REBUILD=0
#   MAX_SECONDS=3600 (the whole run is killed after this; default allows a full peer build)
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and wrk. Only 127.0.0.1 traffic.
# Results: $WORK/results-<time>/ (raw wrk output, runs.tsv, summary.txt). Stops its servers on exit.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NEWSROOM=$(cd "${1:-${NEWSROOM:-$HERE}}" && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
ARTICLE_URLS=${ARTICLE_URLS:-20}
NPORT=${NPORT:-8793}
WPORT=${WPORT:-8794}
DB=${DB:-newsroom_versus}
ARTICLES=${ARTICLES:-10000}
WORK=${WORK:-/tmp/newsroom-versus}
REBUILD=${REBUILD:-0}
PEER_SRC=${PEER_SRC:-$HERE/../shared/peer-wagtail/wagtail}
PEER_SITE=${PEER_SITE:-/tmp/peer-site}
PEER_VENV=${PEER_VENV:-/tmp/peer-venv}
PEER_DATA=${PEER_DATA:-/tmp/peer-data}
PEER_DB=${PEER_DB:-wagtail_bench}
PEER_N=${PEER_N:-10000}
PEER_IMAGES=${PEER_IMAGES:-20}
PEER_REBUILD=${PEER_REBUILD:-0}
PEER_PYTHON=${PEER_PYTHON:-}
MAX_SECONDS=${MAX_SECONDS:-3600}
PG=(-h 127.0.0.1 -p 5432 -U postgres)

# Bounded: re-run under timeout(1); TERM reaches the trap below, which stops the servers.
if [ -z "${VERSUS_INNER:-}" ]; then
  VERSUS_INNER=1 exec timeout --foreground --kill-after=60 "$MAX_SECONDS" bash "$0" "$NEWSROOM"
fi

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { echo "versus_wagtail: $*" >&2; exit 1; }

command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
command -v psql >/dev/null || die "psql is missing"
pg_isready "${PG[@]}" -q || die "PostgreSQL does not answer on 127.0.0.1:5432"
[ "$NPORT" != "$WPORT" ] || die "NPORT and WPORT must differ"

mkdir -p "$WORK"
# One run at a time (they would share the databases, the ports and the CPU).
exec 9>"$WORK/lock"
flock -n 9 || die "another versus_wagtail.sh run holds $WORK/lock"

port_busy() {  # something accepts connections on 127.0.0.1:$1
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}
for p in "$NPORT" "$WPORT"; do
  port_busy "$p" && die "something already answers on 127.0.0.1:$p: stop it or set NPORT/WPORT"
done

SERVER_PIDS=()
cleanup() {
  local p
  for p in "${SERVER_PIDS[@]:-}"; do
    [ -n "$p" ] && kill -TERM "$p" 2>/dev/null || true
  done
  for p in "${SERVER_PIDS[@]:-}"; do
    [ -n "$p" ] || continue
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

db_exists() { [ "$(psql "${PG[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname='$1'")" = 1 ]; }

# ------------------------------------------------------------------ Wagtail peer: venv + data
WENV=(env -u DATABASE_URL -u CACHE_URL -u PUBLIC_PAGE_CACHE_SECONDS -u PEER_CACHE_URL  # the peer's environment
  -u PEER_PAGE_CACHE_SECONDS DJANGO_SETTINGS_MODULE=newsbench.settings PEER_DATA="$PEER_DATA"
  PEER_PG_DB="$PEER_DB" PEER_DEBUG=0 PEER_CONN_MAX_AGE=60 PEER_SEARCH_AUTO_UPDATE=1)
wmanage() { (cd "$PEER_SITE" && "${WENV[@]}" "$PEER_VENV/bin/python" manage.py "$@"); }

build_peer() {
  if [ ! -f "$PEER_SITE/manage.py" ]; then
    log "copying the peer site $PEER_SRC -> $PEER_SITE"
    mkdir -p "$PEER_SITE" && cp -r "$PEER_SRC/." "$PEER_SITE/" && chmod -R u+w "$PEER_SITE"
  fi
  if [ ! -x "$PEER_VENV/bin/gunicorn" ] || ! "$PEER_VENV/bin/python" -c "import wagtail, psycopg" 2>/dev/null; then
    local py=$PEER_PYTHON
    [ -n "$py" ] || py=$(command -v "$HOME/.pyenv/versions/3.11.7/bin/python3.11" python3.11 python3 | head -1)
    log "creating the peer venv $PEER_VENV with $py ($("$py" --version))"
    rm -rf "$PEER_VENV"
    "$py" -m venv "$PEER_VENV"
    "$PEER_VENV/bin/python" -m pip install -q -U pip 2>&1 | grep -v "^WARNING: Location" || true
    "$PEER_VENV/bin/python" -m pip install -q "wagtail==8.0.1" "gunicorn==27.0.1" "psycopg[binary]" \
      2>&1 | grep -v "^WARNING: Location" || true
    "$PEER_VENV/bin/python" -c "import wagtail, psycopg" || die "peer venv install failed"
  fi
  local have=0
  if [ "$PEER_REBUILD" != 1 ] && [ -f "$PEER_DATA/.built" ] && db_exists "$PEER_DB"; then
    have=$(psql "${PG[@]}" -d "$PEER_DB" -tAc "SELECT count(*) FROM news_articlepage" 2>/dev/null || echo 0)
  fi
  if [ "$have" != "$PEER_N" ]; then
    log "building the peer data: $PEER_N articles in DB $PEER_DB, media in $PEER_DATA (5–20 min)"
    dropdb "${PG[@]}" --if-exists "$PEER_DB"
    createdb "${PG[@]}" "$PEER_DB"
    rm -rf "$PEER_DATA" && mkdir -p "$PEER_DATA"
    wmanage migrate -v0
    (cd "$PEER_SITE" && "${WENV[@]}" PEER_SEARCH_AUTO_UPDATE=0 "$PEER_VENV/bin/python" manage.py gen_articles --n "$PEER_N" --images "$PEER_IMAGES") | tail -3
    wmanage warm_renditions
    psql "${PG[@]}" -d "$PEER_DB" -qc "VACUUM ANALYZE"
    date -u +%FT%TZ > "$PEER_DATA/.built"
  fi
}

# ------------------------------------------------------------------ Newsroom: venv + DB
NVENV=${NEWSROOM_VENV:-$NEWSROOM/.venv}
if [ ! -x "$NVENV/bin/python" ] && [ -z "${NEWSROOM_VENV:-}" ]; then
  log "$NVENV is missing: using $HERE/.venv (the checkout's code still comes first on sys.path)"
  NVENV=$HERE/.venv
fi
for _ in $(seq 120); do [ -e "$NVENV/.installed" ] && break; log "waiting for $NVENV/.installed"; sleep 10; done
[ -e "$NVENV/.installed" ] && [ -x "$NVENV/bin/gunicorn" ] || die "no usable Newsroom venv at $NVENV"

NENV=(env -u DJANGO_SETTINGS_MODULE -u PEER_PG_DB -u STATICFILES_BACKEND  # as bench/pages.sh, page cache off
  DEBUG=false SECRET_KEY=bench-only-not-secret SECURE_SSL_REDIRECT=false
  ALLOWED_HOSTS=127.0.0.1 SITE_URL="http://127.0.0.1:$NPORT"
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB?conn_max_age=60"
  CACHE_URL=locmemcache://versus PUBLIC_PAGE_CACHE_SECONDS=0
  MEDIA_ROOT="$WORK/media" STATIC_ROOT="$WORK/static" LOG_LEVEL=ERROR
  PYTHONDONTWRITEBYTECODE=1)  # nothing written into the checkout
nmanage() { (cd "$NEWSROOM" && "${NENV[@]}" "$NVENV/bin/python" manage.py "$@"); }

build_newsroom() {
  local stamp have=0
  stamp=$(cd "$NEWSROOM" && { find . -path ./.venv -prune -o -path ./node_modules -prune -o \
      -path '*/migrations/*.py' -print; echo ./articles/management/commands/generate_articles.py; } \
      | LC_ALL=C sort | xargs sha1sum | sha1sum | cut -c1-16)
  if [ "$REBUILD" != 1 ] && db_exists "$DB"; then
    have=$(nmanage shell --no-imports -c \
      "from articles.models import Article; print(Article.objects.count())" 2>/dev/null | tail -1 || echo 0)
  fi
  if [ "$REBUILD" = 1 ] || [ "$have" != "$ARTICLES" ] || [ "$(cat "$WORK/db.stamp" 2>/dev/null)" != "$stamp" ]; then
    log "building Newsroom's DB $DB: migrate + generate_articles $ARTICLES + VACUUM ANALYZE" \
        "(REBUILD=$REBUILD, articles=$have, stamp $(cat "$WORK/db.stamp" 2>/dev/null || echo none) -> $stamp)"
    rm -f "$WORK/db.stamp"
    dropdb "${PG[@]}" --if-exists "$DB"
    createdb "${PG[@]}" "$DB"
    rm -rf "$WORK/media"
    nmanage migrate --no-input -v0
    nmanage generate_articles "$ARTICLES" | tail -2
    psql "${PG[@]}" -d "$DB" -qc "VACUUM ANALYZE"
    echo "$stamp" > "$WORK/db.stamp"
  fi
  nmanage migrate --no-input -v0  # always: a checkout may carry a migration newer than the DB
  nmanage collectstatic --no-input -v0
}

build_peer
build_newsroom

# ------------------------------------------------------------------ URL lists (20 each, fixed seed)
RES=$WORK/results-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RES"
nmanage shell --no-imports -c "
import random
from articles.models import Article
ids = sorted(Article.objects.published().values_list('pk', flat=True))
pick = random.Random(7).sample(ids, $ARTICLE_URLS)
for a in Article.objects.filter(pk__in=pick).order_by('?'):
    print(a.get_absolute_url())
" | grep '^/' > "$RES/newsroom_urls.txt"
wmanage pick_urls --k "$ARTICLE_URLS" --seed 7 | grep '^/' > "$RES/wagtail_urls.txt"
for f in newsroom_urls wagtail_urls; do
  [ "$(wc -l < "$RES/$f.txt")" = "$ARTICLE_URLS" ] || die "$RES/$f.txt does not hold $ARTICLE_URLS URLs"
done

cat > "$RES/rotate.lua" <<'LUA'
-- wrk -s rotate.lua <base-url> -- urls.txt : each thread walks the list from its own offset.
local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  idx = (tid or 0) * math.floor(#paths / 2)
end
function request()
  idx = (idx % #paths) + 1
  return wrk.format("GET", paths[idx])
end
LUA

# ------------------------------------------------------------------ servers
unset GUNICORN_CMD_ARGS
start_server() {  # name port chdir -- command...
  local name=$1 port=$2 dir=$3 pid; shift 4
  (cd "$dir" && exec "$@" --workers 2 --worker-class sync --bind "127.0.0.1:$port" \
      --log-level warning --error-logfile "$RES/gunicorn_$name.log" --pid "$RES/gunicorn_$name.pid") 9>&- &
  pid=$!; SERVER_PIDS+=("$pid")
  for _ in $(seq 150); do
    curl -fso /dev/null --max-time 5 "http://127.0.0.1:$port/" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  tail -20 "$RES/gunicorn_$name.log" >&2
  die "$name did not come up on port $port"
}
log "starting Newsroom ($NEWSROOM) on :$NPORT and Wagtail ($PEER_SITE) on :$WPORT, 2 sync workers each"
NMASTER=; WMASTER=
start_server newsroom "$NPORT" "$NEWSROOM" -- "${NENV[@]}" "$NVENV/bin/gunicorn" newsroom.wsgi:application \
  --chdir "$NEWSROOM"
NMASTER=${SERVER_PIDS[-1]}
start_server wagtail "$WPORT" "$PEER_SITE" -- "${WENV[@]}" "$PEER_VENV/bin/gunicorn" newsbench.wsgi:application \
  --chdir "$PEER_SITE"
WMASTER=${SERVER_PIDS[-1]}

# Every URL must answer 200 before anything is measured (a fast 404 would flatter a site).
check_urls() {  # base urls-file
  local u code
  for u in / $(cat "$2"); do
    code=$(curl -so /dev/null --max-time 30 -w '%{http_code}' "$1$u")
    [ "$code" = 200 ] || die "$1$u answered $code"
  done
}
check_urls "http://127.0.0.1:$NPORT" "$RES/newsroom_urls.txt"
check_urls "http://127.0.0.1:$WPORT" "$RES/wagtail_urls.txt"
bytes() { curl -s --max-time 30 "$1" | wc -c; }
N1=$(head -1 "$RES/newsroom_urls.txt"); W1=$(head -1 "$RES/wagtail_urls.txt")
{
  echo "newsroom: $NEWSROOM @ $(git -C "$NEWSROOM" rev-parse --short HEAD 2>/dev/null || echo '?')$(git --no-optional-locks -C "$NEWSROOM" status --porcelain 2>/dev/null | grep -q . && echo ' (uncommitted changes)'), venv $NVENV"
  echo "  code from: $(cd "$NEWSROOM" && "${NENV[@]}" "$NVENV/bin/python" -c 'import articles, django; print(articles.__path__[0], "django", django.get_version())')"
  echo "  home $(bytes "http://127.0.0.1:$NPORT/") bytes, article $(bytes "http://127.0.0.1:$NPORT$N1") bytes ($N1)"
  echo "wagtail:  $PEER_SITE, venv $PEER_VENV ($("$PEER_VENV/bin/python" -c 'import wagtail, django; print("wagtail", wagtail.__version__, "django", django.get_version())'))"
  echo "  home $(bytes "http://127.0.0.1:$WPORT/") bytes, article $(bytes "http://127.0.0.1:$WPORT$W1") bytes ($W1)"
  echo "machine: nproc $(nproc), $(lscpu | sed -n 's/^Model name: *//p'), wrk $(wrk --version 2>&1 | head -1 | cut -d' ' -f2)"
  echo "other CPU users now (top, >5%): $(top -b -n2 -d1 -w 200 | awk '/^top -/ {f++} f == 2 && $1 ~ /^[0-9]+$/ && $9 + 0 > 5 {printf "%s(%s) %s%%; ", $12, $1, $9}')"
  echo "method: gunicorn 2 sync workers each, both running; per run wrk -t$THREADS -c$CONNECTIONS --latency, $WARMUP warm-up then $DURATION measured; articles rotate over $ARTICLE_URLS URLs per site; rounds $ROUNDS"
} | tee "$RES/setup.txt"

# ------------------------------------------------------------------ measurement
to_ms() {  # wrk latency (e.g. 153.70ms, 812.00us, 1.02s) -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    printf "%.1f", n }'
}
load1() { cut -d' ' -f1 /proc/loadavg; }

# CPU time actually spent by a site: its gunicorn workers and its PostgreSQL backends (utime+stime
# ticks from /proc). Divided by the requests wrk completed, it is far less sensitive than req/s to
# other work on this shared machine (which steals wall time, not CPU time), so it is reported too.
CLK_TCK=$(getconf CLK_TCK)
cpu_snapshot() {  # master-pid db -> lines "pid kind ticks"
  local p
  for p in $(pgrep -P "$1"); do
    sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk -v p="$p" '{print p, "app", $12 + $13}'
  done
  for p in $(psql "${PG[@]}" -d postgres -tAc "SELECT pid FROM pg_stat_activity WHERE datname = '$2'"); do
    sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk -v p="$p" '{print p, "pg", $12 + $13}'
  done
}
cpu_delta_ms() {  # start-file end-file kind -> ms of CPU over the interval (processes alive at the end)
  awk -v k="$3" -v hz="$CLK_TCK" 'NR == FNR { s[$1] = $3; next } $2 == k { d += $3 - ($1 in s ? s[$1] : 0) }
    END { printf "%.0f", d * 1000 / hz }' "$1" "$2"
}

run_one() {  # site page round
  local site=$1 page=$2 round=$3 port url args out before after rps p50 bad master db n app pg
  port=$NPORT master=$NMASTER db=$DB
  [ "$site" = wagtail ] && port=$WPORT master=$WMASTER db=$PEER_DB
  url=http://127.0.0.1:$port
  if [ "$page" = home ]; then args=("$url/")
  else args=(-s "$RES/rotate.lua" "$url" -- "$RES/${site}_urls.txt"); fi
  out=$RES/wrk_${page}_r${round}_${site}.txt
  before=$(load1)
  timeout 60 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${args[@]}" > "$out.warmup" 2>&1 || true
  sleep 2  # let the workers drain the warm-up's queued requests before the CPU snapshot
  cpu_snapshot "$master" "$db" > "$out.cpu0"
  { echo "# wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency ${args[*]}"
    timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${args[@]}"; } > "$out" 2>&1 || true
  cpu_snapshot "$master" "$db" > "$out.cpu1"
  after=$(load1)
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  [ -n "$rps" ] || { cat "$out" >&2; die "wrk gave no figure for $site $page (see $out)"; }
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  # wrk still counts a response slower than its 2 s timeout in req/s, but leaves it out of the
  # latency histogram: with timeouts, p50 reads low (marked *).
  grep -qE "timeout [1-9]" "$out" && p50="${p50}*"
  bad=$(grep -E "Non-2xx|Socket errors" "$out" | tr -s ' ' | paste -sd';' - || true)
  n=$(awk '/requests in/ {print $1}' "$out")
  app=$(cpu_delta_ms "$out.cpu0" "$out.cpu1" app); pg=$(cpu_delta_ms "$out.cpu0" "$out.cpu1" pg)
  cpu=$(awk -v a="$app" -v g="$pg" -v n="$n" 'BEGIN { printf "%.1f", (a + g) / n }')
  printf "%-8s %-7s round %d  %8.1f req/s  p50 %8s ms  cpu/req %5s ms (app %.1f + pg %.1f)  load1 %s -> %s  %s\n" \
    "$site" "$page" "$round" "$rps" "$p50" "$cpu" "$(awk -v a="$app" -v n="$n" 'BEGIN {print a / n}')" \
    "$(awk -v a="$pg" -v n="$n" 'BEGIN {print a / n}')" "$before" "$after" "${bad:+!! $bad}"
  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$site" "$page" "$round" "$rps" "$p50" "$n" "$app" "$pg" "$cpu" \
    "$before" "$after" "$bad" >> "$RES/runs.tsv"
}

printf "site\tpage\tround\treq_s\tp50_ms\trequests\tapp_cpu_ms\tpg_cpu_ms\tcpu_ms_per_req\tload1_before\tload1_after\terrors\n" > "$RES/runs.tsv"
: > "$RES/ratios.tsv"
T0=$(date +%s)
log "measuring: pages home, article; $ROUNDS rounds; Newsroom then Wagtail in each pair"
for page in home article; do
  for round in $(seq "$ROUNDS"); do
    run_one newsroom "$page" "$round" | tee -a "$RES/summary.txt"
    nr=$(awk -F'\t' 'END {print $4}' "$RES/runs.tsv"); nc=$(awk -F'\t' 'END {print $9}' "$RES/runs.tsv")
    run_one wagtail "$page" "$round" | tee -a "$RES/summary.txt"
    wr=$(awk -F'\t' 'END {print $4}' "$RES/runs.tsv"); wc=$(awk -F'\t' 'END {print $9}' "$RES/runs.tsv")
    ratio=$(awk -v a="$nr" -v b="$wr" 'BEGIN { printf "%.2f", a / b }')
    cratio=$(awk -v a="$nc" -v b="$wc" 'BEGIN { printf "%.2f", b / a }')
    printf "%s\t%s\t%s\t%s\n" "$page" "$round" "$ratio" "$cratio" >> "$RES/ratios.tsv"
    echo "  => $page round $round: Newsroom/Wagtail req/s = ${ratio}x; Wagtail/Newsroom CPU per request = ${cratio}x  (load now $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$RES/summary.txt"
  done
done

{
  echo "== Summary ($(( $(date +%s) - T0 )) s of measuring; ratios per pair (same page, same round): Newsroom req/s / Wagtail req/s, and Wagtail CPU ms per request / Newsroom's (workers + PostgreSQL backends))"
  for page in home article; do
    for col in 3 4; do
      awk -F'\t' -v p="$page" -v c="$col" '
        $1 == p { r[++n] = $c }
        END {
          for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
          med = (n % 2) ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
          what = (c == 3) ? "req/s ratio N/W      " : "CPU-per-request W/N  "
          printf "%-7s %s min %.2fx  median %.2fx  max %.2fx  (%d pairs)\n", (c == 3 ? p : ""), what, r[1], med, r[n], n
        }' "$RES/ratios.tsv"
    done
    for site in newsroom wagtail; do
      awk -F'\t' -v p="$page" -v s="$site" '
        $1 == s && $2 == p { v[++n] = $4; c[n] = $9 }
        END {
          for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
            if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
            if (c[j] < c[i]) { t = c[i]; c[i] = c[j]; c[j] = t } }
          med = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
          cmed = (n % 2) ? c[(n + 1) / 2] : (c[n / 2] + c[n / 2 + 1]) / 2
          printf "          %-8s req/s median %.1f (%.1f–%.1f); CPU ms/request median %.1f (%.1f–%.1f)\n", s, med, v[1], v[n], cmed, c[1], c[n]
        }' "$RES/runs.tsv"
    done
  done
  echo "raw: $RES"
} | tee -a "$RES/summary.txt"
