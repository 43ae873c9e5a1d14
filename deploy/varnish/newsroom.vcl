vcl 4.1;
# Newsroom's edge cache: Varnish 7.1 with the xkey vmod (Debian: varnish varnish-modules).
#
# - Public pages are cached for what their Cache-Control allows (s-maxage); the application
#   purges them by surrogate key (the `xkey` header it sends) the moment they change, with a
#   PURGE request carrying `xkey-purge: key key ...` (or `xkey-softpurge`), from PURGERS only.
# - The admin, share-link previews and anything the application marks private are passed.
#   Public paths never see a cookie, so a logged-in editor reads the same cached page.
# - Stale pages: `stale-while-revalidate` (Varnish reads it into the grace) is served while a
#   fresh copy is fetched in the background; `stale-if-error` (Varnish does not read it) is
#   parsed here into a longer grace that only applies when the application is down (the probe
#   says so) or answers 5xx: such a fetch is abandoned and the request restarts on the stale copy.
# - X-Cache: HIT or MISS (PASS for what is never cached), for diagnostics.
#
# The test suite runs this file against the live test server (tests/edge/test_varnish.py),
# replacing the backend's host and port; see README, "Edge cache".

import std;
import xkey;

backend newsroom {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    # The probe's Host: one of ALLOWED_HOSTS (your site's name), or Django answers it 400.
    .host_header = "news.example.org";
    .probe = {
        # 503 while the database is away: the backend is then sick and readers get stale pages.
        # The database alone: a slow bucket or Redis must not time the probe out.
        .url = "/healthz?checks=database";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        # A proxy in front (nginx, a load balancer) connects from an address in the ACL too and
        # names whom it forwards in X-Forwarded-For, to which Varnish appends the proxy's own
        # address: with two addresses there, a reader is asking. Readers never purge.
        if (client.ip !~ purgers || req.http.X-Forwarded-For ~ ",") {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            return (synth(200, "Purged " + xkey.purge(req.http.xkey-purge)));
        }
        if (req.http.xkey-softpurge) {
            return (synth(200, "Purged " + xkey.softpurge(req.http.xkey-softpurge)));
        }
        return (synth(400, "Name the keys in xkey-purge"));
    }
    if (req.restarts == 0) {
        unset req.http.X-Stale-If-Error;  # set only by vcl_synth below, never by a client
    }
    if (req.url ~ "^/(admin|preview)/") {
        return (pass);  # the desk, and share links to unpublished articles
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Public pages are the same for everyone: no cookie reaches them, so none splits the cache.
    unset req.http.Cookie;
    if (req.http.X-Stale-If-Error) {
        set req.grace = 1y;  # the object's own grace (stale-if-error) decides
    } else if (std.healthy(req.backend_hint)) {
        set req.grace = 60s;  # the application's EDGE_STALE_WHILE_REVALIDATE
    }
    return (hash);
}

sub vcl_backend_response {
    if (beresp.status >= 500 && !bereq.uncacheable) {
        if (bereq.is_bgfetch || !bereq.http.X-Stale-If-Error) {
            # Keep the stale copy: the client side restarts on it (vcl_synth) or already has it.
            return (abandon);
        }
        set beresp.uncacheable = true;  # nothing stale to serve: the application's error page
        set beresp.ttl = 0s;
        return (deliver);
    }
    if (beresp.http.Cache-Control !~ "\bpublic\b" || beresp.http.Set-Cookie) {
        # Only what the application declares public is kept (never a redirect or an error page
        # it did not mark so: a publication must not wait for a cached 404 to expire).
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    if (beresp.http.Cache-Control ~ "stale-if-error=\d+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, ".*stale-if-error=(\d+).*", "\1s"), beresp.grace);
    }
    return (deliver);
}

sub vcl_backend_error {
    if (!bereq.uncacheable && (bereq.is_bgfetch || !bereq.http.X-Stale-If-Error)) {
        return (abandon);  # the application is unreachable: try the stale copy (vcl_synth)
    }
}

sub vcl_synth {
    # A failed fetch (abandoned above) comes here as a 503: look again, for a stale copy.
    if (resp.status == 503 && req.restarts == 0 && req.method != "PURGE") {
        set req.http.X-Stale-If-Error = "1";
        return (restart);
    }
}

sub vcl_hit {
    set req.http.X-Cache = "HIT";
}

sub vcl_miss {
    set req.http.X-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Cache = "PASS";
}

sub vcl_deliver {
    set resp.http.X-Cache = req.http.X-Cache;
    # The keys are for caches only.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
}
