"""What the page shows, computed from one run of the kitchen.

Every function here is pure: it takes a :class:`kitchen.Result` (or the
scenario it came from) and returns Plotly figures, plain words or the
description of a control. Nothing here runs a simulation or imports
streamlit; ``app.py`` only lays out what these functions return.

* :mod:`views.palette` - colours, symbols and the clock format;
* :mod:`views.replay` - the kitchen's state at each frame, from the event log;
* :mod:`views.scene` - the animated kitchen floor;
* :mod:`views.legend` - kitchen words and their microservices terms;
* :mod:`views.charts` - the live charts on the run's time axis;
* :mod:`views.words` - headline figures, the run's story, strategy texts;
* :mod:`views.controls` - the sidebar's controls and presets, from the registry.
"""
