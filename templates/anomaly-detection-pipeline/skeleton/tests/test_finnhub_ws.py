import json
import random

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


class FakeSocket:
    def __init__(self, frames, then_fail=True):
        self.frames, self.then_fail, self.sent, self.closed = list(frames), then_fail, [], False

    def send(self, frame):
        self.sent.append(json.loads(frame))

    def recv(self):
        if self.frames:
            return self.frames.pop(0)
        raise ConnectionError("socket closed by peer")

    def close(self):
        self.closed = True


def test_consumer_lands_trades_and_reconnects_after_a_drop(recorded, tmp_path):
    sockets = [FakeSocket(recorded[:3]), FakeSocket(recorded[3:])]
    pending = list(sockets)

    def connect():
        if pending:
            return pending.pop(0)
        raise OSError("network unreachable")

    sleeps = []
    consumer = FinnhubConsumer(["AAPL", "BINANCE:BTCUSDT"], LandingWriter(tmp_path), connect,
                               backoff=Backoff(rng=random.Random(1)), sleep=sleeps.append,
                               clock=lambda: 1732186805.0, max_reconnects=2)
    with pytest.raises(ConnectionError, match="gave up after 3 failed attempts"):
        consumer.run()
    stats = consumer.stats
    assert stats.connections == 2 and all(s.closed for s in sockets)
    assert sockets[1].sent == sockets[0].sent  # resubscribed after reconnecting
    assert (stats.trades, stats.pings, stats.files) == (3, 1, 2)
    assert "finnhub: Subscribing to too many symbols" in stats.errors
    # each drop after received frames starts the count again; then two refused connects, the third gives up
    assert len(sleeps) == 3
    landed = [json.loads(line) for f in sorted(tmp_path.glob("*.jsonl")) for line in f.read_text().splitlines()]
    assert {t["symbol"] for t in landed} == {"AAPL", "BINANCE:BTCUSDT"}
    assert landed[0]["received_at_ms"] == 1732186805000
    assert not list(tmp_path.glob("*.tmp"))


def test_consumer_stops_when_asked(recorded, tmp_path):
    consumer = FinnhubConsumer(["AAPL"], LandingWriter(tmp_path), lambda: FakeSocket(recorded[:3] * 10))
    stats = consumer.run(should_stop=lambda s: s.trades >= 6)
    assert stats.trades == 6 and stats.connections == 1
