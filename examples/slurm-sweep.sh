#!/usr/bin/env bash
# A sweep as a Slurm job array: task i runs shard i+1 of 8. Submit with `sbatch examples/slurm-sweep.sh`
# from a clone of overlaysim after `npm ci`; when every task is done, merge:
#   node bin/overlaysim.js merge results/shards/shard-{1..8} --out results/sweep
#SBATCH --job-name=overlaysim-sweep
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
set -euo pipefail
node bin/overlaysim.js sweep scenarios/encrypted-vs-plain.yaml \
  --set 'sweep={"underlay.hosts": [16, 32, 64, 128], "hosts.cores": [2, 4, 8, 16]}' \
  --shard "$((SLURM_ARRAY_TASK_ID + 1))/8" --jobs "${SLURM_CPUS_PER_TASK:-1}" --quiet \
  --out "results/shards/shard-$((SLURM_ARRAY_TASK_ID + 1))"
