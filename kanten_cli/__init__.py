"""kanten: a command-line fact explorer for the project "Rekruttering fra kanten"."""

__version__ = "0.1.0"
