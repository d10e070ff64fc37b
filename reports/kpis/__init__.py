"""The KPI engine: arithmetic, scopes, aggregate queries, tallies, charts and the dashboard."""
