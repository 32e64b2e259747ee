"""gunicorn's settings for the platform: ``gunicorn -c python:shouwang.gunicorn_config
shouwang.wsgi`` (docs/operators/deploy.md). Command-line options add to them."""

import gc

# The master loads the application (every app, the region table: shouwang.wsgi) once and
# forks the workers from it, so a new worker answers its first request at once.
preload_app = True


def post_worker_init(worker):
    # What the worker holds once loaded is kept out of the garbage collector's way: a full
    # collection walked every object, the region table's among them, and stopped a request
    # for over 100 ms (the p99 of the checkpoints benchmark at 80 % of peak).
    gc.freeze()
