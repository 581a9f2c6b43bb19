"""The container's HEALTHCHECK: exit 0 when the server answers "ok" on /_stcore/health.

    python deploy/image/healthcheck.py [PORT]     (default $NETAPP_PORT or 8501)

Plain urllib, so the slim image needs no curl.
"""

import os
import sys
import urllib.request


def main() -> int:
    port = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NETAPP_PORT", "8501")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as r:
            return 0 if r.status == 200 and r.read().strip() == b"ok" else 1
    except OSError as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
