"""Alpha Vantage history: request URLs, parsing of daily-adjusted and intraday series, and the
rate-limit answers (``Note`` / ``Information``) that arrive as HTTP 200 and must not pass as data."""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Mapping

BASE_URL = "https://www.alphavantage.co/query"
DAILY_ADJUSTED = "TIME_SERIES_DAILY_ADJUSTED"
INTRADAY = "TIME_SERIES_INTRADAY"
INTERVALS = ("1min", "5min", "15min", "30min", "60min")


class AlphaVantageError(RuntimeError):
    """Alpha Vantage answered with an error (unknown symbol, bad key, malformed payload)."""


class AlphaVantageRateLimited(AlphaVantageError):
    """The API key ran out of calls (per minute or per day)."""


@dataclass(frozen=True)
class Bar:
    symbol: str
    timestamp: datetime
    open: float
    high: float
    low: float
    close: float
    volume: float
    adjusted_close: float | None = None
    dividend: float | None = None
    split_coefficient: float | None = None
    interval: str = "1d"


def build_url(function: str, symbol: str, api_key: str, interval: str | None = None,
              outputsize: str = "compact", base_url: str = BASE_URL) -> str:
    if function not in (DAILY_ADJUSTED, INTRADAY):
        raise ValueError(f"unsupported series {function!r}: use {DAILY_ADJUSTED} or {INTRADAY}")
    if not symbol or not all(c.isalnum() or c in ".-" for c in symbol):
        raise ValueError(f"invalid symbol {symbol!r}")
    if not api_key:
        raise ValueError("an Alpha Vantage API key is required")
    if outputsize not in ("compact", "full"):
        raise ValueError("outputsize must be compact or full")
    params = {"function": function, "symbol": symbol, "outputsize": outputsize, "datatype": "json", "apikey": api_key}
    if function == INTRADAY:
        if interval not in INTERVALS:
            raise ValueError(f"intraday needs an interval in {', '.join(INTERVALS)}, got {interval!r}")
        params["interval"] = interval
    return f"{base_url}?{urllib.parse.urlencode(params)}"


def _float(row: Mapping[str, Any], key: str) -> float:
    try:
        return float(row[key])
    except (KeyError, TypeError, ValueError) as exc:
        raise AlphaVantageError(f"field {key!r} missing or not a number") from exc


def parse_response(payload: Mapping[str, Any], function: str) -> list[Bar]:
    """Bars oldest first; raises on rate limits and error answers."""
    for key in ("Note", "Information"):
        if key in payload:
            raise AlphaVantageRateLimited(str(payload[key]))
    if "Error Message" in payload:
        raise AlphaVantageError(str(payload["Error Message"]))
    meta = payload.get("Meta Data")
    series_key = next((k for k in payload if k.startswith("Time Series")), None)
    if not isinstance(meta, Mapping) or series_key is None:
        raise AlphaVantageError(f"unexpected payload with keys {sorted(payload)}")
    symbol = str(meta.get("2. Symbol", ""))
    bars = []
    for stamp, row in payload[series_key].items():
        timestamp = datetime.fromisoformat(stamp)
        if function == DAILY_ADJUSTED:
            bars.append(Bar(symbol, timestamp, _float(row, "1. open"), _float(row, "2. high"), _float(row, "3. low"),
                            _float(row, "4. close"), _float(row, "6. volume"), _float(row, "5. adjusted close"),
                            _float(row, "7. dividend amount"), _float(row, "8. split coefficient")))
        elif function == INTRADAY:
            interval = series_key[series_key.find("(") + 1 : series_key.find(")")]
            bars.append(Bar(symbol, timestamp, _float(row, "1. open"), _float(row, "2. high"), _float(row, "3. low"),
                            _float(row, "4. close"), _float(row, "5. volume"), interval=interval))
        else:
            raise ValueError(f"unsupported series {function!r}")
    return sorted(bars, key=lambda b: b.timestamp)


def _http_get(url: str) -> Mapping[str, Any]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (fixed https base URL)
        return json.loads(response.read().decode("utf-8"))


class AlphaVantageClient:
    """Fetches a series, waiting out per-minute rate limits a bounded number of times."""

    def __init__(self, api_key: str, get: Callable[[str], Mapping[str, Any]] = _http_get,
                 sleep: Callable[[float], None] = time.sleep, rate_limit_wait_seconds: float = 65.0,
                 max_rate_limit_retries: int = 2) -> None:
        self.api_key, self.get, self.sleep = api_key, get, sleep
        self.rate_limit_wait_seconds = rate_limit_wait_seconds
        self.max_rate_limit_retries = max_rate_limit_retries

    def series(self, function: str, symbol: str, interval: str | None = None, outputsize: str = "compact") -> list[Bar]:
        url = build_url(function, symbol, self.api_key, interval, outputsize)
        for attempt in range(self.max_rate_limit_retries + 1):
            try:
                return parse_response(self.get(url), function)
            except AlphaVantageRateLimited:
                if attempt == self.max_rate_limit_retries:
                    raise
                self.sleep(self.rate_limit_wait_seconds)
        raise AssertionError("unreachable")
