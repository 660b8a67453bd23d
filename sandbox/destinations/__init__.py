"""Destination SDK: configurations, the Pebble-compatible template engine, aggregation, export rules."""
