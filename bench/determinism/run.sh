#!/usr/bin/env bash
# What reproducible CPU kernels cost: training samples/s of the platform's MLP and transformer trainers (the
# bench/throughput programs) with the settings of ai.pretrain.training.ReproducibleKernels (MKL_CBWR=AUTO,STRICT,
# MKL_DYNAMIC=FALSE, OMP_DYNAMIC=FALSE) and without them, at the given intra-op thread counts. Each repeat is a fresh
# process per setting, the two settings alternating so the machine's other load falls on both alike. The medians of
# samples/s and of samples per CPU-second (the steadier figure on a loaded machine) go to results.md with the
# machine's context. About 6 minutes on 2 cores with the defaults.
#
# Usage: bench/determinism/run.sh [MLP steps (100)] [transformer steps (5)] [repeats (5)] [threads ("1")]
set -euo pipefail
BENCH_NO_ORACLE=1 source "$(dirname "$0")/../throughput/build.sh"
mlp_steps="${1:-100}"
lm_steps="${2:-5}"
repeats="${3:-5}"
thread_counts="${4:-1}"
raw="$work/raw.jsonl"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for threads in $thread_counts; do
  jvm=(java -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 -cp "$classpath")
  for repeat in $(seq "$repeats"); do
    for kernels in reproducible default; do
      echo "threads $threads, repeat $repeat, $kernels kernels" >&2
      settings=(MKL_CBWR=AUTO,STRICT MKL_DYNAMIC=FALSE OMP_DYNAMIC=FALSE)
      [[ "$kernels" == default ]] && settings=(-u MKL_CBWR -u MKL_DYNAMIC -u OMP_DYNAMIC)
      for program in "MlpTrainingThroughput 10 $mlp_steps 1" "TransformerTrainingThroughput 2 $lm_steps 1"; do
        # shellcheck disable=SC2086  # the program's name and arguments
        env "${settings[@]}" "${jvm[@]}" ai.pretrain.training.$program 2>/dev/null \
          | jq -c --arg kernels "$kernels" '. + {kernels: $kernels}' | tee -a "$raw"
      done
    done
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$raw" "$load_before" "$load_after" "bench/determinism/run.sh $*" > bench/determinism/results.md <<'PY'
import json, platform, statistics, subprocess, sys
raw, load_before, load_after, command = sys.argv[1:]
rows = [json.loads(line) for line in open(raw)]
cpu = next(l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name'))
avx512 = 'avx512f' in open('/proc/cpuinfo').read()
print('# Reproducible CPU kernels: what they cost\n')
print(f'Command: `{command}`. Training samples/s and samples per CPU-second (medians over fresh processes) of the platform\'s trainers '
      '(bench/throughput: MLP 784-512-512-10 at batch 256; causal-LM transformer, hidden 256, 4 layers, batch 32), '
      'with `MKL_CBWR=AUTO,STRICT MKL_DYNAMIC=FALSE OMP_DYNAMIC=FALSE` (reproducible, the platform\'s default) and '
      'without them (libtorch\'s defaults).\n')
print('| model | intra-op threads | reproducible samples/s | default samples/s | ratio '
      '| reproducible samples/CPU-s | default samples/CPU-s | ratio |')
print('| --- | --- | --- | --- | --- | --- | --- | --- |')
for model in ('mlp', 'transformer'):
    for threads in sorted({str(r['threads']) for r in rows}):
        cells = []
        for figure in ('samples_per_s', 'samples_per_cpu_s'):
            med = {k: statistics.median(r[figure][0] for r in rows if r['model'] == model
                                        and str(r['threads']) == threads and r['kernels'] == k)
                   for k in ('reproducible', 'default')}
            cells += [f"{med['reproducible']:.1f}", f"{med['default']:.1f}",
                      f"{med['reproducible'] / med['default']:.3f}"]
        print(f"| {model} | {threads} | " + ' | '.join(cells) + ' |')
print(f'\nMachine: {cpu}, {subprocess.check_output(["nproc"]).decode().strip()} cores, '
      f'AVX-512 {"present" if avx512 else "absent"}; load average {load_before} before, {load_after} after '
      f'(other work was running: the ratio, measured alternately, is the figure to read); '
      f'{platform.system()} {platform.release()}; DJL and libtorch as in bench/throughput/results.md.')
PY
echo "wrote bench/determinism/results.md" >&2
