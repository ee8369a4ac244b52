"""Task: fetch Alpha Vantage history for every configured symbol and series into the landing volume."""

import argparse
import json
import os
import time
import uuid
from dataclasses import asdict
import sys
from pathlib import Path

# the job runs this file from the synced bundle: make the package under src/ importable
sys.path.insert(0, str(Path(globals().get("__file__", sys.argv[0])).resolve().parents[1] / "src"))

from ${{ values.packageName }}.ingest.alpha_vantage import INTRADAY, AlphaVantageClient, AlphaVantageRateLimited  # noqa: E402
from ${{ values.packageName }}.runtime import project_config  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--landing-path", required=True)
    parser.add_argument("--outputsize", choices=["compact", "full"], default="compact")
    args = parser.parse_args()
    api_key = os.environ.get("ALPHA_VANTAGE_API_KEY")
    if not api_key:
        raise SystemExit("ALPHA_VANTAGE_API_KEY is not set: put the key in the secret scope (see README)")
    config = project_config()
    client = AlphaVantageClient(api_key)
    landing = Path(args.landing_path)
    landing.mkdir(parents=True, exist_ok=True)
    failures = []
    for symbol in config.alpha_vantage_symbols:
        for series in config.alpha_vantage_series:
            interval = config.intraday_interval if series == INTRADAY else None
            try:
                bars = client.series(series, symbol, interval, args.outputsize)
            except AlphaVantageRateLimited as exc:
                failures.append(f"{symbol} {series}: rate limited ({exc})")
                continue
            target = landing / f"{symbol}-{series.lower()}-{int(time.time())}-{uuid.uuid4().hex[:6]}.jsonl"
            temporary = target.with_suffix(".tmp")
            temporary.write_text("".join(json.dumps(dict(asdict(b), timestamp=b.timestamp.isoformat())) + "\n" for b in bars))
            os.replace(temporary, target)  # DLT reads *.jsonl only: never a half-written file
            print(f"{symbol} {series}: {len(bars)} bars → {target.name}")
    if failures:
        # partial history is still landed; fail the run so the rate limit is visible and retried
        raise SystemExit("some series were not fetched:\n" + "\n".join(failures))


if __name__ == "__main__":
    main()
