"""A class on one server: many sessions at once, measured from outside.

``make load`` starts the app with Streamlit as a host would, then plays a
class: a hundred students open the teacher's link over a few seconds, each
moves a few controls (some to values the whole class picks, some to values
only they pick), while one more student in headless Chromium drags a slider
and checks the charts follow. The students speak Streamlit's own websocket
protocol, as the browser does, so each rerun is timed from the message that
asks for it to the message that says it finished.

It prints sessions that failed (and why), rerun times by kind, and the
server's memory before, at its peak, as the class leaves and once the
server has forgotten the class's runs. ``--classes 2`` sends a second class
to the same server, which shows whether the memory kept after the first is
reused or keeps growing. Nothing here is a unit test: it is a measurement,
and it fails only if a session did.
"""
