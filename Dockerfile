# smsbridge: the Telegram bot of a 0098SMS account (see README, "Docker").
# Configuration comes only from the environment (`docker run -e ...`): no .env file is copied in, and the
# working directory at run time is an empty root-owned folder, so none can be read from there either.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

RUN python -m venv /opt/venv

WORKDIR /src

# The dependencies in their own layer, read from pyproject.toml: rebuilt only when it changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; print('\n'.join(deps))" > requirements.txt \
 && pip install --no-cache-dir -r requirements.txt

# Then the code, installed without touching the dependencies above.
COPY README.md ./
COPY bot ./bot
COPY storage ./storage
RUN pip install --no-cache-dir --no-deps .

# Never root at run time. The SQLite database lives in a volume owned by the bot's user.
RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent smsbridge \
 && mkdir /data && chown smsbridge:smsbridge /data
ENV DATABASE_PATH=/data/smsbridge.db
# matplotlib (the charts) keeps its font list here, built at the first chart: the bot's user has no home.
ENV MPLCONFIGDIR=/tmp/matplotlib
VOLUME ["/data"]
WORKDIR /app
USER smsbridge

# Healthy while the database answers and the delivery job ran in the last 10 minutes.
HEALTHCHECK --interval=60s --timeout=15s --start-period=30s --retries=3 CMD ["smsbridge", "health"]
CMD ["smsbridge", "run"]
