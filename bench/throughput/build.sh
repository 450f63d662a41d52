# Sourced by run.sh and profile.sh: builds activities offline, compiles this folder's Java programs onto its runtime
# classpath (they sit in ai.pretrain.training, whose trainer classes are package-private; the transformer programs use
# the Adam-based language-model harness in activities' test classes), and installs the PyTorch
# oracle (not with BENCH_NO_ORACLE=1). Sets: repo, classpath, agent (byte-buddy's agent jar, for the profile), python.
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
# The reproducible-kernel settings every training process of the platform runs with (scripts/common.sh).
source scripts/common.sh
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Through the reactor (-am), so that activities compiles against this tree's workflows module, not whatever jar of it
# ~/.m2 holds; activities is built last, so its runtime classpath is the one left in the file.
mvn -B -q -o -pl activities -am test-compile dependency:build-classpath -Dmdep.outputFile="$work/classpath" \
  -Dmdep.includeScope=runtime
cp -r workflows/target/classes "$work/workflows-classes"
sed -i "s#$repo/workflows/target/classes#$work/workflows-classes#" "$work/classpath"
bytebuddy="$HOME/.m2/repository/net/bytebuddy"
agent="$bytebuddy/byte-buddy-agent/1.17.8/byte-buddy-agent-1.17.8.jar"
# A snapshot, so that another build of the shared working tree cannot change the classes under a run.
cp -r activities/target/classes "$work/activities-classes"
cp -r activities/target/test-classes "$work/activities-test-classes"
classpath="$work/activities-classes:$work/activities-test-classes:$(cat "$work/classpath"):$bytebuddy/byte-buddy/1.17.8/byte-buddy-1.17.8.jar:$agent"
javac -nowarn -d "$work/classes" -cp "$classpath" bench/throughput/*.java 2>&1 | grep -v "SuppressFBWarnings\|^[0-9]* warnings\?$" >&2 || true
[[ -f "$work/classes/ai/pretrain/training/MlpTrainingThroughput.class" ]]
classpath="$work/classes:$classpath"
# The PyTorch oracle, unless the caller compares DJL with itself (bench/determinism).
[[ "${BENCH_NO_ORACLE:-}" == 1 ]] || python="$(scripts/install-torch-oracle.sh | tail -n 1)"
djl_version="$(grep -o 'ai/djl/api/[^/]*' "$work/classpath" | head -n 1 | cut -d/ -f4)"
libtorch_version="$(grep -o 'ai/djl/pytorch/pytorch-native-cpu/[^/]*' "$work/classpath" | head -n 1 | cut -d/ -f5)"
export djl_version libtorch_version
# OpenMP workers that spin while they wait collapse (tenfold, on either side) when another process wants one of
# this machine's two cores; sleeping ones keep the comparison about the frameworks. Same policy on both sides.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
