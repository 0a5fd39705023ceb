# Jejak in a container: `docker compose up` (compose.yaml) runs it on PostgreSQL.
# Small and non-root: the slim Python image, the package and its dependencies, nothing else.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot bot
COPY conversations conversations
COPY storage storage
COPY scheduler scheduler
COPY config config
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
COPY --from=build /install /usr/local
RUN useradd --system --uid 10001 --home-dir /data --create-home jejak
USER jejak
WORKDIR /data
# SQLite (when no JEJAK_DATABASE_URL is given), exports and invitation files live in /data.
ENV JEJAK_DATA_DIR=/data \
    JEJAK_HTTP_HOST=0.0.0.0 \
    JEJAK_HTTP_PORT=8080 \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["jejak"]
CMD ["run"]
