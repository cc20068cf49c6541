#!/bin/sh
# torture.sh -- fault injection over the command-line paths of assess,
# simulate, plan, batch and workshop merge, in the manner of SQLite's
# test_malloc.c and curl's torture tests.
#
# $CLOUDRISK must be a command built with --enable-fault-injection (and,
# for the leak check to mean anything, --enable-sanitizers).  For each path:
#   1. a clean run counts its allocations and writes (CLOUDRISK_FAULT_LOG)
#      and keeps its outputs as the reference;
#   2. for n = 1 .. count (every n, or every STRIDE-th when the count is
#      larger than TORTURE_MAX_RUNS, always including the last), a run with
#      the n-th allocation failing (CLOUDRISK_FAULT_ALLOC=n), then one with
#      the n-th write or rename failing (CLOUDRISK_FAULT_IO=n), each in a
#      fresh directory.  Each run must
#        - end with exit 5 and "out of memory" (an allocation), or exit 4
#          (a write), or succeed with outputs identical to the reference
#          (a failure that was handled, e.g. a report on standard output);
#        - report no AddressSanitizer, LeakSanitizer or UBSan finding;
#        - leave no partial file: every file in the directory is an input,
#          or an output byte-identical to the reference (a failed batch
#          still records and summarises the services it could assess: its
#          summary then differs, and is written whole or not at all);
#        - leave the register consistent (`cloudrisk register check`).
# Prints one line per path and every defect found; exits 1 on any.
set -u
: "${CLOUDRISK:?set CLOUDRISK to a command built with --enable-fault-injection}"
: "${CLOUDRISK_DATA:?set CLOUDRISK_DATA to the source tree}"
max_runs=${TORTURE_MAX_RUNS:-400}
only=${TORTURE_ONLY:-}
EX="$CLOUDRISK_DATA/datasets/examples"
work=$(mktemp -d "${TMPDIR:-/tmp}/cloudrisk-torture.XXXXXX")
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:exitcode=86:abort_on_error=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-exitcode=86}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}"
defects=0
total_runs=0

# ---- inputs every path starts from (copied into each run's directory) -------
inputs="$work/inputs"
mkdir -p "$inputs/fleet"
cp "$EX/small-saas.json" "$EX/saas-personal-data.json" "$inputs/"
cp "$EX/small-saas.json" "$inputs/fleet/small.json"
cp "$EX/saas-personal-data.json" "$inputs/fleet/saas.json"
header='service_id,participant,risk_id,risk_name,impact,likelihood,frequency_min,frequency_likely,frequency_max,loss_min,loss_likely,loss_max,confidence,comment'
sheet() { # NAME IMPACT LIKELIHOOD FREQUENCY LOSS
  printf '%s\n' "$header"
  for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21; do
    printf 'tiny-forms,%s,CR%s,,%s,%s,%s,%s,,\n' "$1" "$i" "$2" "$3" "$4" "$5"
  done
}
sheet Sato 5 4 '0,1,2' '10000,50000,100000' >"$inputs/sato.csv"
sheet Suzuki 4 4 '2,5,14' '2000000,2500000,3000000' >"$inputs/suzuki.csv"

# The paths: NAME and the command's arguments, run inside the directory.
path_args() {
  case $1 in
  assess) echo assess small-saas.json --format json --out out.json ;;
  simulate) echo simulate small-saas.json --trials 200 --seed 7 --threads 1 --format json \
    --out out.json --lec lec.csv ;;
  plan) echo plan saas-personal-data.json --trials 200 --seed 7 --format html --out plan.html ;;
  batch) echo batch fleet --db r.db --trials 100 --seed 7 --jobs 1 \
    --time 2025-04-01T09:00:00Z --summary-dir summary ;;
  workshop) echo workshop merge sato.csv suzuki.csv --date 2024-05-01 --out merged.json \
    --summary summary.html ;;
  esac
}

# run DIR LOG [VAR=VALUE]: one run of the current path in DIR.
run() {
  dir=$1; log=$2; shift 2
  rm -rf "$dir"; mkdir -p "$dir"; cp -R "$inputs/." "$dir/"
  # shellcheck disable=SC2046
  (cd "$dir" && env CLOUDRISK_FAULT_LOG="$log" "$@" "$CLOUDRISK" $(path_args "$name") \
    >stdout.txt 2>stderr.txt)
  echo $?
}

# files DIR: every file under DIR but the run's own standard streams.
files() { (cd "$1" && find . -type f ! -name stdout.txt ! -name stderr.txt | LC_ALL=C sort); }

defect() {
  defects=$((defects + 1))
  printf 'DEFECT %s %s=%s: %s\n' "$name" "$kind" "$n" "$*"
  sed 's/^/  | /' "$dir/stderr.txt" | head -12
}

# check_run DIR STATUS: the rules above, for one faulted run.
check_run() {
  dir=$1; status=$2
  if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$dir/stderr.txt"; then
    defect "sanitizer report (exit $status)"; return
  fi
  injected=$(sed -n 's/.*injected \([01]\).*/\1/p' "$dir.log" | tail -1)
  case $kind:$status in
  alloc:5) grep -q 'out of memory' "$dir/stderr.txt" || defect "exit 5 without 'out of memory'" ;;
  io:4) grep -q 'cloudrisk' "$dir/stderr.txt" || defect "exit 4 without a message" ;;
  *:0) ;;
  *) defect "exit $status (expected $([ "$kind" = alloc ] && echo 5 || echo 4))"; return ;;
  esac
  # No partial file: each file is an input or an output equal to the reference's.
  for f in $(files "$dir"); do
    if [ -f "$inputs/$f" ]; then
      cmp -s "$inputs/$f" "$dir/$f" || { defect "input $f changed"; return; }
    elif [ "$f" = ./r.db ] || [ "$f" = ./r.db-wal ] || [ "$f" = ./r.db-shm ]; then
      :
    elif [ ! -f "$ref/$f" ]; then
      defect "left a file the clean run does not write: $f"; return
    elif [ "$name" = batch ] && [ "$status" -ne 0 ]; then
      : # a batch records the services it could assess and summarises them
    else
      cmp -s "$ref/$f" "$dir/$f" || { defect "output $f differs from the clean run's"; return; }
    fi
  done
  if [ "$status" -eq 0 ] && [ "$injected" = 1 ]; then
    for f in $(files "$ref"); do
      [ -f "$dir/$f" ] || { defect "exit 0 but $f is missing"; return; }
    done
  fi
  if [ -f "$dir/r.db" ]; then
    (cd "$dir" && "$CLOUDRISK" register check --db r.db >/dev/null 2>"$dir/check.err") ||
      { defect "register check fails: $(head -1 "$dir/check.err")"; return; }
  fi
}

for name in assess simulate plan batch workshop; do
  [ -n "$only" ] && [ "$only" != "$name" ] && continue
  ref="$work/$name.ref"
  status=$(run "$ref" "$ref.log")
  if [ "$status" -ne 0 ]; then
    echo "DEFECT $name: the clean run exits $status"; sed 's/^/  | /' "$ref/stderr.txt" | head
    defects=$((defects + 1)); continue
  fi
  allocs=$(sed -n 's/^allocations \([0-9]*\) .*/\1/p' "$ref.log")
  writes=$(sed -n 's/.* writes \([0-9]*\) .*/\1/p' "$ref.log")
  runs=0
  for kind in alloc io; do
    count=$allocs; var=CLOUDRISK_FAULT_ALLOC
    [ "$kind" = io ] && { count=$writes; var=CLOUDRISK_FAULT_IO; }
    stride=$(((count + max_runs - 1) / max_runs)); [ "$stride" -lt 1 ] && stride=1
    n=1
    while [ "$n" -le "$count" ]; do
      dir="$work/$name.$kind.$n"
      status=$(run "$dir" "$dir.log" "$var=$n")
      check_run "$dir" "$status"
      runs=$((runs + 1))
      rm -rf "$dir" "$dir.log"
      if [ "$n" -lt "$count" ] && [ $((n + stride)) -gt "$count" ]; then n=$count; else n=$((n + stride)); fi
    done
    eval "${kind}_stride=\$stride"
  done
  total_runs=$((total_runs + runs))
  # shellcheck disable=SC2154
  printf '%s: %s allocations (every %s), %s writes (every %s): %s runs\n' \
    "$name" "$allocs" "$alloc_stride" "$writes" "$io_stride" "$runs"
done
printf 'torture: %d runs, %d defects\n' "$total_runs" "$defects"
[ "$defects" -eq 0 ]
