#!/bin/sh
# Runs one libFuzzer target until its process has used CPU_SECONDS of CPU (user + system, read
# from /proc/<pid>/stat; wall time means nothing on a shared machine), then stops it with SIGINT
# and prints executions, coverage and any crash files. Usage (from anywhere):
#   tests/fuzz/run.sh fuzz_record|fuzz_template|fuzz_render|fuzz_sheet|fuzz_font CPU_SECONDS [extra libFuzzer args]
# Environment: BUILD (default <repo>/build-fuzz), NICE (default 5), POLL (seconds, default 5).
# The growing corpus is BUILD/corpus/<target> (not in git), crash files go to
# BUILD/artifacts/<target>/, the log to BUILD/logs/<target>-<time>.log, and one line per run
# is appended to BUILD/logs/runs.tsv (the CPU of a target is the sum of its lines).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${BUILD:-$repo/build-fuzz}
nice_level=${NICE:-5}
poll=${POLL:-5}

if [ $# -lt 2 ]; then
    echo "usage: $0 fuzz_record|fuzz_template|fuzz_render|fuzz_sheet|fuzz_font CPU_SECONDS [libFuzzer args]" >&2
    exit 64
fi
target=$1
budget=$2
shift 2
case $budget in ''|*[!0-9]*) echo "CPU_SECONDS must be a whole number: $budget" >&2; exit 64 ;; esac

# Per target: seed folders (in git) and the options that keep one execution bounded.
case $target in
    fuzz_record)
        seeds="$repo/samples $here/regressions"
        opts="-max_len=65536 -timeout=10 -rss_limit_mb=2048 -dict=$here/record.dict" ;;
    fuzz_template)
        seeds="$repo/templates"
        opts="-max_len=65536 -timeout=10 -rss_limit_mb=2048 -dict=$here/template.dict" ;;
    fuzz_render)
        seeds="$repo/samples $here/regressions"
        opts="-max_len=65536 -timeout=30 -rss_limit_mb=4096 -dict=$here/record.dict" ;;
    fuzz_sheet)
        seeds="$here/sheet-seeds"
        opts="-max_len=262144 -timeout=10 -rss_limit_mb=2048 -dict=$here/sheet.dict" ;;
    fuzz_font)
        seeds="$here/font-seeds $repo/fonts"
        opts="-max_len=420000 -timeout=10 -rss_limit_mb=2048" ;;
    *) echo "unknown target: $target" >&2; exit 64 ;;
esac

binary=$build/tests/fuzz/$target
[ -x "$binary" ] || { echo "not built: $binary (see tests/fuzz/README.md)" >&2; exit 66; }

corpus=$build/corpus/$target
artifacts=$build/artifacts/$target
logs=$build/logs
mkdir -p "$corpus" "$artifacts" "$logs"
log=$logs/$target-$(date +%Y%m%d-%H%M%S).log
before=$(ls "$artifacts" | wc -l)

# UBSan reports must stop the run like ASan does; leaks are reported at exit of each input.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}

# shellcheck disable=SC2086  # opts and seeds are word lists on purpose
nice -n "$nice_level" "$binary" $opts -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$@" "$corpus" $seeds >"$log" 2>&1 &
pid=$!
echo "$target: pid $pid, log $log, budget ${budget} CPU-s"

ticks=$(getconf CLK_TCK)
cpu=0
# Reads utime + stime (fields 14 and 15, counted after the ")" closing the command name).
cpu_of() {
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    echo "${stat##*) }" | awk -v t="$ticks" '{ printf "%d", ($12 + $13) / t }'
}
stopped=no
while kill -0 "$pid" 2>/dev/null; do
    now=$(cpu_of "$pid") || break
    cpu=$now
    if [ "$cpu" -ge "$budget" ]; then
        kill -INT "$pid" 2>/dev/null || true
        stopped=yes
        break
    fi
    sleep "$poll"
done
status=0
wait "$pid" || status=$?

# Summary: executions and coverage from libFuzzer's own last lines.
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
inited=$(grep -E '^#[0-9]+[[:space:]]+INITED' "$log" | tail -n 1 | grep -oE 'cov: [0-9]+ ft: [0-9]+' || true)
last=$(grep -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse|DONE|INITED)' "$log" | tail -n 1 || true)
cov_end=$(echo "$last" | grep -oE 'cov: [0-9]+ ft: [0-9]+' || true)
corp_end=$(echo "$last" | grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' || true)
[ -n "$execs" ] || execs=$(echo "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
echo "$target: CPU ${cpu} s (stopped at budget: $stopped, exit $status)"
echo "  executions: ${execs:-?}   start ${inited:-?}   end ${cov_end:-?}   ${corp_end:-}"
echo "  corpus folder: $(ls "$corpus" | wc -l) files in $corpus"
after=$(ls "$artifacts" | wc -l)
if [ "$after" -gt "$before" ]; then
    echo "  findings: $((after - before)) new in $artifacts:"
    ls -t "$artifacts" | head -n $((after - before)) | sed 's/^/    /'
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|==[0-9]+== ERROR)' "$log" | head -n 5 | sed 's/^/    /' || true
elif [ "$stopped" = no ]; then
    echo "  findings: none; the run ended before its budget (interrupted, or see $log)"
else
    echo "  findings: none"
fi
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -Is)" "$target" "$cpu" "${execs:-?}" \
    "${inited:-?}" "${cov_end:-?}" "${corp_end:-?}" "$status" >>"$logs/runs.tsv"
[ "$stopped" = yes ] || exit 1
