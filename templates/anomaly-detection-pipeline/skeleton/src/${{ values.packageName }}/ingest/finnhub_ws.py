"""Finnhub trade stream (wss://ws.finnhub.io): message parsing, reconnect backoff and the consumer
that lands trades as JSON lines for DLT bronze. The socket library is imported lazily."""

from __future__ import annotations

import json
import os
import random
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Protocol

FINNHUB_URL = "wss://ws.finnhub.io"


class FinnhubProtocolError(ValueError):
    """A message that is not valid Finnhub JSON."""


@dataclass(frozen=True)
class Trade:
    symbol: str
    price: float
    volume: float
    timestamp_ms: int
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trades:
    trades: tuple[Trade, ...]


@dataclass(frozen=True)
class Ping:
    pass


@dataclass(frozen=True)
class FinnhubError:
    message: str


Message = Trades | Ping | FinnhubError


def parse_message(raw: str | bytes) -> Message:
    """Parses one frame: ``trade`` (with its data), ``ping`` or ``error``."""
    try:
        payload = json.loads(raw)
    except (TypeError, ValueError) as exc:
        raise FinnhubProtocolError(f"not JSON: {str(raw)[:80]!r}") from exc
    if not isinstance(payload, dict) or "type" not in payload:
        raise FinnhubProtocolError(f"no message type in {str(raw)[:80]!r}")
    kind = payload["type"]
    if kind == "ping":
        return Ping()
    if kind == "error":
        return FinnhubError(str(payload.get("msg", "unknown error")))
    if kind != "trade":
        raise FinnhubProtocolError(f"unknown message type {kind!r}")
    data = payload.get("data")
    if not isinstance(data, list):
        raise FinnhubProtocolError("trade message without a data list")
    trades = []
    for i, item in enumerate(data):
        try:
            trades.append(
                Trade(
                    symbol=str(item["s"]),
                    price=float(item["p"]),
                    volume=float(item["v"]),
                    timestamp_ms=int(item["t"]),
                    conditions=tuple(str(c) for c in item.get("c") or ()),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise FinnhubProtocolError(f"trade {i} lacks a valid {exc}") from exc
    return Trades(tuple(trades))


def subscribe_frames(symbols: Iterable[str]) -> list[str]:
    return [json.dumps({"type": "subscribe", "symbol": s}) for s in symbols]


@dataclass
class Backoff:
    """Exponential backoff with full jitter, reset after a healthy connection."""

    initial_seconds: float = 1.0
    max_seconds: float = 60.0
    multiplier: float = 2.0
    rng: random.Random = field(default_factory=random.Random)
    attempt: int = 0

    def next_delay(self) -> float:
        ceiling = min(self.max_seconds, self.initial_seconds * self.multiplier**self.attempt)
        self.attempt += 1
        return self.rng.uniform(0, ceiling)

    def reset(self) -> None:
        self.attempt = 0


class LandingWriter:
    """Writes batches of trades as JSON-lines files; a file appears whole or not at all."""

    def __init__(self, landing_path: str | Path) -> None:
        self.path = Path(landing_path)

    def write(self, trades: Iterable[Trade], received_at_ms: int) -> Path | None:
        rows = [dict(asdict(t), conditions=list(t.conditions), received_at_ms=received_at_ms) for t in trades]
        if not rows:
            return None
        self.path.mkdir(parents=True, exist_ok=True)
        target = self.path / f"trades-{received_at_ms}-{uuid.uuid4().hex[:8]}.jsonl"
        temporary = target.with_suffix(".tmp")
        temporary.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        os.replace(temporary, target)
        return target


class Connection(Protocol):
    def send(self, frame: str) -> None: ...
    def recv(self) -> str: ...
    def close(self) -> None: ...


RECEIVE_TIMEOUT_SECONDS = 30


def websocket_connect(token: str) -> Connection:
    import websocket  # websocket-client, installed on the ingest cluster

    return websocket.create_connection(f"{FINNHUB_URL}?token={token}", timeout=RECEIVE_TIMEOUT_SECONDS)


def socket_errors() -> tuple[tuple[type[BaseException], ...], tuple[type[BaseException], ...]]:
    """(receive timeouts, lost connections) as websocket-client raises them.

    Its exceptions derive from ``WebSocketException(Exception)``, not from ``OSError``: a dropped
    socket raises ``WebSocketConnectionClosedException``, a quiet one ``WebSocketTimeoutException``
    (the ``timeout`` of create_connection), a refused handshake ``WebSocketBadStatusException``.
    The socket layer under it still raises ``OSError`` (refused, reset, DNS).
    """
    lost: tuple[type[BaseException], ...] = (OSError, ConnectionError, EOFError)
    timeouts: tuple[type[BaseException], ...] = (TimeoutError,)
    try:
        import websocket
    except ImportError:
        return timeouts, lost
    return timeouts + (websocket.WebSocketTimeoutException,), lost + (websocket.WebSocketException,)


# a refused token or plan does not heal by reconnecting
FATAL_HANDSHAKE_STATUSES = frozenset({401, 403})


@dataclass
class ConsumerStats:
    connections: int = 0
    trades: int = 0
    pings: int = 0
    timeouts: int = 0
    errors: list[str] = field(default_factory=list)
    files: int = 0


class FinnhubConsumer:
    """Subscribes, lands trades in batches (one file per batch), and reconnects with backoff when the
    socket drops or stays silent for ``max_quiet_timeouts`` receive timeouts in a row."""

    def __init__(self, symbols: Iterable[str], writer: LandingWriter, connect: Callable[[], Connection],
                 backoff: Backoff | None = None, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.time, max_reconnects: int | None = None,
                 batch_size: int = 500, batch_seconds: float = 10.0, max_quiet_timeouts: int = 4) -> None:
        self.symbols = list(symbols)
        if not self.symbols:
            raise ValueError("subscribe to at least one symbol")
        if batch_size < 1 or batch_seconds <= 0 or max_quiet_timeouts < 1:
            raise ValueError("batch_size, batch_seconds and max_quiet_timeouts must be positive")
        self.writer, self.connect = writer, connect
        self.backoff = backoff or Backoff()
        self.sleep, self.clock = sleep, clock
        self.max_reconnects = max_reconnects
        self.batch_size, self.batch_seconds, self.max_quiet_timeouts = batch_size, batch_seconds, max_quiet_timeouts
        self.stats = ConsumerStats()
        self._batch: list[Trade] = []
        self._batch_started = 0.0

    def run(self, should_stop: Callable[[ConsumerStats], bool] = lambda _: False) -> ConsumerStats:
        timeouts, lost = socket_errors()
        failures = 0
        try:
            while not should_stop(self.stats):
                try:
                    connection = self.connect()
                except lost as exc:
                    self._refuse_if_fatal(exc)
                    failures = self._failed(f"connect: {_describe(exc)}", failures)
                    continue
                self.stats.connections += 1
                try:
                    for frame in subscribe_frames(self.symbols):
                        connection.send(frame)
                    quiet = 0
                    while not should_stop(self.stats):
                        try:
                            frame = connection.recv()
                        except timeouts:
                            # a quiet market: land what is pending, keep the socket a while
                            self.stats.timeouts += 1
                            self._flush()
                            quiet += 1
                            if quiet >= self.max_quiet_timeouts:
                                raise TimeoutError(f"no frame in {quiet} receive timeouts") from None
                            continue
                        quiet = 0
                        self._handle(frame)
                        self.backoff.reset()
                        failures = 0
                except lost + timeouts as exc:
                    self._flush()
                    failures = self._failed(f"connection lost: {_describe(exc)}", failures)
                finally:
                    connection.close()
        finally:
            self._flush()
        return self.stats

    def _refuse_if_fatal(self, exc: BaseException) -> None:
        if getattr(exc, "status_code", None) in FATAL_HANDSHAKE_STATUSES:
            raise PermissionError(f"Finnhub refused the connection ({exc.status_code}): check the token") from exc

    def _failed(self, message: str, failures: int) -> int:
        self.stats.errors.append(message)
        failures += 1
        if self.max_reconnects is not None and failures > self.max_reconnects:
            raise ConnectionError(f"gave up after {failures} failed attempts: {message}")
        self.sleep(self.backoff.next_delay())
        return failures

    def _handle(self, frame: str) -> None:
        try:
            message = parse_message(frame)
        except FinnhubProtocolError as exc:
            self.stats.errors.append(str(exc))
            return
        if isinstance(message, Ping):
            self.stats.pings += 1
        elif isinstance(message, FinnhubError):
            self.stats.errors.append(f"finnhub: {message.message}")
        elif message.trades:
            if not self._batch:
                self._batch_started = self.clock()
            self._batch.extend(message.trades)
            self.stats.trades += len(message.trades)
        if self._batch and (len(self._batch) >= self.batch_size or self.clock() - self._batch_started >= self.batch_seconds):
            self._flush()

    def _flush(self) -> None:
        if self._batch and self.writer.write(self._batch, int(self.clock() * 1000)) is not None:
            self.stats.files += 1
        self._batch = []


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
