"""Each page's frame: its language on ``<html lang>``, and the look its screen needs.

- every page: no empty header band (Streamlit's bar holds nothing here), no English "Press
  Enter to submit form" under text boxes, ``<html lang>`` the page's language (screen readers
  and hyphenation read it);
- phone: every tap target at least 44 px (WCAG 2.5.5), the send button kept in view;
- projector: the page fits the screen, the chart takes the height the text leaves
  (``.st-key-chart`` grows in a column as tall as the viewport), sizes follow the viewport;
- console: the wide presenter layout, and the projector's thumbnail drawn at 1280 × 720 then
  scaled down, so it is the projector's very layout;
- results: full page width, and print styles (one step per page).
"""

from __future__ import annotations

import json
from typing import Literal

import streamlit as st

from modules.i18n import Lang

__all__ = ["Role", "frame", "script"]

Role = Literal["phone", "projector", "console", "results", "plain"]

_EVERY_PAGE = """
header[data-testid="stHeader"]{display:none}
[data-testid="stElementContainer"]:has(.ws-script){display:none}
[data-testid="stElementContainer"]:has(.ws-fullscreen){position:absolute;width:0;height:0}
[data-testid="InputInstructions"]{display:none}
[data-testid="stMainBlockContainer"]{padding-top:1rem}
"""

_PHONE = """
[data-testid="stMainBlockContainer"]{padding:.75rem 1rem 1rem}
label[data-testid="stRadioOption"],[data-testid="stCheckbox"] label{min-height:44px;
display:flex;align-items:center}
[data-testid="stSlider"] div:has(>div>input[type="range"]){width:44px !important;
height:44px !important;border:15px solid transparent;background-clip:padding-box;
box-sizing:border-box}
[data-testid="stNumberInput"] input{min-height:44px}
[data-testid="stNumberInput"] button{min-width:44px;min-height:44px}
[data-testid="stTextInput"] input,[data-testid="stSelectbox"] [role="group"],
[data-testid="stSelectbox"] [role="group"] input{min-height:44px}
[data-testid="stSelectbox"] [role="group"] button{min-width:44px;min-height:44px}
[data-testid="stHeaderActionElements"]{display:none}
[role="listbox"] [role="option"]{min-height:44px}
[data-testid="stBaseButton-primary"],[data-testid="stBaseButton-secondary"],
[data-testid="stBaseButton-primaryFormSubmit"],[data-testid="stBaseButton-secondaryFormSubmit"]
{min-height:48px}
[data-testid="stButtonGroup"] button{min-height:44px;min-width:48px}
[data-testid="stElementContainer"]:has(>[data-testid="stFormSubmitButton"]),
[data-testid="stElementContainer"]:has(>div>[data-testid="stFormSubmitButton"]){position:sticky;
bottom:0;z-index:5;background:#fff;padding:.5rem 0 .6rem;margin-bottom:-.6rem;
box-shadow:0 -6px 8px -6px rgba(0,0,0,.18)}
"""

_PROJECTOR = """
:root{--vh:1vh;--vw:1vw}
[data-stale="true"]{opacity:1 !important;transition:none !important}
[data-testid="stMainBlockContainer"]{padding:calc(var(--vh)*2) calc(var(--vw)*2) 0 !important;
max-width:100% !important}
[data-testid="stMain"]{overflow:hidden}
.ws-fullscreen{position:fixed;right:.6rem;bottom:.6rem;z-index:20;font-size:.9rem;opacity:0;
border:1px solid #777;border-radius:.4rem;background:#fff;color:#111;padding:.3rem .6rem;
cursor:pointer;transition:opacity .3s}
html.ws-pointer .ws-fullscreen{opacity:.85}
.ws-fullscreen:hover,.ws-fullscreen:focus{opacity:1}
html:fullscreen .ws-fullscreen{display:none}
"""

_STAGE = """
[data-testid="stLayoutWrapper"]:has(>.st-key-projector-stage){height:calc(100vh - 4vh) !important}
.st-key-projector-stage:has(.st-key-join-qr){justify-content:center}
.st-key-projector-stage{height:100% !important;display:flex;
flex-direction:column;gap:calc(var(--vh)*1) !important;overflow:hidden}
[data-testid="stLayoutWrapper"]:has(>.st-key-projector-chart){flex:1 1 0 !important;
min-height:0 !important}
.st-key-projector-chart{height:100% !important}
.st-key-projector-chart [data-testid="stElementContainer"]{flex:1 1 0 !important;min-height:0;
height:100%}
[data-testid="stLayoutWrapper"]:has(>.st-key-projector-board),.st-key-projector-board{
height:100%;min-height:0}
.st-key-projector-board>[data-testid="stLayoutWrapper"]{flex:1 1 0 !important;min-height:0}
.st-key-projector-board [data-testid="stHorizontalBlock"],
.st-key-projector-board [data-testid="stColumn"],
.st-key-projector-board [data-testid="stColumn"]>[data-testid="stVerticalBlock"]{height:100%;
min-height:0}
.st-key-projector-board [data-testid="stColumn"]{overflow:hidden}
.st-key-projector-board [data-testid="stColumn"]:last-child [data-testid="stElementContainer"]{
flex:0 1 auto !important;height:auto}
.ws-title{font-size:calc(var(--vh)*4.6);font-weight:800;line-height:1.12;color:#111;
display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.ws-prompt{font-size:calc(var(--vh)*2.9);line-height:1.25;color:#222;margin-top:.2em;
display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.ws-status{font-size:calc(var(--vh)*3.1);font-weight:700;color:#0072B2;line-height:1.2}
.ws-note{font-size:calc(var(--vh)*3.6);color:#333;line-height:1.3;margin-top:calc(var(--vh)*4)}
.ws-code-small{font-size:calc(var(--vh)*2.8);font-weight:800;letter-spacing:.12em;color:#111;
text-align:center}
.ws-corner img{width:calc(var(--vh)*15) !important;height:auto !important}
.ws-corner .ws-timer-large{font-size:calc(var(--vh)*5.5)}
.ws-join-at{font-size:calc(var(--vh)*3.4);color:#111;line-height:1.3}
.ws-join-url{font-size:calc(var(--vh)*3.8);font-weight:700;color:#111;word-break:break-all}
.ws-join-code{font-size:min(calc(var(--vh)*15),calc(var(--vw)*9.5));font-weight:800;
letter-spacing:.12em;color:#111;line-height:1.1}
.ws-join-title{font-size:calc(var(--vh)*4.2);font-weight:800;color:#111;line-height:1.15}
.ws-join-count{font-size:calc(var(--vh)*3.6);font-weight:700;color:#0072B2}
.st-key-join-qr img{width:min(calc(var(--vh)*78),calc(var(--vw)*40))
!important;height:auto !important}
"""

_CONSOLE = """
[data-testid="stMainBlockContainer"]{padding:.8rem 2rem 2rem !important;max-width:100% !important}
h1{font-size:1.6rem !important;padding:0 !important}
.st-key-thumb-frame{width:484px;height:274px;overflow:hidden;border:2px solid #111;
border-radius:4px;background:#fff;flex:none}
.st-key-thumb-frame iframe{width:1280px !important;height:720px !important;
max-width:none !important;
transform:scale(.375);transform-origin:0 0;pointer-events:none;border:0}
@media (max-width:1300px){.st-key-thumb-frame{width:420px;height:238px}
.st-key-thumb-frame iframe{transform:scale(.325)}}
.ws-shows{font-weight:700}
[data-testid="stMetricValue"]{font-size:1.7rem !important;line-height:1.15}
[data-testid="stMetric"] label{margin-bottom:0}
"""

_RESULTS = """
[data-testid="stMainBlockContainer"]{max-width:1200px !important;padding:1rem 2rem 3rem !important}
.ws-print{font-size:1rem;padding:.45rem .9rem;border:1px solid #0072B2;border-radius:.5rem;
background:#fff;color:#0072B2;cursor:pointer;min-height:44px}
[class*="st-key-results-step-"]{padding-top:1.2rem;border-top:1px solid #ddd}
@media print{
  @page{size:A4 landscape;margin:10mm}
  .ws-no-print,[data-testid="stButtonGroup"],[data-testid="stDownloadButton"],
  [data-testid="stTabs"] [role="tablist"],[data-testid="stToolbar"],
  [data-testid="stElementToolbar"],[data-testid="stMarkdown"]:has(a[href*="console"])
  {display:none !important}
  [data-testid="stMainBlockContainer"]{padding:0 !important;max-width:100% !important}
  [class*="st-key-results-step-"]{break-before:page;break-inside:avoid;border-top:none;
  padding-top:0}
  .st-key-results-step-0{break-before:auto}
}
"""

_CSS: dict[str, str] = {
    "phone": _PHONE,
    "projector": _PROJECTOR + _STAGE,
    "console": _CONSOLE,
    "results": _RESULTS,
    "plain": "",
}


def frame(lang: Lang, role: Role) -> None:
    """Set the page's language and look; call once, early in the page."""
    # One element for both (a phone redraws it on every step change): hidden by its marker,
    # its styles apply all the same.
    st.html(
        f'<span class="ws-script"></span><style>{_EVERY_PAGE + _CSS[role]}</style>'
        f"<script>document.documentElement.lang={json.dumps(lang)};</script>",
        unsafe_allow_javascript=True,
    )
    if role not in ("phone", "projector"):  # a screen the room sees never writes a key
        from modules.ui import keyring

        keyring.write_cookies()


def script(code: str) -> None:
    """Run ``code`` in the page, in an element that takes no room in the layout."""
    st.html(f'<span class="ws-script"></span><script>{code}</script>', unsafe_allow_javascript=True)
