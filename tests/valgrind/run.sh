#!/bin/sh
# Runs the test programs under valgrind memcheck, every vanthu process they start traced too,
# and prints per program: the tests' exit code, the processes checked, memcheck's errors and
# the bytes definitely and indirectly lost. Exit 0 only when no process reported an error or a
# leak and every program passed. Usage (from anywhere; a RelWithDebInfo tree, see README.md):
#   tests/valgrind/run.sh [BUILD_DIR [test_program ...]]     (default: build-vg, every test_*)
# Logs: BUILD_DIR/valgrind/<program>/<pid>.log, one per process; the summary is also written to
# BUILD_DIR/valgrind/summary.txt (or $SUMMARY). Programs that are not ours (poppler's tools, zip, the shell,
# PostgreSQL's) run without valgrind.
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$repo/build-vg}" && pwd) || exit 66
[ $# -gt 0 ] && shift
out=$build/valgrind
mkdir -p "$out"

if [ $# -gt 0 ]; then programs="$*"
else programs=$(find "$build/tests" -mindepth 2 -maxdepth 2 -type f -perm -u+x -name 'test_*' ! -name '*.*' -printf '%f\n' | sort); fi

skip='*/pdftotext,*/pdffonts,*/pdfinfo,*/pdftoppm,*/qpdf,*/sh,*/dash,*/bash,*/env,*/python3*'
skip="$skip,*/curl,*/openssl,*/timeout,*/zip,*/unzip,*/psql,*/pg_ctl,*/postgres,*/initdb,*/runuser,*/cmake,*/ldd,*/sleep,*/cat"

summary=${SUMMARY:-$out/summary.txt}  # SUMMARY=FILE: another table, for runs side by side
printf '%-16s %6s %9s %7s %12s %12s\n' program exit processes errors "definite B" "indirect B" | tee "$summary"
bad=0
for p in $programs; do
    binary=$(ls "$build"/tests/*/"$p" 2>/dev/null | head -n 1)
    [ -x "$binary" ] || { echo "not built: $p" >&2; bad=1; continue; }
    logs=$out/$p
    rm -rf "$logs"
    mkdir -p "$logs"
    (cd "$repo" && valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect --num-callers=40 --trace-children=yes \
        --trace-children-skip="$skip" --child-silent-after-fork=yes \
        --log-file="$logs/%p.log" "$binary" > "$logs/output.txt" 2>&1)
    code=$?
    processes=$(ls "$logs" | grep -c '\.log$')
    errors=$(cat "$logs"/*.log | sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' | tr -d , | awk '{s+=$1} END {print s+0}')
    definite=$(cat "$logs"/*.log | sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' | tr -d , | awk '{s+=$1} END {print s+0}')
    indirect=$(cat "$logs"/*.log | sed -n 's/.*indirectly lost: \([0-9,]*\) bytes.*/\1/p' | tr -d , | awk '{s+=$1} END {print s+0}')
    printf '%-16s %6s %9s %7s %12s %12s\n' "$p" "$code" "$processes" "$errors" "$definite" "$indirect" | tee -a "$summary"
    [ "$code" = 0 ] && [ "$errors" = 0 ] && [ "$definite" = 0 ] && [ "$indirect" = 0 ] || bad=1
done
[ $bad = 0 ] && echo "valgrind: no errors, no leaks, every program passed" | tee -a "$summary"
exit $bad
