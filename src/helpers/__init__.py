"""Helpers behind the grassroots-indicators notebooks: cleaning, extraction, analysis, charts, batch runs."""

__version__ = "0.1.0"
