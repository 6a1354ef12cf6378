# Sourced by bench/*_overhead.sh, which run prun against the testbeds of the test suite
# (tests/testbeds/: the loopback sshd, the private Slurm cluster; they need root, as the
# tests do). Defines:
#   bench_setup DEFAULT_JOBS [JOBS] [RUNS]   sets $prun ($PRUN, else the release build),
#                                            $jobs, $runs and $dir, a scratch directory whose
#                                            testbeds are stopped, and which is removed, at exit
#   start_sshd / start_slurm                 start one in $dir; $ssh_cmd / Slurm's env.sh
#   median, now, elapsed T0                  timing helpers (seconds, as bc reads them)
bench_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_testbeds=$bench_here/../tests/testbeds

bench_setup() {
  prun=$(readlink -f "${PRUN:-$bench_here/../build/release/prun}")
  jobs=${2:-$1}
  runs=${3:-3}
  dir=$(mktemp -d)
  chmod 0711 "$dir" # Slurm's daemons run as other users
  trap '"$bench_testbeds/sshd.sh" stop "$dir/sshd" >/dev/null 2>&1 || true
        "$bench_testbeds/slurm.sh" stop "$dir/slurm" >/dev/null 2>&1 || true
        rm -rf "$dir"' EXIT
}

start_sshd() {
  "$bench_testbeds/sshd.sh" start "$dir/sshd" >/dev/null
  ssh_cmd="ssh -F $dir/sshd/ssh_config"
}

# Returns non-zero (with nothing started) when Slurm cannot be installed here.
start_slurm() {
  "$bench_testbeds/slurm.sh" start "$dir/slurm" >/dev/null 2>&1 || return 1
  . "$dir/slurm/env.sh"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc -l; }
