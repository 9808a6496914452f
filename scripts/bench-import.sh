#!/usr/bin/env bash
# Import throughput benchmark: imports the Olist MQL export into a fresh local stack, RUNS times,
# and prints for each run the wall time of the store phase (rows put into the lead table) and of
# the evaluation that is still pending when storing ends (the drain), with rows per second and
# the median over the runs. Each run gets a stack of its own, so no row is ever a duplicate.
#
#   scripts/bench-import.sh [--runs 3] [--probe-puts 2000] [--run-timeout 1200] [--csv FILE]
#
# Before the runs, scripts/MotoRoundTrips.java times single requests against a fresh moto of its
# own (--probe-puts 0 skips it). --csv takes another file with the same columns, such as
# src/test/resources/csv/olist-mqls.csv for a quick check of the script itself. Each run's logs
# are kept under target/bench-import/. Everything this script starts is stopped when it ends,
# however it ends. docs/benchmarks.md explains the figures and has results.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

runs=3
probe_puts=2000
run_timeout=1200
start_timeout=120
model=models/olist/model.yaml
mapping=models/olist/mqls.mapping.yaml
csv=../shared/datasets/olist-marketing-funnel/olist_marketing_qualified_leads_dataset.csv

usage() {
    sed -n 's/^#   //p' "$0" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="${2:?}"; shift 2 ;;
        --probe-puts) probe_puts="${2:?}"; shift 2 ;;
        --run-timeout) run_timeout="${2:?}"; shift 2 ;;
        --csv) csv="${2:?}"; shift 2 ;;
        *) usage ;;
    esac
done
case "$runs$probe_puts$run_timeout" in *[!0-9]*) usage ;; esac
[ "$runs" -ge 1 ] || usage
[ -r "$csv" ] || { echo "bench-import: cannot read $csv" >&2; exit 1; }

. "$root/bin/env.sh"
results="$root/target/bench-import/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"

# --- starting and stopping stacks -------------------------------------------------------------

stack_pid=""
moto_pid=""
stack_dir=""
import_pid=""

stop_stack() {
    if [ -n "$import_pid" ] && kill -0 "$import_pid" 2>/dev/null; then
        # import_pid is `timeout`, which passes the signal on to the import it runs.
        kill -TERM "$import_pid" 2>/dev/null || true
        wait "$import_pid" 2>/dev/null || true
    fi
    import_pid=""
    if [ -n "$stack_pid" ] && kill -0 "$stack_pid" 2>/dev/null; then
        # SIGTERM runs the stack's shutdown hook, which stops its moto server too.
        kill -TERM "$stack_pid" 2>/dev/null || true
        for _ in $(seq 100); do
            kill -0 "$stack_pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$stack_pid" 2>/dev/null || true
        wait "$stack_pid" 2>/dev/null || true
    fi
    if [ -n "$moto_pid" ] && kill -0 "$moto_pid" 2>/dev/null; then
        kill -TERM "$moto_pid" 2>/dev/null || true
        sleep 1
        kill -KILL "$moto_pid" 2>/dev/null || true
    fi
    if [ -n "$stack_dir" ]; then
        rm -rf "$stack_dir"
    fi
    stack_pid=""
    moto_pid=""
    stack_dir=""
}
trap 'stop_stack' EXIT
trap 'exit 130' INT TERM

# Starts `stageline local` with the model on a port the system picks (--port 0, so no other
# program can take it between choosing and binding), and waits for its stack.json.
start_stack() {
    stack_dir="$(mktemp -d /tmp/stageline-bench.XXXXXX)"
    "$root/bin/stageline" local --model "$model" --port 0 --dir "$stack_dir" \
        >"$stack_dir/local.out" 2>&1 &
    stack_pid=$!
    local waited=0
    until [ -s "$stack_dir/stack.json" ]; do
        if ! kill -0 "$stack_pid" 2>/dev/null || [ "$waited" -ge $((start_timeout * 5)) ]; then
            echo "bench-import: the local stack did not start; its output:" >&2
            cat "$stack_dir/local.out" >&2
            exit 1
        fi
        sleep 0.2
        waited=$((waited + 1))
    done
    # bin/stageline execs java, so stack_pid is the JVM; moto is its only child process.
    moto_pid="$(ps -o pid= --ppid "$stack_pid" | tr -d ' ' | head -n 1)"
    stack_endpoint="$(sed -n 's/.*"endpoint" *: *"\([^"]*\)".*/\1/p' "$stack_dir/stack.json")"
}

# CPU seconds (user + system) a process has used so far.
cpu_seconds() {
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }
    # Fields after the command name: utime and stime are the 12th and 13th.
    echo "${stat##*) }" | awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($12 + $13) / hz }'
}

# Events the stack's evaluator has logged as evaluated so far.
evaluated_so_far() {
    grep -o '"message":"batch evaluated","records":[0-9]*' "$stack_dir/local.out" 2>/dev/null \
        | awk -F: '{ n += $NF } END { print n + 0 }'
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
        else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# --- the machine -------------------------------------------------------------------------------

"$root/bin/stageline" --help >/dev/null  # builds target/stageline.jar first if it is stale
{
    echo "machine: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1))," \
        "memory $(free -h | awk '/^Mem:/ { print $2 " total, " $7 " available" }')"
    echo "jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
    echo "moto: $(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || echo unknown)"
    echo "load average before the runs: $(cut -d ' ' -f 1-3 /proc/loadavg)"
    echo "input: $csv ($(($(wc -l <"$csv") - 1)) rows)"
} | tee "$results/machine.txt"

# --- single requests ---------------------------------------------------------------------------

if [ "$probe_puts" -gt 0 ]; then
    echo
    echo "single requests against an idle moto ($probe_puts puts after 200 of warm-up; cpu is"
    echo "the moto process's own CPU time per request):"
    start_stack
    timeout "$run_timeout" "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
        -cp "$root/target/stageline.jar" "$root/scripts/MotoRoundTrips.java" \
        "$stack_endpoint" "$probe_puts" "$moto_pid" | tee "$results/roundtrips.txt"
    stop_stack
fi

# --- the runs ----------------------------------------------------------------------------------

# Stamps each line of the import's output as it arrives. The line that ends the store phase also
# notes how many events the background evaluation had done by then and moto's CPU time so far.
stamp() {
    local line
    while IFS= read -r line; do
        echo "$EPOCHREALTIME $line"
        case "$line" in
            "evaluating the new events"*)
                echo "$EPOCHREALTIME #store-end evaluated=$(evaluated_so_far)" \
                    "moto_cpu=$(cpu_seconds "$moto_pid")" ;;
        esac
    done
}

field() {  # field NAME LOG: the value of NAME=... on the #store-end line
    sed -n "s/.* #store-end .*$1=\([0-9.]*\).*/\1/p" "$2" | head -n 1
}

echo
printf '%-4s %6s %8s %11s %8s %8s %11s %10s %14s %9s\n' run rows "store s" "store row/s" \
    "drain s" "total s" "total row/s" "evaluated" "moto cpu s" "requests"
printf '%-4s %6s %8s %11s %8s %8s %11s %10s %14s %9s\n' "" "" "" "(import)" "" "" "" \
    "at store" "store+drain" "to moto"
for run in $(seq "$runs"); do
    start_stack
    log="$results/run-$run.import.log"
    moto_cpu_before="$(cpu_seconds "$moto_pid")"
    stack_cpu_before="$(cpu_seconds "$stack_pid")"
    mkfifo "$stack_dir/import.out"
    started="$EPOCHREALTIME"

    timeout "$run_timeout" "$root/bin/stageline" import --stack "$stack_dir/stack.json" \
        --mapping "$mapping" "$csv" >"$stack_dir/import.out" 2>&1 &
    import_pid=$!
    stamp <"$stack_dir/import.out" >"$log"
    status=0
    wait "$import_pid" || status=$?
    import_pid=""
    ended="$EPOCHREALTIME"
    moto_cpu_after="$(cpu_seconds "$moto_pid")"
    stack_cpu_after="$(cpu_seconds "$stack_pid")"

    if [ "$status" -ne 0 ] || ! grep -q ' done\.$' "$log"; then
        echo "bench-import: run $run failed (exit $status); see $log" >&2
        exit 1
    fi
    summary="$(grep -E ' [0-9]+ rows, [0-9]+ events stored' "$log" | head -n 1)"
    rows="$(sed -E 's/.*: ([0-9]+) rows,.*/\1/' <<<"$summary")"
    stored="$(sed -E 's/.* rows, ([0-9]+) events stored.*/\1/' <<<"$summary")"
    duplicates="$(sed -E 's/.* ([0-9]+) duplicates.*/\1/' <<<"$summary")"
    import_rate="$(sed -E 's/.*\(([0-9]+) rows\/s\).*/\1/' <<<"$summary")"
    if [ "$duplicates" -ne 0 ] || [ "$stored" -ne "$rows" ]; then
        echo "bench-import: run $run stored $stored of $rows rows with $duplicates duplicates;" \
            "a fresh stack should store every row" >&2
        exit 1
    fi
    store_end="$(awk '/ #store-end / { print $1; exit }' "$log")"
    requests="$(grep -c '"POST / HTTP' "$stack_dir/moto.log" || true)"
    cp "$stack_dir/local.out" "$results/run-$run.stack.log"
    stop_stack

    awk -v run="$run" -v rows="$rows" -v rate="$import_rate" -v s="$started" -v m="$store_end" \
        -v e="$ended" -v evaluated="$(field evaluated "$log")" -v c0="$moto_cpu_before" \
        -v cm="$(field moto_cpu "$log")" -v c1="$moto_cpu_after" -v req="$requests" \
        -v j0="$stack_cpu_before" -v j1="$stack_cpu_after" 'BEGIN {
            printf "%s %d %.1f %d %.1f %.1f %.1f %d %.1f %.1f %.1f %d\n", run, rows, m - s, rate,
                e - m, e - s, rows / (e - s), evaluated, cm - c0, c1 - cm, j1 - j0, req
        }' >>"$results/figures.txt"
    tail -n 1 "$results/figures.txt" | awk '{
        printf "%-4s %6d %8.1f %11d %8.1f %8.1f %11.1f %10d %14s %9d\n", $1, $2, $3, $4, $5, $6, $7,
            $8, $9 "+" $10, $12 }'
done

echo
echo "median over $runs run(s):"
for column in "4 store rate (import's own figure), rows/s" "3 store phase, s" "5 drain, s" \
    "6 whole import command, s" "7 end to end, rows/s"; do
    median_value="$(awk -v c="${column%% *}" '{ print $c }' "$results/figures.txt" | median)"
    printf '  %-45s %s\n' "${column#* }" "$median_value"
done
echo "stack JVM CPU s per run (evaluation and stream pump): $(awk '{ printf "%s ", $11 }' \
    "$results/figures.txt")"
echo "load average after the runs: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "figures: $results/figures.txt (run rows store_s store_rate drain_s total_s total_rate" \
    "evaluated_at_store_end moto_cpu_store moto_cpu_drain stack_cpu requests)"
