FROM python:3.11-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml constraints.txt README.md ./
COPY src ./src
COPY workers ./workers
COPY config ./config
# [topics]: numpy, for English topic tags from the static table that ships in the package
RUN pip install --no-cache-dir ".[topics]" -c constraints.txt
RUN useradd --create-home socialpub && mkdir -p /app/var && chown socialpub /app/var
USER socialpub
CMD ["socialpub", "--help"]
