# syntax=docker/dockerfile:1
# The worker image, CUDA flavor: the same worker with libtorch 2.5.1 for CUDA 12.4
# (ai.djl.pytorch:pytorch-native-cu124, swapped in by the root pom's `gpu` profile, so nothing
# downloads at run time) on the CUDA 12.4 runtime, with a Temurin 17 JRE. DJL trains on the first
# GPU it sees; the nodes need the NVIDIA driver and device plugin.
#
# Build context: the repository root, after `mvn -B -ntp -Pgpu -DskipTests package`:
#   docker build -f docker/worker-gpu.Dockerfile -t pretrain/worker-gpu:0.1.0 .
# The base images are build arguments, as in worker.Dockerfile (JRE_IMAGE: where /opt/java/openjdk comes from).
ARG DATA_BASE_IMAGE=node:22-bookworm-slim
ARG JRE_IMAGE=eclipse-temurin:17-jre-jammy
ARG BASE_IMAGE=nvidia/cuda:12.4.1-runtime-ubuntu22.04

FROM ${DATA_BASE_IMAGE} AS data
WORKDIR /src
COPY scripts/common.sh scripts/fetch-data.sh scripts/convert-*.mjs scripts/
RUN PRETRAIN_DATA_ROOT=/data scripts/fetch-data.sh

FROM ${JRE_IMAGE} AS jre

FROM ${BASE_IMAGE}
ENV JAVA_HOME=/opt/java/openjdk
ENV PATH="${JAVA_HOME}/bin:${PATH}"
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
# uid/gid 10001: the chart's podSecurityContext runs as this user.
RUN groupadd --system --gid 10001 pretrain \
 && useradd --system --uid 10001 --gid pretrain --home-dir /opt/pretrain --no-create-home \
      --shell /usr/sbin/nologin pretrain \
 && mkdir -p /var/cache/djl \
 && chown pretrain:pretrain /var/cache/djl \
 && java -version
COPY --from=data /data /opt/pretrain/data
COPY worker/target/lib /opt/pretrain/worker/lib
COPY worker/target/worker.jar /opt/pretrain/worker/worker.jar
# Built without -Pgpu the lib folder holds the CPU libtorch, and the image would never use the GPU.
RUN set -- /opt/pretrain/worker/lib/pytorch-native-cu124-*.jar \
 && [ -f "$1" ] \
 || { echo "worker/target/lib has no pytorch-native-cu124 jar: build with 'mvn -Pgpu package'" >&2; exit 1; }
# libtorch's CPU kernels bit-identical run to run on every processor (ai.pretrain.training.ReproducibleKernels);
# the worker logs at start whether they are set.
ENV PRETRAIN_DATA_ROOT=/opt/pretrain/data \
    MKL_CBWR=AUTO,STRICT \
    MKL_DYNAMIC=FALSE \
    OMP_DYNAMIC=FALSE \
    DJL_CACHE_DIR=/var/cache/djl \
    ENGINE_CACHE_DIR=/var/cache/djl \
    WORKER_METRICS_PORT=9464 \
    WORKER_TASK_QUEUES=pretrain-gpu
USER 10001:10001
WORKDIR /opt/pretrain
EXPOSE 9464
ENTRYPOINT ["java", "-cp", "/opt/pretrain/worker/worker.jar:/opt/pretrain/worker/lib/*", "ai.pretrain.worker.WorkerMain"]
