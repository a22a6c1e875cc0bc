"""Class page: publish a finished run under a display name; every published run of the current board, live,
as a chart, a summary to read aloud and a table; the lecturer's controls for a session with the lecturer key."""

import streamlit as st

from dashboard import board, lecturer, state
from dashboard.app import page_context
from dashboard.charts import chart, dark_page
from dashboard.links import join_button
from dashboard.markup import plain
from har.board.entry import NAME_MAX, POOLINGS
from har.board.figures import POOLING_KEYS
from har.board.summary import SIZE_RATIO
from har.board.table import SORT_KEYS, SORTS, filter_entries, rows, sort_entries, to_csv
from har.errors import HarError
from har.i18n import translator

ss = st.session_state
ctx = page_context()
tr = translator(ctx.lang)
LOCKED_KEYS = {"off": "board.lecturer_off", "wrong": "board.lecturer_wrong"}  # why the lecturer sees no controls

big = ss.get(state.PROJECTOR)  # the projector view: the board's chart, the question's tally and the Join code
if big:
    board_column, side = st.columns([3, 1])
    with side:
        join_button(ss, ctx, key=state.PROJECTOR_JOIN)
        lecturer.projector_question(ctx.lang)
else:
    st.title(tr("board.title"))
    st.caption(tr("board.intro"))
    st.subheader(tr("board.publish_header"))
mine = board.publishable(ss)
if not mine and not big:
    st.info(tr("board.nothing_to_publish"), icon=":material/info:")
elif not big:
    labels = {i: board.run_label(r, tr) for i, r in mine.items()}
    if ss.get(state.BOARD_RUN) not in mine:
        ss[state.BOARD_RUN] = next(iter(mine))
    c = st.columns([3, 2, 1], vertical_alignment="bottom")
    c[0].selectbox(tr("board.run"), list(mine), format_func=labels.get, key=state.BOARD_RUN, help=tr("board.run_help"))
    c[1].text_input(
        tr("board.name"), max_chars=NAME_MAX, key=state.BOARD_NAME, help=tr("board.name_help", limit=NAME_MAX)
    )
    c[2].button(
        tr("board.publish"),
        on_click=board.publish,
        args=(ss,),
        type="primary",
        icon=":material/publish:",
        help=tr("board.publish_help"),
        key=state.BOARD_PUBLISH,
    )
board.show_message(ss, ctx.lang)


def table(entries, setups):
    """Filters and a sort over the board's entries, then the table (every cell plain text)."""
    if state.BOARD_SETUPS in ss:  # a comparison can change its label when a run joins it
        ss[state.BOARD_SETUPS] = [s for s in ss[state.BOARD_SETUPS] if s in setups]
    chosen_setups = st.multiselect(
        tr("board.filter_setup"), list(setups), key=state.BOARD_SETUPS, help=tr("board.filter_setup_help")
    )
    c = st.columns(5)
    families = c[0].multiselect(
        tr("board.filter_family"), ("rnn", "cnn"), format_func=str.upper, key=state.BOARD_FAMILIES
    )
    poolings = c[1].multiselect(
        tr("board.filter_pooling"),
        (*POOLINGS, ""),
        format_func=lambda p: tr(POOLING_KEYS[p]),
        key=state.BOARD_POOLINGS,
    )
    splits = c[2].multiselect(tr("board.filter_split"), sorted({e.split for e in entries}), key=state.BOARD_SPLITS)
    text = c[3].text_input(tr("board.filter_name"), key=state.BOARD_SEARCH)
    by = c[4].selectbox(tr("board.sort"), SORTS, format_func=lambda s: tr(SORT_KEYS[s]), key=state.BOARD_SORT)
    runs = frozenset().union(*(setups[s] for s in chosen_setups if s in setups)) if chosen_setups else None
    chosen = filter_entries(
        entries, families=tuple(families), poolings=tuple(poolings), splits=tuple(splits), text=text, runs=runs
    )
    shown = rows(sort_entries(chosen, by, descending=by != "name"), ctx.lang)
    columns = {
        tr("board.col.name"): st.column_config.TextColumn(width="medium"),
        tr("board.col.params"): st.column_config.NumberColumn(format="localized"),
    }
    st.dataframe(shown, hide_index=True, column_config=columns, key="board_table")


@st.fragment(run_every=board.POLL_SECONDS)
def live_board():
    try:
        view = board.view(ss, ctx.lang, dark_page())
    except HarError as e:
        st.error(tr("board.unavailable", msg=plain(e.message(ctx.lang))), icon=":material/error:")
        return
    if not big:
        st.subheader(tr("board.header", board=plain(view.info.name)))
    if not view.entries:
        st.info(tr("board.empty"), icon=":material/hourglass_empty:")
        return
    st.caption(tr("board.count", entries=len(view.entries), runs=len({e.run_id for e in view.entries})))
    for i, (fig, said) in enumerate(view.charts):
        chart(fig, key=f"board_chart_{i}")
        for sentence in [] if big else said:  # read aloud from the lecturer's own screen
            st.markdown(plain(sentence))
    if big:
        return
    st.caption(tr("board.summary_caption", ratio=SIZE_RATIO))
    st.subheader(tr("board.table_header"))
    table(view.entries, view.setups)


if big:
    with board_column:
        live_board()
else:
    live_board()

status = board.lecturer(ss)
if status in LOCKED_KEYS:
    st.warning(tr(LOCKED_KEYS[status]), icon=":material/lock:")
elif status == "on" and not big:
    lecturer.panel(ss, ctx)
    with st.expander(tr("board.lecturer_header"), icon=":material/school:"):
        try:
            current = board.view(ss, ctx.lang)
        except HarError as e:
            st.error(plain(e.message(ctx.lang)), icon=":material/error:")
        else:
            st.download_button(
                tr("board.export"),
                to_csv(current.entries),
                file_name=f"board-{current.info.name}.csv",
                mime="text/csv",
                help=tr("board.export_help"),
                icon=":material/table:",
                key=state.BOARD_EXPORT,
            )
            st.text_input(tr("board.new_name"), key=state.BOARD_NEW_NAME, help=tr("board.new_name_help"))
            st.button(tr("board.new"), on_click=board.new_board, args=(ss,), key=state.BOARD_NEW)
            sure = st.checkbox(tr("board.clear_confirm", entries=len(current.entries)), key=state.BOARD_CLEAR_CONFIRM)
            st.button(
                tr("board.clear"), on_click=board.clear_board, args=(ss,), disabled=not sure, key=state.BOARD_CLEAR
            )
