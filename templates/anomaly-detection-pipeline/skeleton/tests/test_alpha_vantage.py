import json
from datetime import datetime
from urllib.parse import parse_qs, urlparse

import pytest

from ${{ values.packageName }}.ingest.alpha_vantage import (
    DAILY_ADJUSTED,
    INTRADAY,
    AlphaVantageClient,
    AlphaVantageError,
    AlphaVantageRateLimited,
    build_url,
    parse_response,
)


def load(fixtures, name):
    return json.loads((fixtures / name).read_text())


def test_builds_daily_and_intraday_urls():
    daily = parse_qs(urlparse(build_url(DAILY_ADJUSTED, "IBM", "k3y")).query)
    assert daily == {"function": [DAILY_ADJUSTED], "symbol": ["IBM"], "outputsize": ["compact"], "datatype": ["json"], "apikey": ["k3y"]}
    intraday = parse_qs(urlparse(build_url(INTRADAY, "BRK.B", "k3y", interval="5min", outputsize="full")).query)
    assert intraday["interval"] == ["5min"] and intraday["outputsize"] == ["full"]


@pytest.mark.parametrize(
    "args, message",
    [
        ((INTRADAY, "IBM", "k"), "interval"),
        (("TIME_SERIES_WEEKLY", "IBM", "k"), "unsupported series"),
        ((DAILY_ADJUSTED, "IBM&apikey=x", "k"), "invalid symbol"),
        ((DAILY_ADJUSTED, "IBM", ""), "API key"),
    ],
)
def test_refuses_bad_requests(args, message):
    with pytest.raises(ValueError, match=message):
        build_url(*args)


def test_parses_daily_adjusted_oldest_first(fixtures):
    bars = parse_response(load(fixtures, "alpha_vantage_daily_adjusted.json"), DAILY_ADJUSTED)
    assert [b.timestamp for b in bars] == [datetime(2024, 11, 12), datetime(2024, 11, 21), datetime(2024, 11, 22)]
    dividend_day = bars[0]
    assert (dividend_day.symbol, dividend_day.close, dividend_day.adjusted_close, dividend_day.dividend) == ("IBM", 210.86, 209.19, 1.67)
    assert bars[-1].volume == 5386128


def test_parses_intraday_with_its_interval(fixtures):
    bars = parse_response(load(fixtures, "alpha_vantage_intraday_5min.json"), INTRADAY)
    assert [b.timestamp.minute for b in bars] == [50, 55]
    assert bars[1].interval == "5min" and bars[1].volume == 146 and bars[1].adjusted_close is None


@pytest.mark.parametrize("name", ["alpha_vantage_rate_limit_note.json", "alpha_vantage_information.json"])
def test_detects_rate_limit_answers(fixtures, name):
    with pytest.raises(AlphaVantageRateLimited, match="rate limit|call frequency"):
        parse_response(load(fixtures, name), DAILY_ADJUSTED)


def test_reports_error_answers(fixtures):
    with pytest.raises(AlphaVantageError, match="Invalid API call") as caught:
        parse_response(load(fixtures, "alpha_vantage_error.json"), DAILY_ADJUSTED)
    assert not isinstance(caught.value, AlphaVantageRateLimited)


def test_client_waits_out_a_rate_limit_then_gives_up(fixtures):
    note, daily = load(fixtures, "alpha_vantage_rate_limit_note.json"), load(fixtures, "alpha_vantage_daily_adjusted.json")
    answers, sleeps = [note, daily], []
    client = AlphaVantageClient("k", get=lambda url: answers.pop(0), sleep=sleeps.append, rate_limit_wait_seconds=61)
    assert len(client.series(DAILY_ADJUSTED, "IBM")) == 3 and sleeps == [61]
    stubborn = AlphaVantageClient("k", get=lambda url: note, sleep=sleeps.append, max_rate_limit_retries=1)
    with pytest.raises(AlphaVantageRateLimited):
        stubborn.series(DAILY_ADJUSTED, "IBM")
