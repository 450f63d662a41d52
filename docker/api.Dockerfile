# syntax=docker/dockerfile:1
# The REST API image: the Quarkus fast-jar (api/target/quarkus-app) on a Temurin 17 JRE. Its lib/
# holds DJL's Java API jar (the built-in plugins it lists link against it) but no engine and no
# native library: no libtorch, no tokenizers natives, no JNA (api/pom.xml excludes them).
#
# Build context: the repository root, after `mvn -B -ntp -DskipTests package`:
#   docker build -f docker/api.Dockerfile -t pretrain/api:0.1.0 .
# BASE_IMAGE: another Debian-family image with a Java 17 runtime on PATH (helm/tests/cluster/images.sh
# builds one from a debootstrap root filesystem, where no registry is reachable).
ARG BASE_IMAGE=eclipse-temurin:17-jre-jammy
FROM ${BASE_IMAGE}
# uid/gid 10001: the chart's podSecurityContext runs as this user.
RUN groupadd --system --gid 10001 pretrain \
 && useradd --system --uid 10001 --gid pretrain --home-dir /opt/pretrain --no-create-home \
      --shell /usr/sbin/nologin pretrain
# The fast-jar's layers, least often changed first.
COPY api/target/quarkus-app/lib/ /opt/pretrain/api/quarkus-app/lib/
COPY api/target/quarkus-app/*.jar /opt/pretrain/api/quarkus-app/
COPY api/target/quarkus-app/app/ /opt/pretrain/api/quarkus-app/app/
COPY api/target/quarkus-app/quarkus/ /opt/pretrain/api/quarkus-app/quarkus/
ENV QUARKUS_HTTP_PORT=8080
USER 10001:10001
WORKDIR /opt/pretrain
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/pretrain/api/quarkus-app/quarkus-run.jar"]
