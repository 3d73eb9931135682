# Multi-stage: build the jar with Maven on JDK 17 (the minimum it runs on), ship it on a Java 25
# runtime with the launcher and an AOT cache baked in for that runtime (JEP 483/514/515): status on
# 100 files took 0.88x the time of JDK 17 with its CDS archive (docs/benchmarks.md, issue 9).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY scripts scripts
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:25-jre
COPY --from=build /src/target/fileconsul.jar /opt/fileconsul/target/fileconsul.jar
COPY bin/fileconsul /opt/fileconsul/bin/fileconsul
ENV PATH=/opt/fileconsul/bin:$PATH
# The cache must come from this runtime and this jar at this path, so it is made here, by the
# build's training run (push, status, diff and pull against an in-process stand-in for Consul).
RUN java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xlog:aot=off -Xlog:cds=off \
      -XX:AOTCacheOutput=/opt/fileconsul/target/fileconsul.aot \
      -cp /opt/fileconsul/target/fileconsul.jar io.fileconsul.cli.TrainingRun
WORKDIR /consul/share
ENTRYPOINT ["fileconsul"]
CMD ["--help"]
