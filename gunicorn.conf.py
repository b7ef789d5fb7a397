"""gunicorn settings of production and `make serve` (docs/operations.md); each can be set from the environment.

DJANGO_SETTINGS_MODULE is not set here: metodist/wsgi.py refuses to start without it.
"""

import multiprocessing
import os

wsgi_app = "metodist.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
# Threaded workers, one process per core: the pages are database-bound and short (long work runs in the
# background worker), and a client that keeps its connection open (a browser with no buffering proxy in front)
# would hold a synchronous worker. Measured by `make bench-load` (docs/benchmarks.md, «Нагрузка»): 10 clients
# got 10.0 requests/s from 2 × 4 threads and 5.6 from 5 synchronous workers on 2 cores.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# An export of a large register is the slowest page; a request longer than this is killed and logged.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Loading the application in the master makes a wrong configuration (no settings module, weak key, no
# collectstatic) stop the server at once with its message, instead of workers failing to boot one by one.
preload_app = True
# A worker is replaced after this many requests, so that a slow leak never grows for weeks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The proxy on the same machine sets X-Forwarded-For / X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Runtime management goes through systemd (reload = HUP); a control socket in $HOME would be shared by every
# gunicorn of the machine.
control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
# The path without its query string: searches carry surnames and SNILS (?q=…), which stay out of the log.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
