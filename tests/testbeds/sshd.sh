#!/usr/bin/env bash
# A private OpenSSH server posing as three hosts (node1..3 = 127.0.0.1..3) for prun's tests.
#   sshd.sh start DIR   set up keys/configs in DIR, start sshd, wait until node1..3 answer
#   sshd.sh stop DIR    kill every process the server spawned, then the server; wait for them
# Exit 77 means "skip": sshd is missing and could not be installed. Loopback only.
set -euo pipefail

SSHD=/usr/sbin/sshd
WAIT=30             # seconds for any bounded wait
MARK=PRUN_TESTBED   # env marker (value = DIR) that finds processes which escaped the tree

die() { echo "sshd.sh: $*" >&2; exit 1; }
skip() { echo "sshd unavailable: $*" >&2; exit 77; }

# A zombie counts as dead: this sandbox's init reaps slowly.
alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $s != Z* ]]; }

# Descendants of sshd $1 plus anything else carrying our marker (jobs reparented to init
# once their session ended), minus sshd itself, this shell and its ancestors.
victims() {
    local self=" $1 " p=$$
    while [[ $p -gt 1 ]]; do self+="$p "; p=$(ps -o ppid= -p "$p" | tr -d ' '); done
    {
        ps -e -o pid=,ppid= | awk -v root="$1" '
            { kids[$2] = kids[$2] " " $1 }
            END { n = split(kids[root], q, " "); for (i = 1; i <= n; i++) {
                      print q[i]; m = split(kids[q[i]], c, " "); for (j = 1; j <= m; j++) q[++n] = c[j] } }'
        grep -lsxz "$MARK=$DIR" /proc/[0-9]*/environ | cut -d/ -f3 || true
    } | sort -un | while read -r v; do [[ $self == *" $v "* ]] || echo "$v"; done
}

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

install_pkgs() {
    [[ $(id -u) == 0 ]] || skip "$SSHD missing and not root, cannot apt-get install"
    command -v apt-get >/dev/null || skip "$SSHD missing and no apt-get"
    echo "sshd.sh: installing openssh-server (log: $DIR/install.log)" >&2
    # policy-rc.d exiting 101 stops apt from starting the system sshd on port 22.
    local made=""
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && made=1
    fi
    local apt=(apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=120
               openssh-server openssh-client)
    { DEBIAN_FRONTEND=noninteractive "${apt[@]}" ||
      { apt-get update && DEBIAN_FRONTEND=noninteractive "${apt[@]}"; }; } >"$DIR/install.log" 2>&1 || true
    [[ -n $made ]] && rm -f /usr/sbin/policy-rc.d
    [[ -x $SSHD ]] || skip "apt-get install openssh-server did not provide $SSHD (see $DIR/install.log)"
}

# Ports in use by any socket in any state on any address, as " p1 p2 ... ".
used_ports() {
    local _ addr used=" "
    while read -r _ addr _; do used+="$((16#${addr##*:})) "; done < <(tail -qn +2 /proc/net/tcp /proc/net/tcp6 2>/dev/null)
    echo "$used"
}

# First free port from 2222 up.
free_port() {
    local used p; used=$(used_ports)
    for ((p = 2222; p < 2722; p++)); do
        if [[ $used != *" $p "* ]]; then echo "$p"; return; fi
    done
    die "no free port in 2222..2721"
}

start() {
    mkdir -p "$DIR" && chmod 700 "$DIR"
    DIR=$(cd "$DIR" && pwd -P)
    if [[ -s $DIR/sshd.pid ]] && alive "$(cat "$DIR/sshd.pid")"; then die "already running in $DIR"; fi
    # Serialize concurrent starts (e.g. ctest -j): one apt-get and one policy-rc.d at a
    # time, and no two servers picking the same port before either has bound it.
    exec 9>/tmp/prun-testbeds.lock
    flock -w 180 9 || die "timed out waiting for /tmp/prun-testbeds.lock"
    [[ -x $SSHD ]] || install_pkgs
    mkdir -p /run/sshd   # privilege separation dir; missing on a machine that never ran sshd

    rm -f "$DIR"/host_key* "$DIR"/id_ed25519*
    ssh-keygen -q -t ed25519 -N '' -C prun-testbed-host -f "$DIR/host_key"
    ssh-keygen -q -t ed25519 -N '' -C prun-testbed-client -f "$DIR/id_ed25519"
    cp "$DIR/id_ed25519.pub" "$DIR/authorized_keys"

    local port; port=$(free_port) || exit 1
    echo "$port" >"$DIR/port"

    cat >"$DIR/sshd_config" <<EOF
Port $port
AddressFamily inet
ListenAddress 127.0.0.1
ListenAddress 127.0.0.2
ListenAddress 127.0.0.3
HostKey $DIR/host_key
PidFile none
AuthorizedKeysFile $DIR/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
# Files under /tmp fail the ownership/mode checks.
StrictModes no
# The defaults (10:30:100, 10) drop connections when a test opens many at once.
MaxStartups 200
MaxSessions 200
# OpenSSH 9 scp speaks SFTP.
Subsystem sftp internal-sftp
UseDNS no
PrintMotd no
PrintLastLog no
X11Forwarding no
SetEnv $MARK=$DIR XDG_CACHE_HOME=$DIR/cache
EOF
    # OpenSSH >= 9.8 penalizes sources that fail often; tests hammer 127.0.0.1 on purpose.
    if "$SSHD" -t -f "$DIR/sshd_config" -o PerSourcePenalties=no 2>/dev/null; then
        echo "PerSourcePenalties no" >>"$DIR/sshd_config"
    fi

    local hk n; hk=$(cut -d' ' -f1,2 "$DIR/host_key.pub")
    : >"$DIR/known_hosts"
    : >"$DIR/ssh_config"
    for n in 1 2 3; do
        echo "[127.0.0.$n]:$port $hk" >>"$DIR/known_hosts"
        cat >>"$DIR/ssh_config" <<EOF
Host node$n
    HostName 127.0.0.$n
EOF
    done
    cat >>"$DIR/ssh_config" <<EOF
Host *
    Port $port
    User root
    IdentityFile $DIR/id_ed25519
    IdentitiesOnly yes
    BatchMode yes
    UserKnownHostsFile $DIR/known_hosts
    GlobalKnownHostsFile /dev/null
    StrictHostKeyChecking yes
    ConnectTimeout 5
    LogLevel ERROR
EOF

    # Marker in sshd's own environment too, so stop can find escaped children.
    env "$MARK=$DIR" "$SSHD" -D -e -f "$DIR/sshd_config" </dev/null >"$DIR/sshd.log" 2>&1 9>&- &
    echo $! >"$DIR/sshd.pid"

    # Probe the three names in parallel (a connection costs ~0.35 s here) until all answer.
    local t0=$SECONDS pending=(1 2 3) left; local -A job
    while ((${#pending[@]})); do
        alive "$(cat "$DIR/sshd.pid")" || { cat "$DIR/sshd.log" >&2; rm -f "$DIR/sshd.pid"; die "sshd exited"; }
        if grep -q 'Bind to port' "$DIR/sshd.log"; then stop; die "port $port taken: $(grep 'Bind to port' "$DIR/sshd.log")"; fi
        for n in "${pending[@]}"; do ssh -F "$DIR/ssh_config" "node$n" true </dev/null 2>/dev/null & job[$n]=$!; done
        left=()
        for n in "${pending[@]}"; do wait "${job[$n]}" || left+=("$n"); done
        pending=("${left[@]}")
        ((${#pending[@]} == 0 || SECONDS - t0 < WAIT)) ||
            { tail -n 20 "$DIR/sshd.log" >&2; stop; die "node${pending[0]} not reachable after ${WAIT}s"; }
        ((${#pending[@]} == 0)) || sleep 0.1
    done
    exec 9>&-
    echo "sshd: node1..3 = 127.0.0.1..3 port $port; use ssh -F $DIR/ssh_config node1"
}

stop() {
    DIR=$(cd "$DIR" 2>/dev/null && pwd -P) || return 0
    [[ -s $DIR/sshd.pid ]] || return 0
    local pid; pid=$(cat "$DIR/sshd.pid")
    # Remote jobs first: without a tty they outlive their ssh client and their session's sshd.
    local -a v; mapfile -t v < <(victims "$pid")
    kill_wait "${v[@]}"
    kill_wait "$pid"
    rm -f "$DIR/sshd.pid"
}

[[ $# == 2 ]] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
DIR=$2
case $1 in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
