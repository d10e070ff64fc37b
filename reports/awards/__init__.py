"""Emulation nominations (thi đua) and the year review (sơ kết)."""
