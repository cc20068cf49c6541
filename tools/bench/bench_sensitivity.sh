#!/bin/sh
# bench_sensitivity.sh -- `make bench-sensitivity`: what the tornado, the
# control values and the uncertainty bands cost beside a plain plan run of
# the shipped SaaS example, on one thread and on all cores.
#
# Each configuration runs REPEAT times (default 3); the figure is the
# fastest run's CPU time (user + system) and its wall-clock time, so that
# other work on the machine weighs least.  Target (doc/sensitivity.md): the
# tornado and the control values at no more than 3x a plain run.
#
# Usage: bench_sensitivity.sh CLOUDRISK SRCDIR [--trials N] [--repeat N]
set -eu
cloudrisk=$1
srcdir=$2
shift 2
trials=100000
repeat=3
while [ $# -gt 0 ]; do
  case $1 in
    --trials) trials=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    *) echo "bench_sensitivity: unknown option $1" >&2; exit 2 ;;
  esac
done
service="$srcdir/datasets/examples/saas-personal-data.json"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Prints "wall cpu" of the fastest of $repeat runs.
measure() {
  best=""
  i=0
  while [ "$i" -lt "$repeat" ]; do
    t=$( { TIMEFORMAT='%R %U %S'; time "$cloudrisk" --data-dir "$srcdir" plan "$service" \
           --start 2026-01-01 --format json --trials "$trials" "$@" --out "$out" >/dev/null; } 2>&1 )
    line=$(echo "$t" | awk '{ printf "%.3f %.3f", $1, $2 + $3 }')
    if [ -z "$best" ] || awk -v a="$line" -v b="$best" 'BEGIN { split(a, x, " "); split(b, y, " "); exit !(x[2] < y[2]) }'; then
      best=$line
    fi
    i=$((i + 1))
  done
  echo "$best"
}

# 50 outer samples, fewer when the trials cannot give each 1000 years.
outer=$((trials / 1000))
[ "$outer" -gt 50 ] && outer=50
echo "bench-sensitivity: $service, $trials trials per scenario, fastest of $repeat"
for threads in 1 0; do
  label=$([ "$threads" = 1 ] && echo "1 thread" || echo "all cores")
  plain=$(measure --threads "$threads" --no-sensitivity)
  sens=$(measure --threads "$threads")
  if [ "$outer" -ge 20 ]; then
    bands=$(measure --threads "$threads" --no-sensitivity --bands "$outer")
  else
    bands="0 0"
  fi
  echo "$plain $sens $bands" | awk -v l="$label" -v o="$outer" '{
    printf "  %-10s plain plan            %7.2f s wall %7.2f s CPU\n", l, $1, $2
    printf "  %-10s + tornado and values  %7.2f s wall %7.2f s CPU  %5.2fx CPU (target <= 3x)\n", l, $3, $4, $4 / $2
    if ($6 > 0)
      printf "  %-10s + bands (%d outer)    %7.2f s wall %7.2f s CPU  %5.2fx CPU\n", l, o, $5, $6, $6 / $2
    else
      printf "  %-10s bands need at least 20000 trials\n", l
  }'
done
