"""Process entry points: the Celery worker (``celery_app``) and the dispatcher (``scheduler``)."""
