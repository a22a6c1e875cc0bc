"""The run store: every run the server (or `har train --store`) trained, with its trained models and whose it
is, in one SQLite file in the data folder, so a reload or a restart loses nothing and one setup trains once."""

from har.store.key import content_key, dtype_name
from har.store.runstore import CLI_IDENTITY, Quota, RunStore, default_path, owner_of, store_at

__all__ = ["CLI_IDENTITY", "Quota", "RunStore", "content_key", "default_path", "dtype_name", "owner_of", "store_at"]
