# Multi-stage: build the jar with Maven, ship it on a JRE with the launcher.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
COPY --from=build /src/target/fileconsul.jar /opt/fileconsul/target/fileconsul.jar
COPY bin/fileconsul /opt/fileconsul/bin/fileconsul
ENV PATH=/opt/fileconsul/bin:$PATH
# The launcher maps a class-data sharing archive made for this jar at this path (exit 5 expected:
# nothing listens on port 1; the run only loads the classes a start-up needs).
RUN java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xlog:cds=off,cds+dynamic=off \
      -XX:ArchiveClassesAtExit=/opt/fileconsul/target/fileconsul.jsa \
      -jar /opt/fileconsul/target/fileconsul.jar status --addr 127.0.0.1:1 --basepath /tmp || true
WORKDIR /consul/share
ENTRYPOINT ["fileconsul"]
CMD ["--help"]
