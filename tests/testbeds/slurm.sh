#!/usr/bin/env bash
# A private one-machine Slurm cluster for prun's tests: munged, slurmctld and three slurmd
# nodes n1..n3 (CPUs=2 each), all state in DIR, listening on 127.0.0.1 only.
#   slurm.sh start DIR   start everything, wait until n1..n3 are idle, write DIR/env.sh
#   slurm.sh stop DIR    cancel jobs, wait for the queue to drain, stop the daemons by pid
# Then: . DIR/env.sh; srun -n1 hostname
# Exit 77 means "skip": Slurm or munge is missing and could not be installed.
set -euo pipefail

WAIT=30                 # seconds for any bounded wait
MARK=PRUN_TESTBED_SLURM # env marker (value = DIR): slurmstepd inherits it from slurmd
NODES=(n1 n2 n3)

die() { echo "slurm.sh: $*" >&2; exit 1; }
skip() { echo "slurm unavailable: $*" >&2; exit 77; }

# A zombie counts as dead: this sandbox's init reaps slowly.
alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $s != Z* ]]; }

# TERM, up to 5 s grace, then KILL, up to 5 s more.
kill_wait() {
    [[ $# -gt 0 ]] || return 0
    local sig p t left
    for sig in TERM KILL; do
        kill -"$sig" "$@" 2>/dev/null || true
        for ((t = 0; t < 50; t++)); do
            left=0
            for p; do alive "$p" && { left=1; break; }; done
            ((left)) || return 0
            sleep 0.1
        done
    done
    die "still alive after SIGKILL: $*"
}

# kill_wait the daemons named by these pid files, together.
kill_pidfiles() {
    local f; local -a p=()
    for f; do
        if [[ -s $f ]]; then p+=("$(cat "$f")"); fi
    done
    kill_wait "${p[@]}"
    rm -f "$@"
}

# Run "$@" until it succeeds, for at most $WAIT seconds; give up early if daemon $1 died.
wait_for() {
    local pid t0=$SECONDS; pid=$(cat "$DIR/pids/$1"); shift
    until "$@" >/dev/null 2>&1; do
        alive "$pid" && ((SECONDS - t0 < WAIT)) || return 1
        sleep 0.1
    done
}

munge_ok() { munge -S "$DIR/munge/munge.socket" -n | unmunge -S "$DIR/munge/munge.socket"; }
ctld_up() { scontrol ping | grep UP >/dev/null; }
nodes_idle() { [[ $(sinfo -h -N -t idle -o %N | sort -u | wc -l) == "${#NODES[@]}" ]]; }
queue_empty() { [[ -z $(squeue -h -o %A) ]]; }

install_pkgs() {
    [[ $(id -u) == 0 ]] || skip "slurm/munge missing and not root, cannot apt-get install"
    command -v apt-get >/dev/null || skip "slurm/munge missing and no apt-get"
    echo "slurm.sh: installing slurm-wlm munge (log: $DIR/install.log)" >&2
    # policy-rc.d exiting 101 stops apt from starting the system munged/slurmd/slurmctld.
    local made=""
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && made=1
    fi
    local apt=(apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=120 slurm-wlm munge)
    { DEBIAN_FRONTEND=noninteractive "${apt[@]}" ||
      { apt-get update && DEBIAN_FRONTEND=noninteractive "${apt[@]}"; }; } >"$DIR/install.log" 2>&1 || true
    [[ -n $made ]] && rm -f /usr/sbin/policy-rc.d
    have_all || skip "apt-get install slurm-wlm munge did not provide all binaries (see $DIR/install.log)"
}

have_all() {
    local b
    for b in munged munge unmunge slurmctld slurmd srun sinfo squeue scancel scontrol; do
        command -v "$b" >/dev/null || return 1
    done
}

# Ports in use by any socket in any state on any address, as " p1 p2 ... ".
used_ports() {
    local _ addr used=" "
    while read -r _ addr _; do used+="$((16#${addr##*:})) "; done < <(tail -qn +2 /proc/net/tcp /proc/net/tcp6 2>/dev/null)
    echo "$used"
}

# $2 free ports from $1 up.
free_ports() {
    local used p n=$2; used=$(used_ports)
    for ((p = $1; n > 0 && p < $1 + 500; p++)); do
        if [[ $used != *" $p "* ]]; then echo "$p"; n=$((n - 1)); fi
    done
    ((n == 0)) || die "not enough free ports from $1"
}

# Start a daemon in the background with the marker, remember its pid in DIR/pids/NAME.
launch() {
    local name=$1; shift
    env "$MARK=$DIR" "$@" </dev/null >"$DIR/log/$name.out" 2>&1 9>&- &
    echo $! >"$DIR/pids/$name"
}

# Fail start: show daemon $1's output and log, tear down what is up.
fail() {
    tail -n 15 "$DIR/log/$1".{out,log} >&2 2>/dev/null || true
    stop
    die "$2"
}

start() {
    # munged wants o+x on every directory above its socket.
    mkdir -p "$DIR" && chmod 0711 "$DIR"
    DIR=$(cd "$DIR" && pwd -P)
    [[ -z $(ls -A "$DIR/pids" 2>/dev/null) ]] || die "already running in $DIR (or not stopped)"
    # Serialize concurrent starts (e.g. ctest -j): one apt-get and one policy-rc.d at a
    # time, and no two servers picking the same port before either has bound it.
    exec 9>/tmp/prun-testbeds.lock
    flock -w 180 9 || die "timed out waiting for /tmp/prun-testbeds.lock"
    have_all || install_pkgs
    rm -rf "$DIR"/{state,spool,log,pids,munge}
    mkdir -p "$DIR"/{state,log,pids} "${NODES[@]/#/$DIR/spool/}"
    # munged insists: socket dir searchable by others (0711), key readable by owner only.
    mkdir -m 0711 "$DIR/munge"
    head -c 1024 /dev/urandom >"$DIR/munge/munge.key" && chmod 0400 "$DIR/munge/munge.key"
    local sock=$DIR/munge/munge.socket

    local -a ports; mapfile -t ports < <(free_ports 16817 $((1 + ${#NODES[@]})))
    ((${#ports[@]} == 1 + ${#NODES[@]})) || die "no free ports for slurmctld/slurmd"

    cat >"$DIR/slurm.conf" <<EOF
ClusterName=prun-test
SlurmctldHost=localhost
SlurmctldPort=${ports[0]}
SlurmdPort=${ports[1]}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool/%n
SlurmctldPidFile=$DIR/log/slurmctld.pid
SlurmdPidFile=$DIR/log/slurmd-%n.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
# Short TERM->KILL grace so scancel (and stop) finish quickly.
KillWait=2
# Lets CPUs= exceed the real cores.
SlurmdParameters=config_overrides
# Bind to the node/controller address (loopback), never to 0.0.0.0.
CommunicationParameters=NoInAddrAny,NoCtldInAddrAny
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
    # Several slurmd on one machine (Debian builds multiple-slurmd): one port each.
    local i
    for i in "${!NODES[@]}"; do
        echo "NodeName=${NODES[i]} NodeHostname=localhost NodeAddr=127.0.0.1 Port=${ports[i + 1]} CPUs=2"
    done >>"$DIR/slurm.conf"
    printf 'export SLURM_CONF=%q\n' "$DIR/slurm.conf" >"$DIR/env.sh"
    export SLURM_CONF=$DIR/slurm.conf

    launch munged munged -F --socket="$sock" --key-file="$DIR/munge/munge.key" \
        --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/log/munged.log" \
        --seed-file="$DIR/munge/munged.seed" --num-threads=4
    wait_for munged munge_ok ||
        fail munged "munged did not answer within ${WAIT}s"

    # -c: start from empty state even if DIR held an earlier cluster.
    launch slurmctld slurmctld -D -c -f "$DIR/slurm.conf"
    wait_for slurmctld ctld_up ||
        fail slurmctld "slurmctld not UP within ${WAIT}s"

    local n
    for n in "${NODES[@]}"; do launch "slurmd-$n" slurmd -D -N "$n" -f "$DIR/slurm.conf"; done
    wait_for slurmctld nodes_idle ||
        fail slurmd-n1 "n1..n3 not idle within ${WAIT}s: $(sinfo -N 2>&1 | tr '\n' ' ')"
    exec 9>&-
    echo "slurm: nodes n1..n3 idle, controller 127.0.0.1:${ports[0]}; use . $DIR/env.sh"
}

stop() {
    DIR=$(cd "$DIR" 2>/dev/null && pwd -P) || return 0
    [[ -d $DIR/pids ]] || return 0
    export SLURM_CONF=$DIR/slurm.conf
    if [[ -f $DIR/pids/slurmctld ]] && alive "$(cat "$DIR/pids/slurmctld")"; then
        squeue -h -o %A 2>/dev/null | xargs -r scancel 2>/dev/null || true
        wait_for slurmctld queue_empty ||
            echo "slurm.sh: jobs still queued after ${WAIT}s, stopping anyway" >&2
    fi
    # Nodes, then the controller, then munged: each group fully dead before the next.
    kill_pidfiles "$DIR"/pids/slurmd-*
    kill_pidfiles "$DIR/pids/slurmctld"
    kill_pidfiles "$DIR/pids/munged"
    # Stragglers if the queue did not drain: slurmstepd (inherits the marker from slurmd)
    # and job tasks (SLURMD_NODENAME, plus the SLURM_CONF that srun passed on from env.sh).
    local pid; local -a v=()
    while read -r pid; do
        if [[ $pid != "$$" ]] && alive "$pid"; then v+=("$pid"); fi
    done < <({ grep -lsxz "$MARK=$DIR" /proc/[0-9]*/environ
               grep -lsxz "SLURM_CONF=$DIR/slurm.conf" /proc/[0-9]*/environ |
                   xargs -r grep -lsz '^SLURMD_NODENAME='; } | cut -d/ -f3 | sort -u)
    kill_wait "${v[@]}"
    rmdir "$DIR/pids" 2>/dev/null || true
}

[[ $# == 2 ]] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
DIR=$2
case $1 in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
