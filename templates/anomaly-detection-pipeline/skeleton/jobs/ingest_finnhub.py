"""Task: consume the Finnhub trade stream into the landing volume (runs continuously)."""

import argparse
import os
import sys
from pathlib import Path

# the job runs this file from the synced bundle: make the package under src/ importable
sys.path.insert(0, str(Path(globals().get("__file__", sys.argv[0])).resolve().parents[1] / "src"))

from ${{ values.packageName }}.ingest.finnhub_ws import Backoff, FinnhubConsumer, LandingWriter, websocket_connect  # noqa: E402
from ${{ values.packageName }}.runtime import project_config  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--landing-path", required=True)
    args = parser.parse_args()
    token = os.environ.get("FINNHUB_TOKEN")
    if not token:
        raise SystemExit("FINNHUB_TOKEN is not set: put the token in the secret scope (see README)")
    config = project_config()
    consumer = FinnhubConsumer(config.finnhub_symbols, LandingWriter(args.landing_path), lambda: websocket_connect(token),
                               backoff=Backoff(initial_seconds=1, max_seconds=120), max_reconnects=20)
    # the continuous job restarts the task if it ever gives up
    consumer.run()


if __name__ == "__main__":
    main()
