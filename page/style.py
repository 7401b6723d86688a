"""Fixed style sheets for the presenter view and for reduced motion.

Only the constant CSS below is ever sent as markup; no text a user typed or
a link carried is rendered as HTML anywhere on the page.
"""

from __future__ import annotations

import streamlit as st

PRESENTER = """
<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"],
button[data-testid="stExpandSidebarButton"] { display: none; }
html, .stApp { font-size: 22px; }
div[data-testid="stMetricValue"] { font-size: 2.6rem; }
div[data-testid="stMetricLabel"] p { font-size: 1.2rem; }
.block-container { padding-top: 1.2rem; max-width: 100%; }
</style>
"""
"""Large type, no sidebar: the scene and the charts fill the projector."""

STILL = """
<style>
*, *::before, *::after {
  animation-duration: 0s !important; transition-duration: 0s !important;
  scroll-behavior: auto !important;
}
</style>
"""
"""No page animation at all, for viewers who asked for reduced motion."""

QUIET = """
<style>
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after {
    animation-duration: 0s !important; transition-duration: 0s !important;
  }
}
</style>
"""
"""Honour the browser's own reduced-motion setting in any case."""


def apply(presenter: bool, reduced_motion: bool) -> None:
    """Send the style sheets this run needs."""
    sheets = (
        QUIET + (PRESENTER if presenter else "") + (STILL if reduced_motion else "")
    )
    st.html(sheets)
