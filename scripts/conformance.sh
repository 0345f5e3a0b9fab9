#!/usr/bin/env bash
# Run the public DynamoDB conformance suite (TypeScript, vitest, AWS SDK v3;
# expectations recorded against real DynamoDB) against `dynoxide serve`.
#
#   scripts/conformance.sh [SUITE_DIR] [-- extra vitest args, e.g. tests/tier1]
#
# SUITE_DIR (or $CONFORMANCE_DIR) is a checkout of the suite with
# `npm install` done; it must live outside this repository, which never
# vendors it. The report (counts per tier, failing tests by file) is printed
# and kept in $CONFORMANCE_OUT (default /tmp/conformance): latest.txt,
# latest.json (vitest's JSON) and server.log.
#
# The suite picks its target from DYNAMODB_ENDPOINT alone: when that is unset
# or empty its SDK clients go to real AWS with whatever credentials the
# environment holds. So this script always sets the endpoint, and always
# hands it fake credentials and a region, never the caller's.
#
# $CONFORMANCE_SERVER_CMD replaces the server command ({port} is substituted),
# e.g. to check the runner itself against another emulator:
#   CONFORMANCE_SERVER_CMD='moto_server -p {port}' scripts/conformance.sh
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
suite=${CONFORMANCE_DIR:-}
if [[ $# -gt 0 && $1 != -- ]]; then suite=$1; shift; fi
[[ ${1:-} == -- ]] && shift
out=${CONFORMANCE_OUT:-/tmp/conformance}
timeout_s=${CONFORMANCE_TIMEOUT:-2400}

die() { echo "conformance: $*" >&2; exit 2; }
[[ -n $suite ]] || die "give the suite's directory as an argument or in \$CONFORMANCE_DIR"
[[ -d $suite ]] || die "no such directory: $suite"
suite=$(cd "$suite" && pwd -P)
[[ $suite == "$repo" || $suite == "$repo"/* ]] && die "the suite must live outside the repository ($suite)"
[[ -d $suite/node_modules/vitest ]] || die "vitest missing in $suite: run 'npm install' there first"
command -v npx >/dev/null || die "npx (Node.js) not found"

mkdir -p "$out"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endpoint="http://127.0.0.1:$port"

if [[ -n ${CONFORMANCE_SERVER_CMD:-} ]]; then
    server_cmd=${CONFORMANCE_SERVER_CMD//\{port\}/$port}
elif command -v dynoxide >/dev/null; then
    server_cmd="dynoxide serve --port $port"
else
    server_cmd="python3 -c 'import sys; from dynoxide.cli import main; sys.exit(main())' serve --port $port"
fi

server_pid=
stop_server() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -- "-$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 -- "-$server_pid" 2>/dev/null || true
    fi
}
trap stop_server EXIT INT TERM

echo "conformance: starting: $server_cmd" >&2
# Its own process group, stopped whole: a server command may be a wrapper
# (npm run wasm:serve starts node, which starts Chromium).
PYTHONPATH="$repo/py${PYTHONPATH:+:$PYTHONPATH}" setsid bash -c "exec $server_cmd" >"$out/server.log" 2>&1 &
server_pid=$!

# Ready when it answers ListTables (any JSON reply counts: some emulators
# want a signature header, and an error envelope still proves it listens).
ready=
for _ in $(seq 200); do
    kill -0 "$server_pid" 2>/dev/null || { tail -20 "$out/server.log" >&2; die "server exited before answering"; }
    if curl -s -o /dev/null -m 1 -X POST "$endpoint/" \
        -H 'Content-Type: application/x-amz-json-1.0' \
        -H 'X-Amz-Target: DynamoDB_20120810.ListTables' \
        -H 'Authorization: AWS4-HMAC-SHA256 Credential=fakeAccessKeyId/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0' \
        -d '{}'; then ready=1; break; fi
    sleep 0.1
done
[[ -n $ready ]] || die "server did not answer on $endpoint within 20 s"
echo "conformance: server up on $endpoint; running the suite (this takes minutes)" >&2

results="$out/run-$$.json"
rm -f "$results"
started=$(date +%s)
set +e
(
    cd "$suite"
    unset AWS_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_DEFAULT_PROFILE AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE
    DYNAMODB_ENDPOINT=$endpoint AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=fakeAccessKeyId AWS_SECRET_ACCESS_KEY=fakeSecretAccessKey \
        timeout "$timeout_s" npx vitest run --reporter=json --outputFile="$results" "$@"
) >"$out/vitest.log" 2>&1
vitest_rc=$?
set -e
elapsed=$(( $(date +%s) - started ))
stop_server

[[ -s $results ]] || { tail -30 "$out/vitest.log" >&2; die "vitest wrote no report (exit $vitest_rc)"; }
mv "$results" "$out/latest.json"
{
    echo "DynamoDB conformance suite vs: $server_cmd"
    echo "commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%dT%H:%M:%SZ), ${elapsed}s, vitest exit $vitest_rc${*:+, args: $*}"
    echo
    # The suite ships the Rust dynoxide's recorded run: count what it passes and we do not.
    reference=()
    [[ -f $suite/results/dynoxide.json ]] && reference=(--reference "$suite/results/dynoxide.json")
    python3 "$repo/scripts/conformance_report.py" "$out/latest.json" "${reference[@]}"
} >"$out/latest.txt"
cat "$out/latest.txt"
echo "(kept in $out/latest.txt)" >&2
