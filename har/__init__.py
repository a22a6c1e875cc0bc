"""RNN vs CNN for human action recognition on UCF11 frame features: data, models, training, metrics.

The library behind the dashboard; usable on its own from a notebook or `python -m har`.
It never imports streamlit.
"""

__version__ = "0.1.0"
