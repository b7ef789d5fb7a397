#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    # The development settings by default, so `make demo`, the tests and a developer's commands need nothing set.
    # A server never runs on this default: metodist/wsgi.py requires DJANGO_SETTINGS_MODULE explicitly, and a
    # production deployment sets it in the environment of every command (docs/operations.md).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metodist.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
