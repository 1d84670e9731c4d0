#!/usr/bin/env bash
# A throw-away single-node Slurm cluster on localhost: munged, slurmctld and slurmd started
# directly (no systemd, no cgroups, no accounting), for tests and CI of `vsm sweep --backend slurm`.
#
#   bash scripts/slurm-local.sh up      start it; returns once the node is idle
#   bash scripts/slurm-local.sh down    cancel jobs, stop the daemons
#   bash scripts/slurm-local.sh env     print the 'export SLURM_CONF=...' clients need
#
# Needs root and: apt-get install slurmctld slurmd slurm-client munge (scripts/setup.sh does).
# Environment: SLURM_LOCAL_DIR (state, logs, config) [/tmp/vsm-slurm].
set -euo pipefail

DIR=${SLURM_LOCAL_DIR:-/tmp/vsm-slurm}
CONF=$DIR/etc/slurm.conf
RUN=$DIR/run
SOCK=$RUN/munge.socket
export SLURM_CONF=$CONF

die() { echo "slurm-local: $*" >&2; exit 1; }
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
wait_for() {  # seconds, command...
  local tries=$(($1 * 10)); shift
  for ((i = 0; i < tries; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}

up() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  command -v slurmctld >/dev/null || die "slurmctld missing: apt-get install slurmctld slurmd slurm-client munge"
  if alive "$RUN/slurmctld.pid" && alive "$RUN/slurmd.pid" && scontrol ping >/dev/null 2>&1; then
    echo "slurm-local: already up"; return
  fi
  down >/dev/null 2>&1 || true
  rm -rf "$DIR/state" "$DIR/spool" "$RUN" "$DIR/log"
  mkdir -p "$DIR/etc" "$DIR/state" "$DIR/spool" "$RUN" "$DIR/log"
  chmod 755 "$DIR" "$DIR/etc" "$RUN" "$DIR/log"  # munged refuses group/world-writable directories
  # Facts that each cost a debugging round: no cgroups (proctrack/linuxproc, task/none); the
  # node by address, not the container's hostname; DependencyParameters=kill_invalid_depend
  # (not SchedulerParameters) or a job depending on a failed one stays pending forever;
  # batch_sched_delay=0 schedules in about 1 s instead of 3; never more CPUs than nproc.
  cat > "$CONF" <<CONF
ClusterName=vsmlocal
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCK
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$RUN/slurmctld.pid
SlurmdPidFile=$RUN/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
DependencyParameters=kill_invalid_depend
SchedulerParameters=batch_sched_delay=0
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=localhost NodeAddr=127.0.0.1 NodeHostname=localhost CPUs=$(nproc) RealMemory=$(awk '/MemTotal/ { print int($2 * 0.8 / 1024) }' /proc/meminfo) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  [ -s "$DIR/etc/munge.key" ] || dd if=/dev/urandom of="$DIR/etc/munge.key" bs=1024 count=1 status=none
  chmod 400 "$DIR/etc/munge.key"
  munged --force --socket="$SOCK" --key-file="$DIR/etc/munge.key" --log-file="$DIR/log/munged.log" \
    --pid-file="$RUN/munged.pid" --seed-file="$RUN/munged.seed" || die "munged failed ($DIR/log/munged.log)"
  wait_for 10 test -S "$SOCK" || die "munged socket did not appear"
  slurmctld -f "$CONF" || die "slurmctld failed ($DIR/log/slurmctld.log)"
  wait_for 30 sh -c 'scontrol ping | grep -q " is UP"' || die "slurmctld not answering ($DIR/log/slurmctld.log)"
  slurmd -f "$CONF" -N localhost || die "slurmd failed ($DIR/log/slurmd.log)"
  wait_for 30 sh -c '[ "$(sinfo -h -n localhost -o %T)" = idle ]' ||
    die "node not idle: $(sinfo -h -n localhost -o %T) ($DIR/log/slurmd.log)"
  echo "slurm-local: up (export SLURM_CONF=$CONF)"
}

down() {
  if alive "$RUN/slurmctld.pid"; then
    scancel -p debug 2>/dev/null || true  # jobs outlive slurmd otherwise
    wait_for 10 sh -c '[ -z "$(squeue -h -o %i)" ]' || true
    scontrol shutdown >/dev/null 2>&1 || true
  fi
  local daemon pid
  for daemon in slurmd slurmctld munged; do
    alive "$RUN/$daemon.pid" || continue
    pid=$(cat "$RUN/$daemon.pid" 2>/dev/null) || continue  # read once: the daemon removes it as it stops
    kill "$pid" 2>/dev/null || true
    wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || kill -9 "$pid" 2>/dev/null || true
  done
  rm -f "$RUN"/*.pid
  echo "slurm-local: down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) echo "export SLURM_CONF=$CONF" ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
