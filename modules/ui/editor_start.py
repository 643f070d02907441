"""Where a draft begins: the author's saved workshops, a shipped one, a blank one, a file."""

from __future__ import annotations

import streamlit as st

from modules.authoring import draft as ops
from modules.authoring import library
from modules.authoring.document import DocumentError, document_of, from_yaml, self_contained
from modules.authoring.limits import LimitError
from modules.i18n import Lang, t
from modules.ui import editor_draft as ed
from modules.ui import state

__all__ = ["start_panel"]


def start_panel(author, lang: Lang) -> None:
    store, catalog = state.store(), state.catalog()
    mine, start = st.columns(2, gap="large")
    with mine:
        st.subheader(t(lang, "editor_mine"))
        saved = library.mine(store, author, catalog)
        if not saved:
            st.caption(t(lang, "editor_mine_none"))
        for item in saved:
            workshop = item.workshop
            row = t(
                lang,
                "editor_mine_row",
                title=workshop.title(lang),
                version=item.version,
                steps=len(workshop.steps),
                minutes=f"{workshop.minutes:g}",
            )
            with st.container(border=True):
                st.text(row)
                edit, delete = st.columns(2)
                if edit.button(t(lang, "editor_open"), key=f"open-{workshop.id}", width="stretch"):
                    ed.load(item.saved.document, {"id": workshop.id, "version": item.version})
                    st.rerun()
                if delete.button(
                    t(lang, "editor_delete"),
                    key=f"delete-{workshop.id}",
                    width="stretch",
                    help=t(lang, "editor_delete_confirm"),
                ):
                    library.delete(store, author, workshop.id)
                    state.flash("editor_deleted")
                    st.rerun()
    with start:
        st.subheader(t(lang, "editor_start_heading"))
        shipped = st.selectbox(
            t(lang, "editor_from_shipped"),
            list(catalog.workshops),
            format_func=lambda w: catalog.workshops[w].title(lang),
            key="editor-shipped",
        )
        if st.button(t(lang, "editor_from_shipped_button"), key="editor-copy"):
            ed.load(document_of(catalog, catalog.workshops[shipped]), {})
            st.rerun()
        if st.button(t(lang, "editor_blank"), key="editor-blank"):
            ed.load(ops.blank_document("my-workshop"), {})
            st.rerun()
        upload = st.file_uploader(
            t(lang, "editor_upload"),
            type=["yaml", "yml"],
            help=t(lang, "editor_upload_help"),
            key="editor-upload",
        )
        if upload is not None and st.button(
            t(lang, "editor_upload_button"), key="editor-open-file"
        ):
            try:
                document = from_yaml(upload.getvalue())
            except LimitError as too_big:
                st.error(
                    t(
                        lang,
                        "editor_upload_refused",
                        reason=t(lang, f"authoring_{too_big.key}", **too_big.values),
                    )
                )
                return
            except DocumentError as refused:
                st.error(t(lang, "editor_upload_refused", reason=str(refused)))
                return
            ed.load(self_contained(document, catalog), {})
            st.rerun()
