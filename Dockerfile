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
WORKDIR /consul/share
ENTRYPOINT ["fileconsul"]
CMD ["--help"]
