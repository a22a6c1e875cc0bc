"""The teaching lab: studies that answer the exercise's questions with evidence, not one run (seeds, size,
pooling, frame order, leakage: one module each in har/lab/studies, found by har.lab.registry), with share
links, a generated discussion and saved weights."""

from har.lab.core import Inputs, Progress, Study, Table, TrialResult
from har.lab.failures import clip, failures
from har.schedule import Trial
from har.share import SETUPS, LabSetup, decode, encode, preset_setup, query_string

__all__ = [
    "SETUPS",
    "Inputs",
    "LabSetup",
    "Progress",
    "Study",
    "Table",
    "Trial",
    "TrialResult",
    "clip",
    "decode",
    "encode",
    "failures",
    "preset_setup",
    "query_string",
]
