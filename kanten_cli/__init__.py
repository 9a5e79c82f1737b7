"""kanten: a command-line fact explorer for the project "Rekruttering fra Kanten"."""

__version__ = "0.1.0"
