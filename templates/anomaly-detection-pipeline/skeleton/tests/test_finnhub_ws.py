import json
import random
import sys
import types

import pytest

from ${{ values.packageName }}.ingest.finnhub_ws import (
    Backoff,
    FinnhubConsumer,
    FinnhubError,
    FinnhubProtocolError,
    LandingWriter,
    Ping,
    Trades,
    parse_message,
    subscribe_frames,
)


@pytest.fixture
def recorded(fixtures):
    return (fixtures / "finnhub_messages.jsonl").read_text().splitlines()


def test_parses_trades_pings_and_errors_from_the_recorded_stream(recorded):
    ping, trades, crypto, error = (parse_message(m) for m in recorded[:4])
    assert ping == Ping()
    assert isinstance(trades, Trades) and len(trades.trades) == 2
    first = trades.trades[0]
    assert (first.symbol, first.price, first.volume, first.timestamp_ms, first.conditions) == ("AAPL", 189.43, 100.0, 1732186800123, ("1", "12"))
    assert trades.trades[1].conditions == ()  # "c": null
    assert crypto.trades[0].symbol == "BINANCE:BTCUSDT" and crypto.trades[0].volume == pytest.approx(0.0021)
    assert error == FinnhubError("Subscribing to too many symbols")


@pytest.mark.parametrize("index, message", [(4, "not JSON"), (5, "valid"), (6, "unknown message type 'news'")])
def test_rejects_malformed_frames_with_a_clear_message(recorded, index, message):
    with pytest.raises(FinnhubProtocolError, match=message):
        parse_message(recorded[index])


def test_subscribes_to_every_symbol():
    assert [json.loads(f) for f in subscribe_frames(["AAPL", "BINANCE:BTCUSDT"])] == [
        {"type": "subscribe", "symbol": "AAPL"},
        {"type": "subscribe", "symbol": "BINANCE:BTCUSDT"},
    ]


def test_backoff_grows_is_capped_and_resets():
    backoff = Backoff(initial_seconds=1, max_seconds=8, rng=random.Random(3))
    ceilings = [1, 2, 4, 8, 8, 8]
    for ceiling in ceilings:
        assert 0 <= backoff.next_delay() <= ceiling
    backoff.reset()
    assert backoff.next_delay() <= 1


def websocket_client():
    """websocket-client when installed; otherwise its exception hierarchy as its documentation gives it
    (websocket/_exceptions.py: every error derives from WebSocketException(Exception), none from OSError)."""
    try:
        import websocket

        return websocket
    except ImportError:
        pass
    module = types.ModuleType("websocket")

    class WebSocketException(Exception):
        pass

    class WebSocketBadStatusException(WebSocketException):
        def __init__(self, message, status_code, status_message=None, resp_headers=None, resp_body=None):
            super().__init__(message)
            self.status_code, self.status_message = status_code, status_message
            self.resp_headers, self.resp_body = resp_headers, resp_body

    for name in ("WebSocketProtocolException", "WebSocketPayloadException", "WebSocketConnectionClosedException",
                 "WebSocketTimeoutException", "WebSocketProxyException", "WebSocketAddressException"):
        setattr(module, name, type(name, (WebSocketException,), {}))
    module.WebSocketException, module.WebSocketBadStatusException = WebSocketException, WebSocketBadStatusException
    return module


@pytest.fixture
def ws(monkeypatch):
    module = websocket_client()
    monkeypatch.setitem(sys.modules, "websocket", module)
    return module


def test_the_client_errors_are_not_os_errors(ws):
    # why catching OSError alone ended the ingestion at the first drop or quiet minute
    assert not issubclass(ws.WebSocketConnectionClosedException, OSError)
    assert not issubclass(ws.WebSocketTimeoutException, OSError)
    assert issubclass(ws.WebSocketTimeoutException, ws.WebSocketException)


class FakeSocket:
    """Plays frames, then raises what the real client raises: an exception instance or class."""

    def __init__(self, frames, then=None):
        self.frames, self.then, self.sent, self.closed = list(frames), then, [], False

    def send(self, frame):
        self.sent.append(json.loads(frame))

    def recv(self):
        if self.frames:
            frame = self.frames.pop(0)
            if isinstance(frame, BaseException):
                raise frame
            return frame
        raise self.then or ConnectionError("socket closed by peer")

    def close(self):
        self.closed = True


def connector(sockets, then):
    pending = list(sockets)

    def connect():
        if pending:
            return pending.pop(0)
        raise then

    return connect


def landed(path):
    return [json.loads(line) for f in sorted(path.glob("*.jsonl")) for line in f.read_text().splitlines()]


def test_consumer_reconnects_after_the_clients_closed_connection_and_lands_one_file_per_batch(ws, recorded, tmp_path):
    closed = ws.WebSocketConnectionClosedException("Connection to remote host was lost.")
    sockets = [FakeSocket(recorded[:3], then=closed), FakeSocket(recorded[3:], then=closed)]
    sleeps = []
    consumer = FinnhubConsumer(["AAPL", "BINANCE:BTCUSDT"], LandingWriter(tmp_path),
                               connector(sockets, ConnectionRefusedError("network unreachable")),
                               backoff=Backoff(rng=random.Random(1)), sleep=sleeps.append,
                               clock=lambda: 1732186805.0, max_reconnects=2)
    with pytest.raises(ConnectionError, match="gave up after 3 failed attempts"):
        consumer.run()
    stats = consumer.stats
    assert stats.connections == 2 and all(s.closed for s in sockets)
    assert sockets[1].sent == sockets[0].sent  # resubscribed after reconnecting
    assert (stats.trades, stats.pings) == (3, 1)
    assert stats.files == 1  # two trade messages, one batch: landed when the connection dropped
    assert "connection lost: WebSocketConnectionClosedException: Connection to remote host was lost." in stats.errors
    assert "finnhub: Subscribing to too many symbols" in stats.errors
    # each drop after received frames starts the count again; then two refused connects, the third gives up
    assert len(sleeps) == 3
    trades = landed(tmp_path)
    assert [t["symbol"] for t in trades] == ["AAPL", "AAPL", "BINANCE:BTCUSDT"]
    assert trades[0]["received_at_ms"] == 1732186805000
    assert not list(tmp_path.glob("*.tmp"))


def test_a_quiet_market_lands_the_pending_batch_and_keeps_the_connection(ws, recorded, tmp_path):
    quiet = ws.WebSocketTimeoutException("Connection timed out")
    socket = FakeSocket([recorded[1], quiet, recorded[2], quiet, quiet, recorded[0]], then=quiet)
    consumer = FinnhubConsumer(["AAPL"], LandingWriter(tmp_path), connector([socket], OSError("down")),
                               max_quiet_timeouts=3, max_reconnects=0, sleep=lambda _: None)
    stats = consumer.run(should_stop=lambda s: s.pings >= 1)
    assert stats.connections == 1 and stats.timeouts == 3 and not stats.errors
    assert stats.files == 2  # each quiet spell landed the batch before it
    assert sorted(len(f.read_text().splitlines()) for f in tmp_path.glob("*.jsonl")) == [1, 2]


def test_a_silent_socket_is_replaced_after_max_quiet_timeouts(ws, recorded, tmp_path):
    quiet = ws.WebSocketTimeoutException("Connection timed out")
    sockets = [FakeSocket([], then=quiet), FakeSocket(recorded[1:3])]
    sleeps = []
    consumer = FinnhubConsumer(["AAPL"], LandingWriter(tmp_path), connector(sockets, OSError("down")),
                               max_quiet_timeouts=2, sleep=sleeps.append)
    stats = consumer.run(should_stop=lambda s: s.trades >= 3)
    assert stats.connections == 2 and stats.timeouts == 2 and len(sleeps) == 1
    assert stats.errors == ["connection lost: TimeoutError: no frame in 2 receive timeouts"]
    assert stats.files == 1 and len(landed(tmp_path)) == 3  # the pending batch lands when the consumer stops


def test_a_refused_token_stops_instead_of_retrying(ws, tmp_path):
    refused = ws.WebSocketBadStatusException("Handshake status 401 Unauthorized", 401)
    consumer = FinnhubConsumer(["AAPL"], LandingWriter(tmp_path), connector([], refused), sleep=lambda _: None)
    with pytest.raises(PermissionError, match="check the token"):
        consumer.run()


def test_a_refused_handshake_for_other_reasons_is_retried(ws, recorded, tmp_path):
    busy = ws.WebSocketBadStatusException("Handshake status 429 Too Many Requests", 429)
    sockets = iter([busy, FakeSocket(recorded[1:2])])

    def connect():
        item = next(sockets)
        if isinstance(item, BaseException):
            raise item
        return item

    consumer = FinnhubConsumer(["AAPL"], LandingWriter(tmp_path), connect, sleep=lambda _: None)
    stats = consumer.run(should_stop=lambda s: s.trades >= 2)
    assert stats.connections == 1 and stats.errors[0].startswith("connect: WebSocketBadStatusException")


class TimedSocket(FakeSocket):
    """Each frame arrives ``seconds_apart`` after the previous one, on the given clock."""

    def __init__(self, frames, now, seconds_apart):
        super().__init__(frames)
        self.now, self.seconds_apart = now, seconds_apart

    def recv(self):
        self.now[0] += self.seconds_apart
        return super().recv()


def test_a_batch_lands_when_full_or_old_enough(recorded, tmp_path):
    full = FinnhubConsumer(["AAPL"], LandingWriter(tmp_path / "full"), lambda: FakeSocket(recorded[1:3] * 4),
                           batch_size=4, batch_seconds=3600)
    assert full.run(should_stop=lambda s: s.trades >= 12).files == 3
    now = [0.0]
    aged = FinnhubConsumer(["AAPL"], LandingWriter(tmp_path / "aged"), lambda: TimedSocket(recorded[1:2] * 4, now, 6.0),
                           batch_size=1000, batch_seconds=10, clock=lambda: now[0])
    stats = aged.run(should_stop=lambda s: s.trades >= 8)
    # frames at 6, 12, 18 s: the batch begun at 6 s is 12 s old at the third and lands; the fourth lands at the stop
    assert stats.files == 2 and len(landed(tmp_path / "aged")) == 8


def test_consumer_stops_when_asked(recorded, tmp_path):
    consumer = FinnhubConsumer(["AAPL"], LandingWriter(tmp_path), lambda: FakeSocket(recorded[:3] * 10))
    stats = consumer.run(should_stop=lambda s: s.trades >= 6)
    assert stats.trades == 6 and stats.connections == 1
    assert stats.files == 1 and len(landed(tmp_path)) == 6  # what was pending when it stopped is landed
