#!/usr/bin/env bash
# make check-slurm: a real Slurm run of a sweep, and of one run split into shards. Starts a one-node cluster on this machine by hand
# (munged with its own key and socket, slurmctld and slurmd in the foreground, everything in a temp
# folder; no systemd), submits the array script of `sim sweep --emit-slurm` with `sbatch --wait`,
# merges the shards with `sim sweep-merge` and compares results.csv with a local sweep (without the
# last column, `seconds`); then a terrain run as a 4-task array of `sim run --shard`, `sim merge`d and
# compared byte for byte with the same run on one machine. Needs root (SlurmUser=root) and Debian's slurmctld, slurmd, slurm-client
# and munge packages (installed here when missing). Closing line: "slurm: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
SIM=${SIM:-$REPO/.build/debug/sim}
[ -x "$SIM" ] || { echo "slurm: $SIM missing; run swift build --product sim first"; exit 1; }
SIM=$(readlink -f "$SIM")

missing=""
for p in slurmctld slurmd slurm-client munge; do dpkg -s $p >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ "$(id -u)" = 0 ] || { echo "slurm: this test runs the daemons as root (SlurmUser=root); run it as root"; exit 1; }

T=$(mktemp -d /tmp/slurm-test.XXXXXX)
chmod 700 "$T"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "${KEEP:-}" ]; then echo "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT

# munge: own key, socket, pid, log and seed files.
mkdir -p "$T/munge" "$T/spool" "$T/state" "$T/log"
chmod 700 "$T/munge"
dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$T/munge/munge.key"
SOCK="$T/munge/munge.socket"
munged --foreground --force --socket="$SOCK" --key-file="$T/munge/munge.key" --pid-file="$T/munge/munged.pid" \
  --log-file="$T/log/munged.log" --seed-file="$T/munge/munged.seed" >"$T/log/munged.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
[ -S "$SOCK" ] || { echo "slurm: munged did not start"; cat "$T/log/munged.log"; exit 1; }

HOST=$(hostname -s)
# Ports away from the defaults (6817/6818), so a system Slurm or a second test run does not collide.
CTLD_PORT=$((20000 + RANDOM % 20000)); SLURMD_PORT=$((CTLD_PORT + 1))
export SLURM_CONF="$T/slurm.conf"
cat > "$SLURM_CONF" <<EOF
ClusterName=simtest
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCK
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -i >"$T/log/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -N "$HOST" >"$T/log/slurmd.out" 2>&1 &
PIDS+=($!)
state=""
for _ in $(seq 100); do
  state=$(sinfo -h -n "$HOST" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.2
done
if [ "$state" != idle ]; then
  echo "slurm: node $HOST not idle (state '$state')"; tail -20 "$T/log/slurmctld.log" "$T/log/slurmd.log"; exit 1
fi
echo "slurm: one-node cluster up ($HOST, 2 CPUs, ports $CTLD_PORT/$SLURMD_PORT)"

# A 6-run sweep on 1 km population cells, in 3 array tasks.
mkdir -p "$T/sweep"
cat > "$T/sweep/base.yaml" <<EOF
extends: $REPO/data/scenarios/quang-tri-2017.yaml
population:
  cell_size_m: 1000
EOF
cat > "$T/sweep/sweep.yaml" <<EOF
base: base.yaml
axes:
  radio.threshold_dbm: [-105, -110, -115]
  radio.rx_height_m: [1.5, 3]
EOF
pass=0; fail=0
check() { # name, command...
  local name=$1; shift
  if "$@"; then echo "ok: $name"; pass=$((pass + 1)); else echo "FAILED: $name"; fail=$((fail + 1)); fi
}

# The cluster's output folder has a space and a $(…) in its name: the emitted #SBATCH --output line
# double-quotes it for sbatch's own parser, and the commands single-quote it for bash.
C="$T/cluster run \$(x)"
"$SIM" sweep "$T/sweep/sweep.yaml" --out "$C" --emit-slurm --slurm-tasks 3
start=$(date +%s)
check "sbatch --wait of the emitted array script" timeout 300 sbatch --wait "$C/sweep.sbatch"
echo "slurm: array job finished in $(( $(date +%s) - start )) s"
check "every array task ran its shard, logging into the output folder" bash -c "[ \$(cat \"\$1\"/slurm-*.out | grep -c '^shard ') = 3 ]" _ "$C"
check "sim sweep-merge" "$SIM" sweep-merge "$C"
"$SIM" sweep "$T/sweep/sweep.yaml" --out "$T/local" --jobs 2 >/dev/null
check "merged results.csv = local sweep's (without the seconds column)" \
  cmp <(sed 's/,[^,]*$//' "$C/results.csv") <(sed 's/,[^,]*$//' "$T/local/results.csv")
check "6 ok rows" bash -c "[ \$(grep -c ',ok,' \"\$1/results.csv\") = 6 ]" _ "$C"
if [ $fail != 0 ]; then
  for f in "$C"/slurm-*.out; do echo "== $f"; cat "$f"; done
  tail -20 "$T/log/slurmctld.log"
fi

# One run split over the cluster: the default 2017 network over synthetic terrain (four 3″ SRTM tiles of rolling
# hills written here; no DEM ships), ITM on coarse radials, as a 4-task array of `sim run --shard`, merged with
# `sim merge` and compared byte for byte with the same run on this machine.
mkdir -p "$T/terrain/dem"
/usr/bin/python3 - "$T/terrain/dem" <<'PY'
import math, struct, sys
for lat0, lon0 in [(16, 106), (16, 107), (17, 106), (17, 107)]:
    rows = []
    for r in range(1201):
        lat = lat0 + 1 - r / 1200
        rows.append(struct.pack(">1201h", *(int(60 + 250 * (1 + math.sin(7 * (lon0 + c / 1200)) * math.cos(5 * lat))) for c in range(1201))))
    open(f"{sys.argv[1]}/N{lat0}E{lon0:03d}.hgt", "wb").write(b"".join(rows))
PY
cat > "$T/terrain/run.yaml" <<YAML
extends: $REPO/data/scenarios/quang-tri-2017.yaml
name: Slurm check, synthetic terrain
population:
  cell_size_m: 1000
radio:
  max_radius_m: 6000
terrain:
  dem: dem
  radial_step_deg: 10
  sample_spacing_m: 200
YAML
R="$T/run on cluster"
check "sim run --emit-slurm" "$SIM" run "$T/terrain/run.yaml" --emit-slurm --slurm-tasks 4 --slurm-cpus 1 --out "$R"
start=$(date +%s)
check "sbatch --wait of the run's array script (4 shards)" timeout 600 sbatch --wait "$R/run.sbatch"
echo "slurm: run array job finished in $(( $(date +%s) - start )) s"
check "every array task wrote its shard" bash -c 'for k in 0 1 2 3; do [ -f "$1/shard-$k/footprints.bin" ] || exit 1; done' _ "$R"
check "sim merge of the 4 shards" "$SIM" merge "$T/terrain/run.yaml" "$R"/shard-0 "$R"/shard-1 "$R"/shard-2 "$R"/shard-3 --out "$R/merged"
"$SIM" run "$T/terrain/run.yaml" --out "$T/terrain/local" --jobs 2 >/dev/null
check "merged outputs = the run on one machine, byte for byte" diff -r "$R/merged" "$T/terrain/local"
if [ $fail != 0 ]; then
  for f in "$R"/slurm-*.out; do echo "== $f"; cat "$f"; done
fi
echo "slurm: $pass passed, $fail failed"
[ $fail = 0 ]
