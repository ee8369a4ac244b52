"""Market data ingestion: the Finnhub trade stream and Alpha Vantage history."""
