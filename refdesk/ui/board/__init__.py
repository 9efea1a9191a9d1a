"""The contact board: lanes by readiness level, a table, the day's agenda, details."""
