"""What every layer stands on: settings, the per-request context, errors, ids, logs, metrics, caches and background jobs."""
