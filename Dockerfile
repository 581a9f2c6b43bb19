# The app in a container: `docker build -t netapp . && docker run -p 8501:8501 netapp`.
# Every step is a script in deploy/image/ (build.sh builds, start.sh serves,
# healthcheck.py checks), which tests/test_image.py runs without Docker, so the
# image and the tested scripts cannot drift apart. README: "Run it in a container".

# Build: stage the app, install requirements.lock into /opt/venv, check the data.
FROM python:3.11.7-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
COPY . /src
RUN /src/deploy/image/build.sh /src /app /opt/venv

# Run: the same base, the app and its environment only, as a user who owns nothing.
FROM python:3.11.7-slim-bookworm
RUN useradd --create-home --uid 10001 learner
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 NETAPP_VENV=/opt/venv NETAPP_PORT=8501
USER 10001
WORKDIR /app
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/opt/venv/bin/python", "/app/deploy/image/healthcheck.py"]
CMD ["/app/deploy/image/start.sh"]
