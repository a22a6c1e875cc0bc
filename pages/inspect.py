"""Inside page: one clip, both trained models, frame by frame; break the clip and watch both models answer."""

import streamlit as st

from dashboard.app import page_context
from dashboard.inspect import inspector

inspector(st.session_state, page_context())
