"""RNN vs CNN for human action recognition on UCF11 frame features: data, models, training, metrics.
The library behind the dashboard, usable on its own (a notebook, `python -m har`); it never imports streamlit."""

__version__ = "0.1.0"
