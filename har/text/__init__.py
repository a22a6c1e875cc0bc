"""Text catalogs, one module per part of the app (see har/i18n.py)."""
