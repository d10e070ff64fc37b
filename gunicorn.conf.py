"""gunicorn settings for binhdan: `gunicorn -c gunicorn.conf.py` (read from the project folder).

Every value can be changed through an environment variable (see .env.example). The access
log records the path WITHOUT its query string, and never a request body, a referrer or a
cookie: search terms typed into lists may be residents' names.
"""

import multiprocessing
import os

wsgi_app = "binhdan.wsgi:application"
bind = os.getenv("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.getenv("GUNICORN_WORKERS", str(min(2 * multiprocessing.cpu_count() + 1, 8))))
threads = int(os.getenv("GUNICORN_THREADS", "1"))
# A quarterly report PDF can take a few seconds; anything longer is a stuck worker.
timeout = int(os.getenv("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak never takes the portal down.
max_requests = int(os.getenv("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
# Only nginx on the same machine may say the request came over HTTPS.
forwarded_allow_ips = os.getenv("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.getenv("GUNICORN_ACCESS_LOG", "-")
errorlog = os.getenv("GUNICORN_ERROR_LOG", "-")
loglevel = os.getenv("LOG_LEVEL", "info").lower()
# %(U)s is the path alone (no query string); %(M)s the duration in milliseconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

# gunicorn 27 opens a control socket for `gunicornc` under $XDG_RUNTIME_DIR or ~/.gunicorn/
# of whoever runs it: the portal does not use it.
control_socket_disable = True
