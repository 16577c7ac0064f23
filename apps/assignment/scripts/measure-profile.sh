#!/bin/sh
# Measures a profile as a user runs it, from the repository root: the README's command (turbo build
# of the app and its packages, then hw7 run), with the load average before and after, and keeps the
# run's results.json in apps/assignment/measured/<profile>/ (the README's tables are generated from it
# by `pnpm --filter @hw7/assignment readme`). Heavy: run it under `flock /tmp/hw7-heavy.lock` on a
# shared machine.
#   apps/assignment/scripts/measure-profile.sh quick [QUESTION...]
set -eu
profile=${1:-quick}
shift || true
root=$(cd "$(dirname "$0")/../../.." && pwd)
measured="$root/apps/assignment/measured/$profile"
# HW7_MEASURE_OUT keeps the run's report (figures included) in that directory; by default it is removed.
if [ -n "${HW7_MEASURE_OUT:-}" ]; then
  out=$HW7_MEASURE_OUT
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
cd "$root"
load_before=$(cut -d' ' -f1 /proc/loadavg)
started=$(date +%s.%N)
build_started=$started
npx -y pnpm@10.34.9 exec turbo run build --filter=@hw7/assignment... --output-logs=errors-only
build_seconds=$(echo "$(date +%s.%N) - $build_started" | bc)
status=0
node apps/assignment/dist/cli.js run "$@" --profile "$profile" --out "$out" || status=$?
wall_seconds=$(echo "$(date +%s.%N) - $started" | bc)
load_after=$(cut -d' ' -f1 /proc/loadavg)
mkdir -p "$measured"
cp "$out/results.json" "$measured/results.json"
cat > "$measured/run.json" <<EOF
{
  "command": "npx -y pnpm@10.34.9 start (turbo build, then hw7 run --profile $profile $*)",
  "profile": "$profile",
  "date": "$(date -Is)",
  "cpus": $(nproc),
  "wallSeconds": $wall_seconds,
  "buildSeconds": $build_seconds,
  "loadAverageBefore": $load_before,
  "loadAverageAfter": $load_after,
  "exitStatus": $status
}
EOF
echo "measured: $measured (wall ${wall_seconds} s, load $load_before -> $load_after)"
exit $status
